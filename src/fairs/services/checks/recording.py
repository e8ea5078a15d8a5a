"""Recording a check: who may, and the one function that records or changes it (audited: the milestone, the
date and the findings, never the note, which is personal)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from fairs.clock import local_today
from fairs.db import insert_unless_taken
from fairs.errors import Conflict, Forbidden, Invalid, NotFound
from fairs.i18n import _
from fairs.models import FINDINGS, MILESTONES, Client, LaterCheck, LaterCheckFinding, Role, User
from fairs.models.base import utcnow
from fairs.services import audit, clients, curation
from fairs.services.checks.first_fair import first_fair_of
from fairs.services.checks.milestones import due_on

NOTE_LENGTH = 1000
_CHECK = LaterCheck.__table__


# Who records checks: the organisers (the inspection) of the district keeping a person's checks, and the
# person's own curator when that district is theirs.
CHECK_KEEPERS = (Role.organiser, Role.curator)


def may_record_checks(
    session: Session, actor: User, *, district_id: int | None = None, client_id: int | None = None
) -> bool:
    """The one rule of who records a person's checks and sees them due: the organisers (the inspection) of
    the district that keeps them, that of the person's first fair, and the client's own curator of that
    district (`client_id`: the client, None for the due-list, which a curator sees of their people only).
    Without `district_id`: whether the actor records anyone's checks at all (asked before any look-up)."""
    if actor.role not in CHECK_KEEPERS or actor.district_id is None:
        return False
    if district_id is not None and actor.district_id != district_id:
        return False
    if actor.role == Role.curator and client_id is not None:
        return curation.curator_id_of(session, client_id) == actor.id
    return True


@dataclass
class Keeper:
    """A client whose checks the actor keeps: the person's first fair and the district keeping them."""

    client: Client
    first_on: date
    district_id: int


@dataclass
class MilestoneCheck:
    """One milestone of a person: when it falls due and the check recorded (None: not yet)."""

    milestone: int
    due_on: date
    check: LaterCheck | None = None
    findings: list[str] = field(default_factory=list)


def keeper_of(session: Session, *, actor: User, client_id: int) -> Keeper:
    """The client if `actor` may record their checks: 403 for roles that never do, 404 for a client the
    actor does not see (to a curator: a client they do not accompany), 409 `no_first_fair` before the
    person came to a fair, 409 `checked_elsewhere` when another district keeps the person's checks."""
    if not may_record_checks(session, actor):
        raise Forbidden(
            _("Only the district's organisers and the person's curator record checks after the fair.")
        )
    client = clients.get_client(session, actor=actor, client_id=client_id)
    if not may_record_checks(session, actor, client_id=client.id):  # another curator's person, as none
        raise NotFound(_("No such client."), code="client_not_found")
    first = first_fair_of(session, client.person_id)
    if first is None:
        raise Conflict(_("This person has not come to a fair yet."), code="no_first_fair")
    first_on, district_id = first
    if not may_record_checks(session, actor, district_id=district_id, client_id=client.id):
        raise Conflict(
            _("The district of this person's first fair keeps their checks."), code="checked_elsewhere"
        )
    return Keeper(client, first_on, district_id)


