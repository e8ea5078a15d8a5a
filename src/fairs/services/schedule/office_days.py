"""Office days: the record a district's coupons issued between fairs are counted by.

A coupon is always made at a fair and a booth (the tally counts every record by the date of the fair at
which it was made). A coupon issued between fairs is made at the district's office day of its date (a
`fair` row of kind `between`) and the booth of the issuing organisation there; both are made by the first
such coupon of the day. An office day is no fair: every list, calendar and count of fairs leaves it out
(`real_fairs`).
"""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import ColumnElement
from sqlmodel import Session, select

from fairs.db import insert_unless_taken
from fairs.errors import Conflict
from fairs.i18n import _
from fairs.models import Booth, Fair, FairKind, FairStatus, utcnow
from fairs.services.schedule.calendar import is_working_day
from fairs.services.schedule.closed_days import closed_days_of

_fair, _booth = Fair.__table__, Booth.__table__


def real_fairs(kind: ColumnElement[str] = _fair.c.kind) -> ColumnElement[bool]:
    """The condition that keeps office days out of a query on fairs (`kind` is the fair's kind column)."""
    return kind == FairKind.fair.value


def is_office_day(fair: Fair) -> bool:
    """Whether `fair` is an office day (coupons between fairs), not a fair."""
    return fair.kind == FairKind.between


def ensure_working_day(session: Session, *, district_id: int, day: date) -> None:
    """Refuse (409 `not_working_day`) a weekend, a public holiday or one of the district's closed days."""
    closed = closed_days_of(session, [district_id], start=day, end=day)[district_id]
    if not is_working_day(day, closed):
        raise Conflict(
            _(
                "%(day)s is not a working day of the district: coupons between fairs are issued on "
                "working days."
            )
            % {"day": day.strftime("%d.%m.%Y")},
            code="not_working_day",
        )


def office_day_booth_id(session: Session, *, district_id: int, day: date, organisation_id: int) -> int:
    """The id of the booth of `organisation_id` at the district's office day of `day`, each made if it is
    not there.

    `ON CONFLICT DO NOTHING`: two coupons issued at the same moment make one office day and one booth."""
    fair_id = _made_or_found(
        session,
        _fair,
        ("district_id", "date", "kind"),
        {
            "district_id": district_id,
            "date": day,
            "kind": FairKind.between.value,
            "venue": "",
            "starts_at": time(9, 0),
            "ends_at": time(18, 0),
            "status": FairStatus.open.value,
            "opened_at": utcnow(),
            "cancel_reason": "",
        },
    )
    return _made_or_found(
        session,
        _booth,
        ("fair_id", "organisation_id"),
        {"fair_id": fair_id, "organisation_id": organisation_id, "staff": ""},
    )


def _made_or_found(session: Session, table, unique: tuple[str, ...], values: dict) -> int:  # noqa: ANN001
    made = insert_unless_taken(session, table, unique).run(session, values).first()
    if made is not None:
        return made.id
    key = [table.c[name] == values[name] for name in unique]
    return session.execute(select(table.c.id).where(*key)).scalar_one()
