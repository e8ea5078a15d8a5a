"""Peer invitations: slips given to a client for peers, each with its own short code and QR token; read by
either, voided by the organiser. A slip carries no personal data: only its code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, func, select

from fairs.clock import local_today
from fairs.errors import Conflict, Forbidden, Invalid, NotFound
from fairs.i18n import _
from fairs.models import Client, Fair, PeerIncentive, PeerInvitation, Role, User, utcnow
from fairs.services import audit, coupons, release
from fairs.services.scope import home_district

# Respondent-driven practice: two or three slips per client; voided ones do not count.
MAX_PER_CLIENT = 3
VALID_DAYS = 90  # a slip can be used up to this many days after it was given
LISTED = 500  # the list shows the newest slips
_TOKEN_IN_URL = re.compile(r"([A-Za-z0-9_-]{22,64})/?$")


@dataclass(frozen=True, slots=True)
class InvitationLine:
    """One invitation as the organiser's list shows it: codes only, never a name."""

    invitation: PeerInvitation
    recruiter_code: str
    recruit_code: str | None
    state: str  # open / used / expired / voided
    incentive_on: date | None


def state_of(invitation: PeerInvitation, today: date) -> str:
    """open, used, voided, or expired (derived from `expires_on`, like a coupon's)."""
    if invitation.recruit_client_id is not None:
        return "used"
    if invitation.voided_at is not None:
        return "voided"
    return "expired" if invitation.expires_on < today else "open"


def _ensure_organiser(actor: User) -> int:
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers handle peer invitations."))
    return home_district(actor)


def issue_invitations(session: Session, *, actor: User, client: Client, count: int) -> list[PeerInvitation]:
    """Give `count` invitation slips to a client of the organiser's district (409 `too_many_invitations`
    beyond MAX_PER_CLIENT slips not voided)."""
    district_id = _ensure_organiser(actor)
    if client.district_id != district_id:
        raise NotFound(_("No such client."), code="client_not_found")
    if not 1 <= count <= MAX_PER_CLIENT:
        raise Invalid(_("From 1 to %(n)s invitations at a time.") % {"n": MAX_PER_CLIENT}, code="bad_count")
    held = session.exec(
        select(func.count())
        .select_from(PeerInvitation)
        .where(PeerInvitation.recruiter_client_id == client.id, col(PeerInvitation.voided_at).is_(None))
    ).one()
    if held + count > MAX_PER_CLIENT:
        raise Conflict(
            _("A client holds at most %(n)s peer invitations; %(held)s are given already.")
            % {"n": MAX_PER_CLIENT, "held": held},
            code="too_many_invitations",
        )
    today = local_today()
    made = []
    for _one in range(count):
        invitation = PeerInvitation(
            district_id=district_id,
            token=coupons.new_token(),
            code=_free_code(session),
            recruiter_client_id=client.id,
            issued_on=today,
            expires_on=today + timedelta(days=VALID_DAYS),
            issued_by_id=actor.id,
        )
        session.add(invitation)
        session.flush()
        made.append(invitation)
    audit.record(
        session,
        actor=actor,
        action="give_invitations",
        entity="peer_invitation",
        entity_id=made[0].id,
        district_id=district_id,
        details={"count": count, "client": client.code},
    )
    return made


def _free_code(session: Session) -> str:
    # 40 random bits: a taken code is rare; draw again rather than fail.
    while True:
        code = coupons.new_short_code()
        if session.exec(select(PeerInvitation.id).where(PeerInvitation.code == code)).first() is None:
            return code


def find_invitation(session: Session, *, actor: User, ref: str) -> PeerInvitation:
    """The invitation of the organiser's district with this short code, QR token or the QR's address
    (400 `bad_invitation_code` for a mistyped code, 404 `invitation_not_found` for any other's)."""
    district_id = _ensure_organiser(actor)
    text = ref.strip()
    in_url = _TOKEN_IN_URL.search(text)
    if coupons.looks_like_token(text) or ("/" in text and in_url):
        token = in_url.group(1) if in_url else text
        where = PeerInvitation.token == token
    else:
        if not coupons.is_valid_short_code(text):
            raise Invalid(_("This invitation code is mistyped: check it."), code="bad_invitation_code")
        where = PeerInvitation.code == coupons.normalise_short_code(text)
    invitation = session.exec(select(PeerInvitation).where(where)).first()
    if invitation is None or invitation.district_id != district_id:
        raise NotFound(_("No invitation with this code."), code="invitation_not_found")
    return invitation


