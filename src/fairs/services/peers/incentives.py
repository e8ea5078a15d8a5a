"""The incentive for a recruiter (e.g. a certificate), recorded by the organiser once the recruit's
referral coupon was redeemed: one per invitation used."""

from __future__ import annotations

from sqlmodel import Session, col, select

from fairs.clock import local_today
from fairs.errors import Conflict, Forbidden
from fairs.i18n import _
from fairs.models import Coupon, CouponStatus, PeerIncentive, PeerInvitation, Role, User
from fairs.services import audit


def record_incentive(session: Session, *, actor: User, invitation: PeerInvitation) -> PeerIncentive:
    """Record that the recruiter got the incentive for `invitation`'s recruit, today: 409 `not_used` before
    a peer came with it, `no_redeemed_referral` before a coupon of the recruit was redeemed,
    `incentive_recorded` when it was recorded already."""
    if actor.role != Role.organiser or actor.district_id != invitation.district_id:
        raise Forbidden(_("Only organisers handle peer invitations."))
    if invitation.recruit_client_id is None:
        raise Conflict(_("No peer came with this invitation yet."), code="not_used")
    given = select(PeerIncentive.id).where(PeerIncentive.invitation_id == invitation.id)
    if session.exec(given).first() is not None:
        raise Conflict(_("The incentive for this recruit was recorded already."), code="incentive_recorded")
    coupon_id = session.exec(
        select(Coupon.id)
        .where(Coupon.client_id == invitation.recruit_client_id, Coupon.status == CouponStatus.redeemed.value)
        .order_by(col(Coupon.redeemed_at), col(Coupon.id))
        .limit(1)
    ).first()
    if coupon_id is None:
        raise Conflict(
            _("No referral coupon of the recruit has been redeemed yet."), code="no_redeemed_referral"
        )
    incentive = PeerIncentive(
        district_id=invitation.district_id,
        invitation_id=invitation.id,
        coupon_id=coupon_id,
        handed_on=local_today(),
        recorded_by_id=actor.id,
    )
    session.add(incentive)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="incentive",
        entity="peer_invitation",
        entity_id=invitation.id,
        district_id=invitation.district_id,
    )
    return incentive
