"""Pages: partner organisations (all roles read, organisers edit) and clients (organisers only)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageOrganiser, PageReader, SessionDep, WriteSessionDep, csrf_protect
from fairs.api.pages.common import (
    Pager,
    flash,
    page_number,
    redirect,
    refusal_note,
    refuse,
    render,
    wants_fragment,
)
from fairs.api.pages.fair_views import between_targets
from fairs.api.routing import Router, on_refusal
from fairs.config import get_settings
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import Organisation, Role, User
from fairs.services import clients, coupons, curation, handover, registry

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

OrgName = Annotated[str, Form(max_length=300)]
OrgKind = Annotated[str, Form(max_length=20)]
Short = Annotated[str, Form(max_length=300)]
Directions = Annotated[list[str], Form()]


@router.get("/organisations")
def organisations(request: Request, session: SessionDep, user: PageReader) -> Response:
    """The partner organisations of the district and the directions each receives."""
    orgs = registry.list_organisations(session, actor=user)
    context = {
        "orgs": orgs,
        "received": registry.directions_of(session, [o.id for o in orgs]),
        "can_edit": user.role == Role.organiser,
        # A regional organisation is edited only in its home district.
        "editable": {o.id for o in orgs if user.role == Role.organiser and o.district_id == user.district_id},
    }
    return render(request, "organisations.html", context, user=user)


def _form(
    request: Request,
    session: SessionDep,
    user: User,
    org: Organisation | None,
    values: dict,
    *,
    error: str | None = None,
    status: int = 200,
) -> Response:
    # Offered: the active directions meant for the kind shown, and those the organisation has already.
    linked = [d.code for d in registry.directions_of(session, [org.id])[org.id]] if org else []
    context = {
        "org": org,
        "values": values,
        "directions": registry.directions_offered(session, kind=values["kind"], linked=linked),
        "messages": [{"kind": "error", "text": error, "where": "form"}] if error else [],
    }
    return render(request, "organisation_form.html", context, user=user, block="form", status=status)


def _values(org: Organisation | None, codes: list[str]) -> dict:
    if org is None:
        return {
            "name": "",
            "kind": "medical",
            "address": "",
            "phone": "",
            "hours": "",
            "serves_region": False,
            "directions": codes,
        }
    return {
        "name": org.name,
        "kind": org.kind,
        "address": org.address,
        "phone": org.phone,
        "hours": org.hours,
        "serves_region": org.serves_region,
        "directions": codes,
    }


def _typed(request: Request) -> dict | None:
    """What was typed in the form, when it asks again for the directions of another kind (the kind
    select's htmx call: GET with the form's fields); None for a plain GET."""
    query = request.query_params
    if "kind" not in query:
        return None
    values = {key: query.get(key, "")[:300] for key in ("name", "kind", "address", "phone", "hours")}
    values["serves_region"] = query.get("serves_region") == "true"
    values["directions"] = [code[:50] for code in query.getlist("directions")[:100]]
    return values


@router.get("/organisations/new")
def new_organisation(request: Request, session: SessionDep, user: PageOrganiser) -> Response:
    """The form to register an organisation (again with what was typed, when its kind changed)."""
    return _form(request, session, user, None, _typed(request) or _values(None, []))


@router.get("/organisations/{organisation_id}/edit")
def edit_organisation(
    request: Request, session: SessionDep, user: PageOrganiser, organisation_id: int
) -> Response:
    """The form to change an organisation (organisers of its home district)."""
    org = registry.organisation_to_edit(session, actor=user, organisation_id=organisation_id)
    codes = [d.code for d in registry.directions_of(session, [org.id])[org.id]]
    return _form(request, session, user, org, _typed(request) or _values(org, codes))


@router.post("/organisations")
def create_organisation(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    name: OrgName,
    kind: OrgKind,
    address: Short = "",
    phone: Short = "",
    hours: Short = "",
    directions: Directions = [],  # noqa: B006  (FastAPI copies defaults)
    serves_region: Annotated[bool, Form()] = False,
) -> Response:
    """Register an organisation with the directions it receives (for the whole region, if ticked)."""
    values = {"name": name, "kind": kind, "address": address, "phone": phone, "hours": hours}
    values["serves_region"] = serves_region

    def refused(error: DomainError) -> Response:
        values["directions"] = directions
        return _form(request, session, user, None, values, error=error.message, status=error.status)

    on_refusal(refused)
    org = registry.create_organisation(session, actor=user, directions=directions, **values)
    flash(request, _("Organisation registered: %(name)s.") % {"name": org.name})
    return redirect(request, "/organisations")


@router.post("/organisations/{organisation_id}")
def update_organisation(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    organisation_id: int,
    name: OrgName,
    kind: OrgKind,
    address: Short = "",
    phone: Short = "",
    hours: Short = "",
    directions: Directions = [],  # noqa: B006
    serves_region: Annotated[bool, Form()] = False,
) -> Response:
    """Change an organisation's details and directions (and whether it serves the whole region)."""
    values = {"name": name, "kind": kind, "address": address, "phone": phone, "hours": hours}
    values["serves_region"] = serves_region

    def refused(error: DomainError) -> Response:
        org = registry.get_organisation(session, actor=user, organisation_id=organisation_id)
        values["directions"] = directions
        return _form(request, session, user, org, values, error=error.message, status=error.status)

    on_refusal(refused)
    org = registry.update_organisation(
        session, actor=user, organisation_id=organisation_id, directions=directions, **values
    )
    flash(request, _("Organisation saved: %(name)s.") % {"name": org.name})
    return redirect(request, "/organisations")


