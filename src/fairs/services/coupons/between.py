"""Coupons issued between fairs: from the client's page on a working day, not at a booth of an open fair.

Such a coupon is like any other (QR, short code, redemption, outcome, follow-up); it is made at the
district's office day of its date and the issuing organisation's booth there (services/schedule), so the
tally counts it by that date, and the report names it «between fairs».
"""

from __future__ import annotations

from sqlmodel import Session

from fairs.clock import local_today
from fairs.errors import DomainError, Forbidden, NotFound
from fairs.i18n import _
from fairs.models import Client, Organisation, Role, User
from fairs.services import curation, registry, schedule
from fairs.services.coupons.issue import check_issue, issue_checked
from fairs.services.coupons.reading import find_coupon_view, unknown_code_message
from fairs.services.coupons.view import CouponView
from fairs.services.scope import visible_district_ids

# Who may issue between fairs: the organisers of the client's district, and the client's own curator (the
# social worker who accompanies the person) for their people only.
BETWEEN_ISSUERS = (Role.organiser, Role.curator)


def may_issue_between(session: Session, actor: User, client: Client | None = None) -> bool:
    """Whether `actor` may issue coupons between fairs (to `client`, when named): the one rule the pages and
    the API ask. Organisers, to the clients of their district; a curator, to the clients they accompany."""
    if actor.role not in BETWEEN_ISSUERS:
        return False
    if client is None:
        return True
    if actor.district_id != client.district_id:
        return False
    return actor.role == Role.organiser or curation.curator_id_of(session, client.id) == actor.id


def ensure_may_issue_between(session: Session, actor: User, client: Client | None = None) -> None:
    """Refuse anyone `may_issue_between` does not let issue: 403 `forbidden`, but 404 `client_not_found` to a
    curator for a client they do not accompany (as the client's journey answers them)."""
    if may_issue_between(session, actor, client):
        return
    if client is not None and actor.role == Role.curator:
        raise NotFound(_("No such client."), code="client_not_found")
    message = _("Only the organisers of the client's district and their curator issue coupons between fairs.")
    raise Forbidden(message)


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
    receiving one (a curator belongs to no organisation: their coupon names the organisation they choose, or
    the receiving one, as an organiser's without an organisation); it must serve the district. As at a
    booth, a valid coupon like it is asked about first (409 `duplicate_coupon`) unless `confirm_duplicate`;
    no visit to a fair is recorded."""
    # Before any look-up: a refused role learns nothing of the client.
    ensure_may_issue_between(session, actor)
    client = session.get(Client, client_id)
    if client is None or client.district_id not in visible_district_ids(session, actor):
        raise NotFound(_("No such client."), code="client_not_found")
    ensure_may_issue_between(session, actor, client)
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


def coupon_to_print(session: Session, *, actor: User, ref: str) -> CouponView:
    """The coupon `actor` may print: what `find_coupon_view` shows organisers and partners; to a curator, a
    coupon of a client they accompany (one they issued between fairs, or one from a fair), else 404
    `unknown_code` whatever the code is, as for a made-up one: nothing else of the district opens."""
    if actor.role != Role.curator:
        return find_coupon_view(session, actor=actor, ref=ref)
    try:
        view = find_coupon_view(session, actor=actor, ref=ref)
    except DomainError:
        view = None
    if view is None or curation.curator_id_of(session, view.coupon.client_id) != actor.id:
        raise NotFound(unknown_code_message(), code="unknown_code")
    return view
