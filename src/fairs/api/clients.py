"""Clients: register (organisers) and read."""

from __future__ import annotations

from fastapi import Response, status

from fairs.api.booths import DUPLICATE
from fairs.api.coupons import coupon_out
from fairs.api.deps import ApiOrganiser, ApiStaff, ApiUser, SessionDep, WriteSessionDep
from fairs.api.routing import Router
from fairs.api.schemas import BetweenCouponIn, ClientDetailOut, ClientIn, ClientOut, CouponOut, Page
from fairs.models import Client, Role, User
from fairs.services import clients, coupons

router = Router(prefix="/api/v1/clients", tags=["clients"])


def detail(client: Client, user: User) -> ClientDetailOut:
    """Client fields for `user`: personal fields only for organisers."""
    out = ClientDetailOut(id=client.id, code=client.code, sex=client.sex, birth_year=client.birth_year)
    if user.role == Role.organiser:
        out.consent_on, out.full_name = client.consent_on, client.full_name
        out.birth_date, out.phone = client.birth_date, client.phone
    return out


@router.post("", response_model=ClientOut, status_code=status.HTTP_201_CREATED)
def register_client(session: SessionDep, user: ApiOrganiser, body: ClientIn, response: Response) -> ClientOut:
    """Find or create the client with these attributes; returns the client code."""
    result = clients.register_client(session, actor=user, **body.model_dump())
    if result.existing:
        response.status_code = status.HTTP_200_OK
    return ClientOut(
        id=result.client.id, code=result.client.code, existing=result.existing, warnings=result.warnings
    )


@router.get("", response_model=Page[ClientDetailOut])
def list_clients(
    session: WriteSessionDep, user: ApiOrganiser, q: str = "", page: int = 1, per_page: int = 50
) -> Page[ClientDetailOut]:
    """A page of the district's clients (organisers)."""
    page, per_page = max(page, 1), min(max(per_page, 1), 200)
    rows, total = clients.list_clients(session, actor=user, search=q[:40], page=page, per_page=per_page)
    for client in rows:
        clients.log_personal_view(session, actor=user, client=client)
    return Page[ClientDetailOut](
        items=[detail(c, user) for c in rows], total=total, page=page, per_page=per_page
    )


@router.get("/by-code/{code}", response_model=ClientDetailOut)
def client_by_code(session: WriteSessionDep, user: ApiStaff, code: str) -> ClientDetailOut:
    """The client with this code in the user's district (a partner's look-up is audited)."""
    client = clients.look_up_by_code(session, actor=user, code=code[:40])
    clients.log_personal_view(session, actor=user, client=client)
    return detail(client, user)


@router.get("/{client_id}", response_model=ClientDetailOut)
def get_client(session: WriteSessionDep, user: ApiStaff, client_id: int) -> ClientDetailOut:
    """One client (personal fields only for organisers; each view is audited). Partners read only clients
    their organisation dealt with (a coupon issued or received, a consultation); others answer 404."""
    client = clients.read_client(session, actor=user, client_id=client_id)
    clients.log_personal_view(session, actor=user, client=client)
    return detail(client, user)


@router.post(
    "/{client_id}/coupons", response_model=CouponOut, status_code=status.HTTP_201_CREATED, responses=DUPLICATE
)
def issue_between_fairs(
    session: SessionDep, user: ApiUser, client_id: int, body: BetweenCouponIn
) -> CouponOut:
    """Issue the client a coupon today, between fairs (not at a booth of an open fair): on a working day of
    the district, by those `coupons.may_issue_between` lets (organisers of the client's district, and the
    client's curator: another curator's client is 404). A client holding a valid coupon like it: 409
    `duplicate_coupon` unless `confirm_duplicate`."""
    issued = coupons.issue_between_fairs(session, actor=user, client_id=client_id, **body.model_dump())
    return coupon_out(issued)


@router.post("/{client_id}/withdraw-consent", response_model=ClientDetailOut)
def withdraw_consent(session: SessionDep, user: ApiOrganiser, client_id: int) -> ClientDetailOut:
    """The client withdrew consent: erase their personal fields (organisers)."""
    client = clients.withdraw_consent(
        session, actor=user, client=clients.get_client(session, actor=user, client_id=client_id)
    )
    return detail(client, user)
