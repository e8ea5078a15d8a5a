"""Coupons issued between fairs: from the client's page on a working day, not at a booth of an open fair.

Such a coupon is like any other (QR, short code, redemption, outcome, follow-up); it is made at the
district's office day of its date and the issuing organisation's booth there (services/schedule), so the
tally counts it by that date, and the report names it «between fairs».
"""

from __future__ import annotations

from sqlmodel import Session

from fairs.clock import local_today
from fairs.errors import Forbidden, NotFound
from fairs.i18n import _
from fairs.models import Client, Organisation, Role, User
from fairs.services import registry, schedule
from fairs.services.coupons.issue import check_issue, issue_checked
from fairs.services.coupons.view import CouponView
from fairs.services.scope import visible_district_ids

# Who may issue between fairs. A curator (the social worker accompanying a person) will be added here,
# for the people they accompany.
BETWEEN_ISSUERS = (Role.organiser,)


def may_issue_between(actor: User, client: Client | None = None) -> bool:
    """Whether `actor` may issue coupons between fairs (to `client`, when named): the one rule the pages and
    the API ask. Organisers, to the clients of their district."""
    if actor.role not in BETWEEN_ISSUERS:
        return False
    return client is None or actor.district_id == client.district_id


def ensure_may_issue_between(actor: User, client: Client | None = None) -> None:
    """Refuse (403 `forbidden`) anyone `may_issue_between` does not let issue."""
    if not may_issue_between(actor, client):
        raise Forbidden(_("Only organisers of the client's district issue coupons between fairs."))


def issue_between_fairs(
    session: Session,
    *,
    actor: User,
    client_id: int,
    organisation_id: int,
    direction: str,
    issuing_organisation_id: int | None = None,
    confirm_duplicate: bool = False,
) -> CouponView:
    """Issue a coupon to a client today, between fairs, for a direction the receiving organisation receives.

    Today must be a working day of the client's district (409 `not_working_day`), a district not retired
    (409 `district_retired`). The issuing organisation is the one named, else the actor's own, else the
    receiving one; it must serve the district. As at a booth, a valid coupon like it is asked about first
    (409 `duplicate_coupon`) unless `confirm_duplicate`; no visit to a fair is recorded."""
    ensure_may_issue_between(actor)  # before any look-up: a refused role learns nothing of the client
    client = session.get(Client, client_id)
    if client is None or client.district_id not in visible_district_ids(session, actor):
        raise NotFound(_("No such client."), code="client_not_found")
    ensure_may_issue_between(actor, client)
    registry.ensure_open_district(session, client.district_id)  # a retired district makes no office day
    today = local_today()
    schedule.ensure_working_day(session, district_id=client.district_id, day=today)
    issuer_id = issuing_organisation_id or actor.organisation_id or organisation_id
    issuer = session.get(Organisation, issuer_id)
    if (
        issuer is None
        or not issuer.is_active
        or not registry.serves_district(session, issuer, client.district_id)
    ):
        raise NotFound(_("No such issuing organisation."), code="organisation_not_found")
    booth_id = schedule.office_day_booth_id(
        session, district_id=client.district_id, day=today, organisation_id=issuer.id
    )
    ctx = check_issue(
        session,
        actor=actor,
        booth_id=booth_id,
        client_id=client_id,
        organisation_id=organisation_id,
        direction=direction,
        between=True,
    )
    return issue_checked(
        session,
        actor=actor,
        ctx=ctx,
        client_id=client_id,
        direction=direction,
        confirm_duplicate=confirm_duplicate,
        visit=False,
    )