def get_invitation(session: Session, *, actor: User, invitation_id: int) -> PeerInvitation:
    """An invitation of the organiser's district, else 404 `invitation_not_found`."""
    district_id = _ensure_organiser(actor)
    invitation = session.get(PeerInvitation, invitation_id)
    if invitation is None or invitation.district_id != district_id:
        raise NotFound(_("No invitation with this code."), code="invitation_not_found")
    return invitation


def void_invitation(session: Session, *, actor: User, invitation: PeerInvitation) -> PeerInvitation:
    """Void an unused invitation (lost, given in error); 409 `invitation_used` once a peer came with it."""
    _ensure_organiser(actor)
    if invitation.recruit_client_id is not None:
        raise Conflict(_("A peer came with this invitation already."), code="invitation_used")
    if invitation.voided_at is None:
        invitation.voided_at, invitation.voided_by_id = utcnow(), actor.id
        session.add(invitation)
        audit.record(
            session,
            actor=actor,
            action="void_invitation",
            entity="peer_invitation",
            entity_id=invitation.id,
            district_id=invitation.district_id,
        )
    return invitation


def list_invitations(
    session: Session, *, actor: User, client_code: str = "", invitation_id: int | None = None
) -> list[InvitationLine]:
    """The district's invitations, newest first, the latest LISTED of them (optionally one recruiter's, by
    client code, or one invitation)."""
    return page_of_invitations(
        session, actor=actor, client_code=client_code, invitation_id=invitation_id, per_page=LISTED
    )[0]


def page_of_invitations(
    session: Session,
    *,
    actor: User,
    client_code: str = "",
    invitation_id: int | None = None,
    page: int = 1,
    per_page: int = LISTED,
) -> tuple[list[InvitationLine], int]:
    """A page (from 1) of the district's invitations, newest first, and how many there are in all."""
    district_id = _ensure_organiser(actor)
    query = (
        select(PeerInvitation, Client.code, PeerIncentive.handed_on)
        .join(Client, Client.id == PeerInvitation.recruiter_client_id)
        .outerjoin(PeerIncentive, PeerIncentive.invitation_id == PeerInvitation.id)
        .where(PeerInvitation.district_id == district_id)
    )
    if client_code.strip():
        query = query.where(Client.code == client_code.strip().upper())
    if invitation_id is not None:
        query = query.where(PeerInvitation.id == invitation_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    ordered = query.order_by(col(PeerInvitation.id).desc())
    rows = session.exec(ordered.offset((max(page, 1) - 1) * per_page).limit(per_page)).all()
    recruits = _codes(session, [row[0].recruit_client_id for row in rows if row[0].recruit_client_id])
    today = local_today()
    return [
        InvitationLine(
            invitation=one,
            recruiter_code=code,
            recruit_code=recruits.get(one.recruit_client_id) if one.recruit_client_id else None,
            state=state_of(one, today),
            incentive_on=handed_on,
        )
        for one, code, handed_on in rows
    ], total


def _codes(session: Session, client_ids: list[int]) -> dict[int, str]:
    if not client_ids:
        return {}
    rows = session.exec(select(Client.id, Client.code).where(col(Client.id).in_(client_ids))).all()
    return dict(rows)


@dataclass(frozen=True, slots=True)
class Slip:
    """What a printed slip carries: its code, QR token, last day and the district's next fair."""

    invitation: PeerInvitation
    fair: Fair | None


def slips(session: Session, *, actor: User, ids: list[int]) -> list[Slip]:
    """The open invitations among `ids` of the organiser's district, to print (others are left out)."""
    district_id = _ensure_organiser(actor)
    if not ids:
        return []
    rows = session.exec(
        select(PeerInvitation)
        .where(
            col(PeerInvitation.id).in_(ids[: MAX_PER_CLIENT * 10]), PeerInvitation.district_id == district_id
        )
        .order_by(PeerInvitation.id)
    ).all()
    today = local_today()
    fair = release.next_fair(session, district_id=district_id, on_or_after=today)
    return [Slip(one, fair) for one in rows if state_of(one, today) == "open"]
