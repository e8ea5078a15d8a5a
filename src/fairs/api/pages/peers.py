"""Pages of the district's organisers: invitation slips for peers (give, print, void) and the recruiter's
incentive. A peer's slip is entered when the visitor registers on the fair day (pages/fair_day.py)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Form, Request
from fastapi.responses import Response
from markupsafe import Markup

from fairs.api.deps import PageOrganiser, SessionDep, csrf_protect
from fairs.api.pages.common import (
    Pager,
    flash,
    in_district_language,
    page_number,
    redirect,
    refuse,
    render,
)
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.numbers import whole_number
from fairs.services import clients, coupons, peers, registry

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)
PER_PAGE = 50  # slips a page


def _back(request: Request, url: str):  # noqa: ANN202
    """A refusal: the list again, with the refusal above it."""

    def answer(error: DomainError) -> Response:
        refuse(request, error, where="peers")
        return redirect(request, url)

    return answer


def _list_url(client_code: str) -> str:
    return f"/peers?client={quote(client_code)}" if client_code else "/peers"


@router.get("/peers")
def peers_page(
    request: Request, session: SessionDep, user: PageOrganiser, client: str = "", page: int = 1
) -> Response:
    """A page of the district's invitations for peers (or one client's), and the form to give slips."""
    code, page = client.strip()[:40], page_number(page)
    lines, total = peers.page_of_invitations(
        session, actor=user, client_code=code, page=page, per_page=PER_PAGE
    )
    context = {
        "lines": lines,
        "pager": Pager(page, PER_PAGE, total, "/peers", {"client": code}),
        "client_code": code,
        "most": peers.MAX_PER_CLIENT,
        "valid_days": peers.VALID_DAYS,
    }
    return render(request, "peers.html", context, user=user)


@router.post("/peers/invitations")
def give_invitations(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    client_code: Annotated[str, Form(max_length=40)],
    count: Annotated[int, Form(ge=1, le=3)] = 3,
) -> Response:
    """Give the client with this code `count` slips, then print them."""
    on_refusal(_back(request, _list_url(client_code.strip())))
    client = clients.find_client_by_code(session, actor=user, code=client_code)
    made = peers.issue_invitations(session, actor=user, client=client, count=count)
    return redirect(request, "/peers/slips?ids=" + ",".join(str(one.id) for one in made))


@router.get("/peers/slips")
def print_slips(request: Request, session: SessionDep, user: PageOrganiser, ids: str = "") -> Response:
    """The open slips among `ids`, each on its A6 page, in the district's language of printed matter: the
    slip's code and a QR of its token, the last day, the next fair; nothing about anybody."""
    # Typed into the address bar at worst: anything but a plain id is left out.
    read = (whole_number(one, max_digits=12) for one in ids[:400].split(",")[:30])
    wanted = [one for one in read if one is not None]
    cards = []
    for slip in peers.slips(session, actor=user, ids=wanted):
        svg = Markup(coupons.svg_for(slip.invitation.token))  # noqa: S704 (the library's SVG)
        locale = registry.print_locale_of(session, [slip.invitation.district_id])
        cards.append(
            in_district_language("partials/print_peer_slip.html", {"slip": slip, "svg": svg}, locale)
        )
    context = {"sheets": [[card] for card in cards], "layout": "a6", "back": "/peers"}
    return render(request, "print.html", context, user=user)


@router.post("/peers/invitations/{invitation_id}/void")
def void_invitation(
    request: Request, session: SessionDep, user: PageOrganiser, invitation_id: int
) -> Response:
    """Void an unused slip (lost, or given in error)."""
    invitation = peers.get_invitation(session, actor=user, invitation_id=invitation_id)  # else 404
    on_refusal(_back(request, "/peers"))
    peers.void_invitation(session, actor=user, invitation=invitation)
    flash(
        request,
        _("The invitation %(code)s is voided.") % {"code": coupons.format_short_code(invitation.code)},
        where="peers",
    )
    return redirect(request, "/peers")


@router.post("/peers/invitations/{invitation_id}/incentive")
def record_incentive(
    request: Request, session: SessionDep, user: PageOrganiser, invitation_id: int
) -> Response:
    """Record that the recruiter got the incentive for the recruit who came with this slip."""
    invitation = peers.get_invitation(session, actor=user, invitation_id=invitation_id)  # else 404
    on_refusal(_back(request, "/peers"))
    peers.record_incentive(session, actor=user, invitation=invitation)
    flash(request, _("The incentive is recorded."), where="peers")
    return redirect(request, "/peers")
