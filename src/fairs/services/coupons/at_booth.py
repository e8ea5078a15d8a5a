"""A visitor served at a booth in one go: the consultation given there (if any) and the coupons ticked
there (if any), in the caller's one transaction - one submit of the fair day's booth form per visitor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from fairs.errors import Invalid
from fairs.i18n import _
from fairs.models import Booth, Client, Consultation, Fair, User
from fairs.services.clients import record_consultation
from fairs.services.coupons.batch import BatchItem, issue_coupons
from fairs.services.coupons.view import CouponView


@dataclass(frozen=True)
class Served:
    """What one visit to a booth recorded: the consultation (or None) and the coupons issued."""

    consultation: Consultation | None
    issued: list[CouponView]


def serve_at_booth(
    session: Session,
    *,
    actor: User,
    booth: Booth,
    fair: Fair,
    client: Client,
    direction: str,
    note: str,
    items: Sequence[BatchItem],
    confirm_duplicate: bool,
) -> Served:
    """Record the consultation in `direction` (when not empty) and issue the coupons of `items` (when any),
    each by its own rules; all or nothing, and at least one of the two."""
    if not direction and not items:
        raise Invalid(
            _("Choose the consultation's direction or tick a coupon to issue."), code="nothing_to_record"
        )
    if note.strip() and not direction:
        raise Invalid(
            _("A note belongs to a consultation: choose its direction."), code="note_without_consultation"
        )
    consultation = None
    if direction:
        consultation = record_consultation(
            session, actor=actor, booth=booth, fair=fair, client=client, direction=direction, note=note
        )
    issued = []
    if items:
        issued = issue_coupons(
            session,
            actor=actor,
            booth_id=booth.id,
            client_id=client.id,
            items=items,
            confirm_duplicate=confirm_duplicate,
        )
    return Served(consultation=consultation, issued=issued)
