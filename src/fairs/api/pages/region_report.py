"""The report page's region part: the region's districts side by side with the region's totals (persons
counted once across its districts), and the link to the region's workbook."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fairs.services.report import SUMMARY_FIGURES, Choice, RegionReport, definition_label


@dataclass
class RegionRow:
    """One line of the table: a figure (or a direction's persons referred), per district and in all."""

    key: str  # the figure's name, or `direction_persons`
    label: str
    values: list  # one per district, in the order of the columns
    total: int | float | None
    direction: str = ""  # the direction's code for a direction's row
    rate: bool = False


def region_rows(region: RegionReport) -> list[RegionRow]:
    """The figures of the report, then persons referred per direction (directions with any)."""
    rows = [
        RegionRow(
            key,
            definition_label(key),
            [getattr(one, key) for one in region.districts],
            getattr(region.total, key),
            rate=key == "redemption_rate",
        )
        for key in SUMMARY_FIGURES
    ]
    for position, row in enumerate(region.total.directions):
        values = [one.directions[position].persons for one in region.districts]
        if row.persons or any(values):
            rows.append(RegionRow("direction_persons", row.name, values, row.persons, direction=row.code))
    return rows


def region_context(region: RegionReport, choice: Choice, locale: str) -> dict:
    """What the page's region section shows (nothing for one district)."""
    if not region.districts:
        return {"region": None}
    export = {"from": choice.period.start.isoformat(), "to": choice.period.end.isoformat(), "lang": locale}
    return {
        "region": region,
        "region_rows": region_rows(region),
        "region_export_url": "/exports/region.xlsx?" + urlencode(export),
    }
