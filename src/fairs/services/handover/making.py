"""Making a handover: with the client's consent, the person's client row in the receiving district (made if
missing), each open coupon re-issued there (the old one cancelled at home with the reason «handover»),
the handover's row and one audit row in each district, in the caller's transaction.

The client's curator stays at home (the receiving district assigns its own); personal fields are not
copied, only the consent (the receiving organisers record them when they meet the person); a client row the
person already had in the receiving district is used as it is.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from fairs.clock import local_today
from fairs.db import insert_unless_taken
from fairs.errors import Conflict, NotFound
from fairs.i18n import _
from fairs.models import Client, Coupon, Handover, User, utcnow
from fairs.services import audit, coupons
from fairs.services.handover.rules import READABLE_DAYS, ensure_organiser, handover_reason, target_districts

_client = Client.__table__


def hand_over(
    session: Session, *, actor: User, client_id: int, to_district_id: int, consent: bool
) -> Handover:
    """Hand a client of the organiser's district over to another district of the region.

    Refused without the client's consent: both the consent on record and `consent` to this handover
    (409 `handover_needs_consent`); twice to one district while the first is active (409
    `already_handed_over`). An open coupon with no organisation in the receiving district to take it, of a
    submitted period or of a retired direction stays open at home, said in the handover's `coupons`."""
    home = ensure_organiser(actor)
    client = session.get(Client, client_id)
    if client is None or client.district_id != home:
        raise NotFound(_("No such client."), code="client_not_found")
    if to_district_id not in {d.id for d in target_districts(session, actor)}:
        raise NotFound(_("No such district to hand over to."), code="district_not_found")
    if not consent or client.consent_on is None:
        raise Conflict(
            _(
                "A client is handed over only with their consent: record it, then confirm it for the "
                "handover."
            ),
            code="handover_needs_consent",
        )
    # Two handovers of one client at once: the second waits here, then finds the first (`already_...`).
    session.exec(select(Client.id).where(Client.id == client.id).with_for_update()).one()
    today = local_today()
    if session.exec(
        select(Handover.id).where(
            Handover.from_client_id == client.id,
            Handover.to_district_id == to_district_id,
            Handover.readable_until >= today,
        )
    ).first():
        raise Conflict(_("This client was already handed over to that district."), code="already_handed_over")
    arriving = _client_there(session, client, to_district_id)
    moved = [_moved(session, actor, coupon, arriving, to_district_id) for coupon in _open(session, client)]
    handover = Handover(
        person_id=client.person_id,
        from_district_id=home,
        to_district_id=to_district_id,
        from_client_id=client.id,
        to_client_id=arriving,
        made_on=today,
        readable_until=today + timedelta(days=READABLE_DAYS),
        made_at=utcnow(),
        made_by_id=actor.id,
        coupons=moved,
    )
    session.add(handover)
    session.flush()
    details = {
        "from_district_id": home,
        "to_district_id": to_district_id,
        "reissued": sum(1 for one in moved if one["kept"] is None),
        "kept": sum(1 for one in moved if one["kept"] is not None),
    }
    for district_id in (home, to_district_id):
        audit.record(
            session,
            actor=actor,
            action="handover",
            entity="handover",
            entity_id=handover.id,
            district_id=district_id,
            details=details,
        )
    return handover


def _open(session: Session, client: Client) -> list[Coupon]:
    return coupons.open_coupons_of(session, client_id=client.id)


def _client_there(session: Session, client: Client, district_id: int) -> int:
    """The id of the person's client row in `district_id`, made (with the consent, not the personal fields)
    if there is none; `ON CONFLICT DO NOTHING` as registration does."""
    values = {
        "district_id": district_id,
        "code": client.code,
        "person_id": client.person_id,
        "base_code": client.base_code,
        "sex": client.sex,
        "birth_year": client.birth_year,
        "consent_on": client.consent_on,
        "consent_recorded_by_id": client.consent_recorded_by_id,
        "full_name": None,
        "birth_date": None,
        "phone": None,
        "created_at": utcnow(),
        "personal_erased_at": None,
    }
    made = insert_unless_taken(session, _client, ("district_id", "code")).run(session, values).first()
    if made is not None:
        return made.id
    found = select(_client.c.id).where(_client.c.district_id == district_id, _client.c.code == client.code)
    return session.execute(found).scalar_one()


def _moved(session: Session, actor: User, coupon: Coupon, client_id: int, district_id: int) -> dict:
    """One open coupon re-issued in `district_id`, or why it stays open at home."""
    line = {"coupon_id": coupon.id, "code": coupon.code, "replacement_id": None, "replacement_code": None}
    receiver = coupons.receiver_in(session, coupon=coupon, district_id=district_id)
    if receiver is None:
        return {**line, "kept": "no_receiver"}
    try:
        replacement = coupons.reissue_in_district(
            session,
            actor=actor,
            coupon=coupon,
            client_id=client_id,
            district_id=district_id,
            organisation=receiver,
            reason=handover_reason(),
        )
    except Conflict as refused:  # a submitted period, or redeemed a moment ago: refused before any write
        return {**line, "kept": refused.code}
    return {**line, "replacement_id": replacement.id, "replacement_code": replacement.code, "kept": None}
