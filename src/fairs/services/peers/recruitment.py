"""A peer comes to a fair with an invitation: the visit is recorded and the new client is registered as
recruited by the client the invitation was given to (client to client, never a name)."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from fairs.errors import Conflict, Gone
from fairs.i18n import _
from fairs.models import Client, Fair, PeerInvitation, User, Visit, utcnow
from fairs.services import audit, clients
from fairs.services.peers.invitations import find_invitation


def record_visit(
    session: Session,
    *,
    actor: User,
    fair: Fair,
    client: Client,
    categories: list[str] | None = None,
    invitation: str | None = None,
) -> tuple[Visit, bool]:
    """Register a client at a fair (services/clients `record_visit`) and, when an invitation code or QR
    token is given, record the client as recruited with it, in the same transaction."""
    visit, created = clients.record_visit(
        session, actor=actor, fair=fair, client=client, categories=categories
    )
    if invitation and invitation.strip():
        use_invitation(session, actor=actor, fair=fair, client=client, ref=invitation)
    return visit, created


def use_invitation(session: Session, *, actor: User, fair: Fair, client: Client, ref: str) -> PeerInvitation:
    """The invitation `ref` brought `client` to `fair`: once only (409 `invitation_used`), not after it
    expired (410 `invitation_expired`) or was voided (410 `invitation_voided`), never the recruiter's own
    (409 `own_invitation`), for a client not recruited yet (409 `already_recruited`) who had not come to a
    fair before (409 `not_a_newcomer`) and is not up the recruiter's chain (409 `circular_recruitment`)."""
    invitation = find_invitation(session, actor=actor, ref=ref)
    if invitation.recruit_client_id == client.id:
        return invitation  # the same slip entered again for the same person: nothing new
    # Two desks entering two slips for one newcomer: the client's row lock makes the second see the first
    # (PostgreSQL; SQLite writes one request at a time), so it is told `already_recruited`.
    session.exec(select(Client.id).where(Client.id == client.id).with_for_update()).one()
    _check(session, invitation, fair, client)
    # Conditional: of two desks entering the same slip at once, one wins; the other is told it is used.
    done = session.execute(
        update(PeerInvitation)
        .where(col(PeerInvitation.id) == invitation.id, col(PeerInvitation.recruit_client_id).is_(None))
        .values(
            recruit_client_id=client.id,
            recruit_person_id=client.person_id,
            used_fair_id=fair.id,
            used_at=utcnow(),
            used_by_id=actor.id,
        )
    )
    if done.rowcount != 1:
        raise Conflict(_("This invitation was used already."), code="invitation_used")
    session.refresh(invitation)
    audit.record(
        session,
        actor=actor,
        action="recruit",
        entity="peer_invitation",
        entity_id=invitation.id,
        district_id=invitation.district_id,
        details={"fair_id": fair.id, "client": client.code},
    )
    return invitation


def _check(session: Session, invitation: PeerInvitation, fair: Fair, client: Client) -> None:
    if invitation.recruit_client_id is not None:
        raise Conflict(_("This invitation was used already."), code="invitation_used")
    if invitation.voided_at is not None:
        raise Gone(_("This invitation was voided."), code="invitation_voided")
    if invitation.expires_on < fair.date:
        raise Gone(_("This invitation has expired."), code="invitation_expired")
    if fair.date < invitation.issued_on:  # a fair entered afterwards, held before the slip was given
        raise Conflict(_("This invitation was given after that fair."), code="given_after_fair")
    if invitation.recruiter_client_id == client.id:
        raise Conflict(_("A client cannot use their own invitation."), code="own_invitation")
    taken = select(PeerInvitation.id).where(PeerInvitation.recruit_client_id == client.id)
    if session.exec(taken).first() is not None:
        raise Conflict(_("This client was recruited by a peer already."), code="already_recruited")
    earlier = (
        select(Visit.id)
        .join(Fair, Fair.id == Visit.fair_id)
        .where(Visit.client_id == client.id, Fair.date < fair.date)
    )
    if session.exec(earlier).first() is not None:
        raise Conflict(
            _("This client came to a fair before: only newcomers are recruited by a peer."),
            code="not_a_newcomer",
        )
    if client.id in _chain_above(session, invitation.recruiter_client_id):
        raise Conflict(_("This client recruited the inviting client."), code="circular_recruitment")


def _chain_above(session: Session, client_id: int) -> set[int]:
    """The client and everyone up their chain of recruiters."""
    seen = {client_id}
    current = client_id
    while True:
        above = session.exec(
            select(PeerInvitation.recruiter_client_id).where(PeerInvitation.recruit_client_id == current)
        ).first()
        if above is None or above in seen:
            return seen
        seen.add(above)
        current = above
