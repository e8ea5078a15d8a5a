"""Period sign-off: an organiser submits a month or a quarter of their district to the committee, with the
tally's figures at that moment; from then on the period's records are locked (`services.period_lock`)
until the committee of the district (or of its region) or an admin reopens it with a reason.

Every submission is a row kept for good: reopening fills its `reopened_*`, submitting again adds a row; the
latest row of a period decides. Submit, reopen and submit again are audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from fairs.clock import local_today, to_local
from fairs.errors import Conflict, Forbidden, Invalid, NotFound
from fairs.i18n import _
from fairs.models import PeriodSubmission, Role, User, utcnow
from fairs.services import audit
from fairs.services.report.period import Choice, PeriodError, parse_period
from fairs.services.report.results import Period, Tally, TallyScope
from fairs.services.report.snapshot import kept
from fairs.services.report.suppression import FIGURES, category_view, lines_of
from fairs.services.report.tally import committee_tally
from fairs.services.scope import ensure_organiser_of, home_district, visible_district_ids

REASON_MAX = 500
# Who reopens a submitted period: the committee (of the district or its region) and admins.
REOPENERS = (Role.committee, Role.admin)


@dataclass(frozen=True)
class Submission:
    """A submission as it is shown: the row, its period and who submitted (and reopened) it."""

    row: PeriodSubmission
    period: Period
    submitted_by: str
    reopened_by: str | None
    current: bool  # the latest row of its period and not reopened: the period is locked

    @property
    def submitted_on(self) -> date:
        """The day of the submission, in the district's time zone."""
        return to_local(self.row.submitted_at).date()

    @property
    def reopened_on(self) -> date | None:
        """The day it was reopened, in the district's time zone."""
        moment = to_local(self.row.reopened_at)
        return moment.date() if moment else None


@dataclass(frozen=True)
class PeriodSignoff:
    """The sign-off of one month or quarter of one district, as the report page shows it."""

    period: str  # `2026-Q4`, `2026-11`
    history: list[Submission]  # newest first
    current: Submission | None
    over: bool
    can_submit: bool  # its organisers, once it is over and while it is not submitted
    can_reopen: bool  # the committee (admins reopen through the API: they do not read the report page)


def period_signoff(
    session: Session, *, actor: User, scope: TallyScope, choice: Choice
) -> PeriodSignoff | None:
    """The sign-off of the shown period, when it is a month or a quarter of one district (else None)."""
    if choice.kind not in ("month", "quarter") or len(scope.district_ids) != 1:
        return None
    code = period_code(choice)
    history = list_submissions(session, actor=actor, district_id=scope.district_ids[0], period=code)
    current = next((one for one in history if one.current), None)
    over = choice.period.end < local_today()
    return PeriodSignoff(
        period=code,
        history=history,
        current=current,
        over=over,
        can_submit=actor.role == Role.organiser and current is None and over,
        can_reopen=actor.role == Role.committee and current is not None,
    )


def submission_period(text: str) -> Choice:
    """A period to submit as the API writes it: `2026-Q4` (a quarter) or `2026-11` (a month); 400 else."""
    text = (text or "").strip()
    kind = "quarter" if any(letter in text for letter in "QqКк") else "month"
    choice = parse_period({"kind": kind, kind: text}, today=local_today())
    if choice.kind not in ("month", "quarter"):
        raise PeriodError(_("Only a month or a quarter is submitted."), "period")
    return choice


def period_code(choice: Choice) -> str:
    """`2026-Q4` or `2026-11`: how a submitted period is stored and written in the API."""
    return choice.params()[choice.kind]


def figures(tally: Tally) -> dict:
    """The figures of the report as submitted (counts only, never a code of a coupon or a person); the
    category table as the committee's copy shows it («< 5», «x»), since the submission is what the
    committee is sent and reads back."""
    categories = lines_of(category_view(tally.categories, suppress=True))
    return {
        "as_of": tally.as_of.isoformat(),
        "fairs_held": tally.fairs_held,
        "fairs_planned": tally.fairs_planned,
        "visits": tally.visits,
        "persons_consulted": tally.persons_consulted,
        "consultations": tally.consultations,
        "persons_consulted_at_booths": tally.persons_consulted_at_booths,
        "persons_referred": tally.persons_referred,
        "directions": {row.code: int(row.persons) for row in tally.directions if row.persons},
        "directions_consulted": {
            row.code: int(row.persons_consulted) for row in tally.directions if row.persons_consulted
        },
        "employment_referred_persons": tally.employment_referred_persons,
        "employed_persons": tally.employed_persons,
        "jobseeker_registered_persons": tally.jobseeker_registered_persons,
        "coupons_issued": tally.coupons_issued,
        "coupons_redeemed": tally.coupons_redeemed,
        "categories": {line.code: [getattr(line, name) for name in FIGURES] for line in categories},
    }


