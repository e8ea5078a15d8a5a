"""A district's report settings: what its committee workbook carries besides the numbers.

The heading names the district in the genitive («Солигорского района»), the page header and the document's
creator name the body («УИИ Солигорского РОВД»), the end of the summary the executor (name, position,
phone) and the head who signs. These are the district's staff, never a client. Unset fields fall back to
the district's name as it is and to blank lines left for handwriting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from sqlmodel import Session

from fairs.errors import Invalid
from fairs.i18n import _
from fairs.models import District, ReportSettings, User, utcnow
from fairs.services import audit
from fairs.services.report.results import TallyScope
from fairs.services.scope import ensure_organiser_of, home_district

FIELDS = (
    "district_genitive",
    "body_name",
    "executor_name",
    "executor_position",
    "executor_phone",
    "head_position",
    "head_name",
)
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
PHONE_RE = re.compile(r"[0-9+()\-–. ]*(?:(?:доб|ext)\.? ?[0-9]+)?", re.IGNORECASE)


@dataclass(frozen=True)
class Letterhead:
    """What the workbook puts around the numbers of one scope (the settings, or their defaults)."""

    district_name: str  # as it is: page headers and the file name
    district_genitive: str  # the heading's «… Солигорского района»; the name as it is when unset
    body_name: str = ""
    executor_name: str = ""
    executor_position: str = ""
    executor_phone: str = ""
    head_position: str = ""
    head_name: str = ""


def _clean(value: str) -> str:
    """One line: control characters dropped, runs of spaces made one."""
    return " ".join(CONTROL_RE.sub(" ", value or "").split())


def _limit(name: str) -> int:
    return ReportSettings.model_fields[name].metadata[0].max_length


def report_settings(session: Session, *, actor: User) -> ReportSettings:
    """The report settings of the organiser's district (blank, unsaved, when none are set yet)."""
    district_id = home_district(actor)
    ensure_organiser_of(actor, district_id)
    return session.get(ReportSettings, district_id) or ReportSettings(district_id=district_id)


def set_report_settings(session: Session, *, actor: User, values: dict[str, str]) -> ReportSettings:
    """Set the report settings of the organiser's district (audited with the names of the fields changed)."""
    settings = report_settings(session, actor=actor)
    cleaned = {name: _clean(values.get(name, "")) for name in FIELDS}
    for name, value in cleaned.items():
        if len(value) > _limit(name):
            raise Invalid(
                _("This is too long: at most %(limit)s characters.") % {"limit": _limit(name)},
                code="too_long",
                field=name,
            )
    if not PHONE_RE.fullmatch(cleaned["executor_phone"]):
        raise Invalid(
            _("A phone number holds digits, spaces, +, - and brackets only."),
            code="invalid_phone",
            field="executor_phone",
        )
    changed = [name for name in FIELDS if getattr(settings, name) != cleaned[name]]
    for name in FIELDS:
        setattr(settings, name, cleaned[name])
    settings.updated_at = utcnow()
    session.add(settings)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="update",
        entity="report_settings",
        entity_id=settings.district_id,
        district_id=settings.district_id,
        details={"fields": changed},  # names only: the values are people's names and phones
    )
    return settings


def letterhead(session: Session, *, scope: TallyScope) -> Letterhead:
    """What the workbook of `scope` carries: one district's settings, or (a region) the defaults."""
    if len(scope.district_ids) != 1:
        return Letterhead(district_name=scope.title, district_genitive=scope.title)
    district = session.get(District, scope.district_ids[0])
    name = district.name if district else scope.title
    settings = session.get(ReportSettings, scope.district_ids[0])
    if settings is None:
        return Letterhead(district_name=name, district_genitive=name)
    values = {f.name: getattr(settings, f.name) for f in fields(Letterhead) if f.name in FIELDS}
    values["district_genitive"] = settings.district_genitive or name
    return Letterhead(district_name=name, **values)
