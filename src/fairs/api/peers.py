"""Peers bring peers: organisers give a client invitation slips for peers, read and void them, and record
the recruiter's incentive. A peer's invitation is entered with the visit (POST /api/v1/fairs/{id}/visits)."""

from __future__ import annotations

from fastapi import status

from fairs.api.deps import ApiOrganiser, SessionDep
from fairs.api.routing import Router
from fairs.api.schemas.peers import IncentiveOut, InvitationOut, InvitationsIn
from fairs.clock import local_today
from fairs.models import PeerInvitation
from fairs.services import clients, peers

router = Router(prefix="/api/v1/peers", tags=["peers"])


def invitation_out(line: peers.InvitationLine) -> InvitationOut:
    one = line.invitation
    return InvitationOut(
        id=one.id,
        code=one.code,
        token=one.token,
        recruiter_code=line.recruiter_code,
        state=line.state,
        issued_on=one.issued_on,
        expires_on=one.expires_on,
        recruit_code=line.recruit_code,
        incentive_on=line.incentive_on,
    )


def _fresh(one: PeerInvitation, recruiter_code: str) -> InvitationOut:
    return invitation_out(
        peers.InvitationLine(one, recruiter_code, None, peers.state_of(one, local_today()), None)
    )


@router.post("/invitations", response_model=list[InvitationOut], status_code=status.HTTP_201_CREATED)
def issue(session: SessionDep, user: ApiOrganiser, body: InvitationsIn) -> list[InvitationOut]:
    """Give a client of the district `count` invitation slips for peers (organisers; 409
    `too_many_invitations` beyond three not voided)."""
    client = clients.get_client(session, actor=user, client_id=body.client_id)
    made = peers.issue_invitations(session, actor=user, client=client, count=body.count)
    return [_fresh(one, client.code) for one in made]


@router.get("/invitations", response_model=list[InvitationOut])
def list_invitations(session: SessionDep, user: ApiOrganiser, client_code: str = "") -> list[InvitationOut]:
    """The district's invitations, newest first, optionally of one recruiter (organisers)."""
    lines = peers.list_invitations(session, actor=user, client_code=client_code[:40])
    return [invitation_out(line) for line in lines]


@router.post("/invitations/{invitation_id}/void", response_model=InvitationOut)
def void(session: SessionDep, user: ApiOrganiser, invitation_id: int) -> InvitationOut:
    """Void an unused invitation (409 `invitation_used`; 404 `invitation_not_found`)."""
    invitation = peers.get_invitation(session, actor=user, invitation_id=invitation_id)
    peers.void_invitation(session, actor=user, invitation=invitation)
    return invitation_out(peers.list_invitations(session, actor=user, invitation_id=invitation.id)[0])


@router.post(
    "/invitations/{invitation_id}/incentive", response_model=IncentiveOut, status_code=status.HTTP_201_CREATED
)
def incentive(session: SessionDep, user: ApiOrganiser, invitation_id: int) -> IncentiveOut:
    """Record the incentive handed to the recruiter today (409 `not_used`, `no_redeemed_referral`,
    `incentive_recorded`)."""
    invitation = peers.get_invitation(session, actor=user, invitation_id=invitation_id)
    made = peers.record_incentive(session, actor=user, invitation=invitation)
    return IncentiveOut(id=made.id, invitation_id=invitation.id, handed_on=made.handed_on)