def submit_period(session: Session, *, actor: User, period: str) -> Submission:
    """The organiser submits a month or a quarter of their district (409 `already_submitted`; audited)."""
    district_id = home_district(actor)
    ensure_organiser_of(actor, district_id)
    choice = submission_period(period)
    code = period_code(choice)
    if choice.period.end >= local_today():
        raise Conflict(
            _("A period is submitted once it is over: %(period)s ends on %(day)s.")
            % {"period": choice.title(), "day": f"{choice.period.end:%d.%m.%Y}"},
            code="period_not_over",
        )
    if _current(session, district_id=district_id, code=code) is not None:
        raise Conflict(
            _("%(period)s is submitted already.") % {"period": choice.title()}, code="already_submitted"
        )
    scope = TallyScope((district_id,), "")
    tally = committee_tally(session, scope=scope, period=choice.period)
    again = session.exec(
        select(PeriodSubmission.id).where(
            PeriodSubmission.district_id == district_id, PeriodSubmission.period == code
        )
    ).first()
    row = PeriodSubmission(
        district_id=district_id,
        period=code,
        starts_on=choice.period.start,
        ends_on=choice.period.end,
        submitted_at=utcnow(),
        submitted_by_id=actor.id,
        figures=figures(tally),
        tally=kept(tally),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="submit",
        entity="period_submission",
        entity_id=row.id,
        district_id=district_id,
        details={"period": code, "again": again is not None},
    )
    return _shown(session, row, current=True)


def reopen_submission(session: Session, *, actor: User, submission_id: int, reason: str) -> Submission:
    """The committee of the district or its region, or an admin, reopens a submitted period with a reason
    (403 for anyone else; 400 `reason_required`; 409 `not_submitted` when it is reopened already)."""
    if actor.role not in REOPENERS:
        raise Forbidden(_("Only the committee or an administrator reopens a submitted period."))
    row = session.get(PeriodSubmission, submission_id)
    if row is None or row.district_id not in visible_district_ids(session, actor):
        raise NotFound(_("No such submission."), code="submission_not_found")
    reason = " ".join((reason or "").split())
    if not reason:
        raise Invalid(_("A reason is required."), code="reason_required")
    if len(reason) > REASON_MAX:
        raise Invalid(_("The reason is longer than 500 characters."), code="reason_too_long")
    if row.reopened_at is not None:
        raise Conflict(_("This period is not submitted now."), code="not_submitted")
    row.reopened_at = utcnow()
    row.reopened_by_id = actor.id
    row.reopen_reason = reason
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="reopen",
        entity="period_submission",
        entity_id=row.id,
        district_id=row.district_id,
        details={"period": row.period, "reason": reason},
    )
    return _shown(session, row, current=False)


def list_submissions(
    session: Session, *, actor: User, district_id: int | None = None, period: str | None = None
) -> list[Submission]:
    """The submissions the actor may read (their district or region), newest first; one period's with
    `period` (`2026-Q4`, `2026-11`)."""
    if actor.role not in (Role.organiser, Role.committee, Role.admin):
        raise Forbidden(_("Only organisers, the committee and administrators read the submissions."))
    visible = visible_district_ids(session, actor)
    if district_id is not None:
        if district_id not in visible:
            raise Forbidden(_("This belongs to another district."), code="other_district")
        visible = [district_id]
    query = select(PeriodSubmission).where(PeriodSubmission.district_id.in_(visible))
    if period:
        query = query.where(PeriodSubmission.period == period_code(submission_period(period)))
    rows = session.exec(query.order_by(PeriodSubmission.id.desc())).all()
    return [_shown(session, row, current=row.reopened_at is None) for row in rows]


def period_submission(session: Session, *, district_id: int, period: Period) -> Submission | None:
    """The current submission of exactly this period of the district (what the workbook states), if any."""
    row = session.exec(
        select(PeriodSubmission).where(
            PeriodSubmission.district_id == district_id,
            PeriodSubmission.starts_on == period.start,
            PeriodSubmission.ends_on == period.end,
            PeriodSubmission.reopened_at.is_(None),
        )
    ).first()
    return _shown(session, row, current=True) if row is not None else None


def _current(session: Session, *, district_id: int, code: str) -> PeriodSubmission | None:
    return session.exec(
        select(PeriodSubmission).where(
            PeriodSubmission.district_id == district_id,
            PeriodSubmission.period == code,
            PeriodSubmission.reopened_at.is_(None),
        )
    ).first()


def _name(session: Session, user_id: int | None) -> str | None:
    user = session.get(User, user_id) if user_id is not None else None
    return (user.full_name or user.username) if user else None


def _shown(session: Session, row: PeriodSubmission, *, current: bool) -> Submission:
    return Submission(
        row=row,
        period=Period(row.starts_on, row.ends_on),
        submitted_by=_name(session, row.submitted_by_id) or "?",
        reopened_by=_name(session, row.reopened_by_id),
        current=current,
    )
