"""The Belarusian catalogue is complete: every msgid of the code and templates has a Belarusian msgstr with
the same placeholders (and three plural forms, the rule Russian has), written in Belarusian letters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from fairs import i18n

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "fairs" / "locale"
# %(name)s and %(count)d, {n} (texts for the browser's code check), HTML tags, Excel's &P and &N.
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}|</?[a-z]+[^>]*>|&[PN]")
# Letters of Russian that Belarusian spelling does not have (Belarusian writes і, ў, ’ instead).
RUSSIAN_ONLY = re.compile(r"[иИщЩъЪ]")


def _catalogue(locale: str):  # noqa: ANN202
    with (LOCALE / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=locale)


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _key(value):  # noqa: ANN001, ANN202
    """Plural messages come as lists from .mo files and tuples from .po files."""
    return tuple(value) if isinstance(value, list | tuple) else value


def _messages(locale: str) -> list:
    return [m for m in _catalogue(locale) if m.id]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """A fresh extraction of src/ with babel.cfg (as `make i18n` does)."""
    pot = tmp_path_factory.mktemp("i18n-be") / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-o", str(pot), str(ROOT / "src")]
    )
    with pot.open("rb") as f:
        return read_po(f)


def test_belarusian_is_offered() -> None:
    assert i18n.LOCALES == ("ru", "en", "be")
    assert i18n.LANGUAGE_NAMES["be"] == "Беларуская"


def test_every_msgid_of_the_code_has_a_belarusian_msgstr(extracted) -> None:  # noqa: ANN001
    wanted = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in extracted if m.id}
    belarusian = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in _messages("be")}
    missing = wanted - set(belarusian)
    assert missing == set(), f"run `make i18n` and translate into be: {sorted(missing, key=str)}"
    empty = [
        m.id
        for key, m in belarusian.items()
        if key in wanted and (m.fuzzy or not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    assert empty == []


def test_belarusian_keeps_every_placeholder() -> None:
    wrong = []
    for m in _messages("be"):
        if isinstance(m.id, tuple):
            singular, plural = m.id
            assert len(m.string) == 3, m.id  # one, few, many
            # The "one" form may spell the number out; the others carry the plural's placeholders.
            if set(_placeholders(m.string[0])) - set(_placeholders(singular) + _placeholders(plural)):
                wrong.append((m.id, m.string[0]))
            wrong += [(m.id, form) for form in m.string[1:] if _placeholders(form) != _placeholders(plural)]
        elif _placeholders(m.string) != _placeholders(m.id):
            wrong.append((m.id, m.string))
    assert wrong == []


def test_belarusian_is_written_in_belarusian_letters() -> None:
    texts = [m.string if isinstance(m.string, str) else " ".join(m.string) for m in _messages("be")]
    assert [t for t in texts if RUSSIAN_ONLY.search(t)] == []
    joined = " ".join(texts)
    assert "і" in joined and "ў" in joined
    russian = {m.id: m.string for m in _messages("ru") if isinstance(m.id, str)}
    same = [
        m.id
        for m in _messages("be")
        if isinstance(m.id, str) and len(m.id) > 30 and m.string == russian[m.id]
    ]
    assert same == []  # no sentence left in Russian


def test_plural_rule_is_the_russian_one() -> None:
    assert _catalogue("be").plural_expr == _catalogue("ru").plural_expr
    assert _catalogue("be").num_plurals == 3


def test_compiled_belarusian_matches_the_po() -> None:
    with (LOCALE / "be" / "LC_MESSAGES" / "messages.mo").open("rb") as f:
        compiled = {
            (m.context.decode() if isinstance(m.context, bytes) else m.context, _key(m.id)): _key(m.string)
            for m in read_mo(f)
            if m.id
        }
    source = {(m.context, _key(m.id)): _key(m.string) for m in _messages("be")}
    assert compiled == source, "run `pybabel compile -d src/fairs/locale`"
    assert i18n.translations("be").gettext("Referral coupon") == "Талон-накіраванне"
    assert (
        i18n.translations("be").ngettext("%(count)s day left", "%(count)s days left", 3)
        == "засталося %(count)s дні"
    )
