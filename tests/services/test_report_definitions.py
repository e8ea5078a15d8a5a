"""docs/report.md carries every definition of the report, in English and in Russian, as the catalogue does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fairs import i18n
from fairs.services.report.definitions import DEFINITIONS, FAIR_DATE_RULE

DOC = Path(__file__).resolve().parents[2] / "docs" / "report.md"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_every_definition_is_in_docs_report_md(locale: str) -> None:
    doc = _flat(DOC.read_text(encoding="utf-8"))
    translate = i18n.translations(locale).gettext
    texts = [FAIR_DATE_RULE] + [d.label for d in DEFINITIONS] + [d.text for d in DEFINITIONS]
    absent = [translate(text) for text in texts if _flat(translate(text)) not in doc]
    assert absent == []


def test_russian_definitions_are_translated() -> None:
    translate = i18n.translations("ru").gettext
    untranslated = [
        d.key for d in DEFINITIONS if translate(d.text) == d.text or translate(d.label) == d.label
    ]
    assert untranslated == []
    assert translate("Persons referred to services") == "Перенаправлены на получение услуг (человек)"
    assert translate("Fairs held") == "Проведено ярмарок"
