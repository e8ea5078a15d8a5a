"""The lock of a submitted period: records dated in a month or quarter that a district has submitted to the
committee are not created, changed or annulled until the committee (or an admin) reopens it.

Which day counts (docs/report.md): the fair's date for visits, consultations and coupons issued at a fair
(bound blanks and cancellations too), the redemption day for a redemption (and its annulment), the outcome
day for an outcome, the contact day for a follow-up contact. Kept here, beside `scope.py`, because the
coupon and client services call it and the report package (which submits) reads coupons: no import cycle.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from fairs.clock import local_today, to_local
from fairs.errors import Conflict
from fairs.i18n import _
from fairs.models import PeriodSubmission, User


def submission_covering(session: Session, *, district_id: int, day: date) -> PeriodSubmission | None:
    """The current (not reopened) submission of `district_id` whose period holds `day`, if any."""
    return session.exec(
        select(PeriodSubmission)
        .where(
            PeriodSubmission.district_id == district_id,
            PeriodSubmission.reopened_at.is_(None),
            PeriodSubmission.starts_on <= day,
            PeriodSubmission.ends_on >= day,
        )
        .order_by(PeriodSubmission.ends_on.desc(), PeriodSubmission.id.desc())
        .limit(1)
    ).first()


def ensure_period_open(session: Session, *, district_id: int, day: date | None) -> None:
    """Refuse (409 `period_submitted`) a record of `district_id` dated `day` in a submitted period.

    A period is submitted only once it is over (`submit_period`), so none holds today or a later day: a
    record made at today's fair or redeemed today is let through without asking the database."""
    if day is None or day >= local_today():
        return
    found = submission_covering(session, district_id=district_id, day=day)
    if found is None:
        return
    who = session.get(User, found.submitted_by_id)
    name = (who.full_name or who.username) if who else "?"
    submitted = to_local(found.submitted_at)
    raise Conflict(
        _(
            "The records of %(start)s–%(end)s were submitted to the committee on %(day)s by %(who)s and "
            "can no longer be changed. Only the committee or an administrator can reopen the period."
        )
        % {
            "start": f"{found.starts_on:%d.%m.%Y}",
            "end": f"{found.ends_on:%d.%m.%Y}",
            "day": f"{submitted:%d.%m.%Y}" if submitted else "?",
            "who": name,
        },
        code="period_submitted",
        period=found.period,
        submitted_on=submitted.date().isoformat() if submitted else None,
        submitted_by=name,
    )