@router.get("/clients")
def client_list(
    request: Request, session: SessionDep, user: PageOrganiser, q: str = "", page: int = 1
) -> Response:
    """The district's clients by code, searchable (no personal fields in the list)."""
    per_page = get_settings().page_size
    q, page = q.strip()[:40], page_number(page)
    rows, total = clients.list_clients(session, actor=user, search=q, page=page, per_page=per_page)
    pager = Pager(page=page, per_page=per_page, total=total, base="/clients", params={"q": q})
    context = {"clients": rows, "pager": pager, "q": q}
    return render(request, "clients.html", context, user=user, block="client_list")


def _client_page(
    request: Request,
    session: SessionDep,
    user: User,
    client_id: int,
    *,
    notes: list[dict] | None = None,
    status: int = 200,
) -> Response:
    client = clients.get_client(session, actor=user, client_id=client_id)
    clients.log_personal_view(session, actor=user, client=client)
    rows, _total = coupons.list_coupons(session, actor=user, client_id=client.id, per_page=100)
    context = {
        "client": client,
        "coupons": coupons.coupon_views(session, rows, actor=user),
        "categories_now": {c.code for c in clients.categories_on(session, client=client)},
        "category_history": clients.category_history(session, client=client),
        "category_choices": registry.list_categories(session, active_only=False),
        "curator": curation.curator_of(session, client.id),
        "needs": curation.list_needs(session, actor=user, client_id=client.id),
        "messages": notes or [],
        "between_targets": between_targets(session, user, client),
        "handover_targets": handover.target_districts(session, user),
        "handover_days": handover.READABLE_DAYS,
        "handovers": handover.handovers_of_client(session, actor=user, client_id=client.id),
    }
    return render(request, "client.html", context, user=user, block="personal", status=status)


@router.get("/clients/{client_id}")
def client_page(request: Request, session: WriteSessionDep, user: PageOrganiser, client_id: int) -> Response:
    """One client: code, consent and personal fields (the view is audited), and their coupons."""
    return _client_page(request, session, user, client_id)


@router.post("/clients/{client_id}")
def save_personal(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    client_id: int,
    consent: Annotated[bool, Form()] = False,
    full_name: Annotated[str, Form(max_length=300)] = "",
    birth_date: Annotated[date | None, Form()] = None,
    phone: Annotated[str, Form(max_length=50)] = "",
) -> Response:
    """Record the client's consent and personal fields."""
    client = clients.get_client(session, actor=user, client_id=client_id)

    def refused(error: DomainError) -> Response:
        note = refusal_note(error, "personal")
        if wants_fragment(request):
            return _client_page(request, session, user, client_id, notes=[note], status=error.status)
        refuse(request, error, where="personal")
        return redirect(request, f"/clients/{client_id}")

    on_refusal(refused)
    clients.update_personal(
        session,
        actor=user,
        client=client,
        consent=consent,
        full_name=full_name or None,
        birth_date=birth_date,
        phone=phone or None,
    )
    message = _("Saved.")
    if wants_fragment(request):
        return _client_page(
            request, session, user, client_id, notes=[{"kind": "ok", "text": message, "where": "personal"}]
        )
    flash(request, message, where="personal")
    return redirect(request, f"/clients/{client_id}")


@router.post("/clients/{client_id}/withdraw-consent")
def withdraw_consent(request: Request, session: SessionDep, user: PageOrganiser, client_id: int) -> Response:
    """The client withdrew consent: their personal fields are erased."""
    client = clients.get_client(session, actor=user, client_id=client_id)

    def refused(error: DomainError) -> Response:
        refuse(request, error, where="personal")
        return redirect(request, f"/clients/{client_id}")

    on_refusal(refused)
    clients.withdraw_consent(session, actor=user, client=client)
    flash(request, _("Consent withdrawn: the personal fields were erased."), where="personal")
    return redirect(request, f"/clients/{client_id}")
