"""Several coupons for one client at once, at one booth, all or nothing: and the coupons one visitor was
issued at a fair, to print them together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from fairs.errors import DomainError, Forbidden, Invalid
from fairs.i18n import _
from fairs.models import Fair, Role, User
from fairs.services import registry
from fairs.services.coupons.issue import issue_coupon
from fairs.services.coupons.reading import coupon_views, list_coupons
from fairs.services.coupons.view import CouponView

MAX_BATCH_ITEMS = 20
VISITOR_PRINT_MAX = 200


@dataclass(frozen=True)
class BatchItem:
    """One coupon of a batch: the receiving organisation and the direction."""

    organisation_id: int
    direction: str


def issue_coupons(
    session: Session,
    *,
    actor: User,
    booth_id: int,
    client_id: int,
    items: Sequence[BatchItem],
    confirm_duplicate: bool = False,
) -> list[CouponView]:
    """Issue every coupon of `items` to the client at the booth, in the caller's one transaction: each by
    the rules of a single issue (audited alike); a refusal of one is raised naming it (`item`, its index,
    `organisation_id`, `direction`), and the caller's rollback leaves nothing written."""
    if not items:
        raise Invalid(_("Tick at least one coupon to issue."), code="no_items")
    if len(items) > MAX_BATCH_ITEMS:
        raise Invalid(
            _("At most %(max)s coupons can be issued at once.") % {"max": MAX_BATCH_ITEMS},
            code="too_many_items",
        )
    seen: set[tuple[int, str]] = set()
    for index, item in enumerate(items):
        if (item.organisation_id, item.direction) in seen:
            raise Invalid(
                _("Coupon %(n)s repeats an earlier one of the same list.") % {"n": index + 1},
                code="repeated_item",
                item=index,
            )
        seen.add((item.organisation_id, item.direction))
    issued = []
    for index, item in enumerate(items):
        try:
            issued.append(
                issue_coupon(
                    session,
                    actor=actor,
                    booth_id=booth_id,
                    client_id=client_id,
                    organisation_id=item.organisation_id,
                    direction=item.direction,
                    confirm_duplicate=confirm_duplicate,
                )
            )
        except DomainError as error:
            raise _naming_item(error, index=index, item=item, of=len(items)) from None
    return issued


def _naming_item(error: DomainError, *, index: int, item: BatchItem, of: int) -> DomainError:
    """The refusal of one item, saying which one (in the message for people, in `item` for programs)."""
    error.message = _("Coupon %(n)s of %(of)s: %(reason)s") % {
        "n": index + 1,
        "of": of,
        "reason": error.message,
    }
    error.args = (error.message,)
    error.extra = {
        **error.extra,
        "item": index,
        "organisation_id": item.organisation_id,
        "direction": item.direction,
    }
    return error


def visitor_coupons(session: Session, *, actor: User, fair: Fair, client_id: int) -> list[CouponView]:
    """The valid coupons issued to the client at `fair`, oldest first, as `actor` may print them: organisers
    of the fair's district all of them; a partner only those of their organisation's booth at the fair (no
    booth there: 403). The caller has checked that `actor` sees the fair."""
    if actor.role not in (Role.organiser, Role.partner):
        raise Forbidden(_("Only the fair's organisers and booth staff print coupons."))
    own_booth = None
    if actor.role == Role.partner:
        own_booth = next(
            (b for b, o in registry.booths_of_fair(session, fair.id) if o.id == actor.organisation_id), None
        )
        if own_booth is None:
            raise Forbidden(_("Your organisation has no booth at this fair."), code="no_booth_here")
    rows, _total = list_coupons(
        session,
        actor=actor,
        fair_id=fair.id,
        client_id=client_id,
        booth_id=own_booth.id if own_booth else None,
        per_page=VISITOR_PRINT_MAX,
    )
    views = coupon_views(session, list(reversed(rows)), actor=actor)
    return [v for v in views if v.state == "issued"]
