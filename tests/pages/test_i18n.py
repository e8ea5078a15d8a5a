"""The Russian catalogue is complete, covers every _() string of the code and templates, and is compiled."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "fairs" / "locale"


def _catalogue(locale: str):  # noqa: ANN202
    with (LOCALE / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=locale)


def _keys(catalogue) -> set[tuple[str | None, str]]:  # noqa: ANN001
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalogue if m.id}


def _text(value: str | bytes | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


def test_every_russian_msgid_is_translated() -> None:
    untranslated = [
        m.id
        for m in _catalogue("ru")
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
    ]
    assert untranslated == []


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """A fresh extraction of src/ with babel.cfg (as `make i18n` does)."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-o", str(pot), str(ROOT / "src")]
    )
    with pot.open("rb") as f:
        return read_po(f)


def test_catalogue_covers_every_string_of_the_code(extracted) -> None:  # noqa: ANN001
    wanted = _keys(extracted)
    assert (None, "Referral coupon") in wanted  # templates are extracted too
    assert ("coupon", "cancelled") in wanted  # and contexts
    for locale in ("ru", "en"):
        missing = wanted - _keys(_catalogue(locale))
        assert missing == set(), f"{locale}: run `make i18n` and translate: {sorted(missing, key=str)}"


def _key(value):  # noqa: ANN001, ANN202
    """Plural messages come as lists from .mo files and tuples from .po files."""
    return tuple(value) if isinstance(value, list | tuple) else value


def test_compiled_catalogue_matches_the_po() -> None:
    with (LOCALE / "ru" / "LC_MESSAGES" / "messages.mo").open("rb") as f:
        # read_mo gives contexts as bytes
        compiled = {(_text(m.context), _key(m.id)): _key(m.string) for m in read_mo(f) if m.id}
    source = {(m.context, _key(m.id)): _key(m.string) for m in _catalogue("ru") if m.id}
    assert compiled == source, "run `pybabel compile -d src/fairs/locale`"
    assert (LOCALE / "en" / "LC_MESSAGES" / "messages.mo").is_file()