def _findings(session: Session, check_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {one: [] for one in check_ids}
    if check_ids:
        rows = session.execute(
            select(LaterCheckFinding.check_id, LaterCheckFinding.finding).where(
                LaterCheckFinding.check_id.in_(check_ids)
            )
        ).all()
        for check_id, finding in rows:
            found[check_id].append(finding)
    return {key: sorted(value, key=FINDINGS.index) for key, value in found.items()}


def person_checks(session: Session, *, actor: User, client_id: int) -> tuple[Keeper, list[MilestoneCheck]]:
    """The client's three milestones with their due dates and the checks recorded (for their keepers)."""
    keeper = keeper_of(session, actor=actor, client_id=client_id)
    checks = {
        one.milestone: one
        for one in session.exec(select(LaterCheck).where(LaterCheck.person_id == keeper.client.person_id))
    }
    found = _findings(session, [one.id for one in checks.values()])
    rows = []
    for m in MILESTONES:
        check = checks.get(m)
        rows.append(MilestoneCheck(m, due_on(keeper.first_on, m), check, found[check.id] if check else []))
    return keeper, rows


def log_check_notes_view(
    session: Session, *, actor: User, keeper: Keeper, shown: list[MilestoneCheck]
) -> None:
    """Audit that `actor` was shown the notes of the client's checks (as any note about a client)."""
    notes = sum(1 for one in shown if one.check is not None and one.check.note)
    client = keeper.client
    clients.log_notes_view(session, actor=actor, shown={client.id: notes}, district_id=client.district_id)


def _checked(milestone: int, checked_on: date, findings: list[str], keeper: Keeper) -> list[str]:
    if milestone not in MILESTONES:
        raise NotFound(_("Checks are made at 6, 12 and 18 months."), code="milestone_not_found")
    unknown = sorted(set(findings) - set(FINDINGS))
    if unknown:
        raise Invalid(_("Unknown finding."), code="bad_finding")
    today = local_today()
    if due_on(keeper.first_on, milestone) > today:
        raise Conflict(_("This check is not due yet."), code="not_due")
    if not keeper.first_on <= checked_on <= today:
        raise Invalid(
            _("The date checked lies between the person's first fair and today."), code="bad_check_date"
        )
    return sorted(set(findings), key=FINDINGS.index)


def record_check(
    session: Session,
    *,
    actor: User,
    client_id: int,
    milestone: int,
    checked_on: date,
    findings: list[str],
    note: str = "",
) -> LaterCheck:
    """Record the client's check at `milestone`, or change the one recorded (one per person and milestone):
    the date checked, the findings that held (several at once), an optional note."""
    keeper = keeper_of(session, actor=actor, client_id=client_id)
    chosen = _checked(milestone, checked_on, findings, keeper)
    note = clients.check_note_allowed(keeper.client, note)[:NOTE_LENGTH]  # personal: only with consent
    person_id, now = keeper.client.person_id, utcnow()
    row = {"district_id": keeper.district_id, "person_id": person_id, "milestone": milestone}
    row |= {
        "checked_on": checked_on,
        "note": note,
        "recorded_by_id": actor.id,
        "created_at": now,
        "updated_at": now,
    }
    # ON CONFLICT DO NOTHING: two people recording the same check at once make one row, the second changes it.
    made = insert_unless_taken(session, _CHECK, ("person_id", "milestone")).run(session, row).first()
    after = {"checked_on": checked_on.isoformat(), "findings": chosen}
    if made is not None:
        check = session.get(LaterCheck, made.id)
        details: dict = {"milestone": milestone, **after}
        action = "create"
    else:
        check = session.exec(
            select(LaterCheck).where(LaterCheck.person_id == person_id, LaterCheck.milestone == milestone)
        ).one()
        had = _findings(session, [check.id])[check.id]
        before = {"checked_on": check.checked_on.isoformat(), "findings": had}
        changed = sorted(key for key in after if before[key] != after[key])
        note_changed = check.note != note
        if not changed and not note_changed:
            return check
        check.checked_on, check.note = checked_on, note
        check.recorded_by_id, check.updated_at = actor.id, utcnow()
        session.add(check)
        for old in session.exec(select(LaterCheckFinding).where(LaterCheckFinding.check_id == check.id)):
            session.delete(old)
        session.flush()
        details = {
            "milestone": milestone,
            "before": {key: before[key] for key in changed},
            "after": {key: after[key] for key in changed},
            **({"note_changed": True} if note_changed else {}),
        }
        action = "update"
    for finding in chosen:
        session.add(LaterCheckFinding(check_id=check.id, finding=finding))
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=action,
        entity="later_check",
        entity_id=check.id,
        district_id=keeper.district_id,
        details=details,
    )
    return check
