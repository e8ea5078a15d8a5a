"""Pages: print a pad of blank coupons for a booth, bind a blank at the stand, void the unused later."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import Response
from markupsafe import Markup

from fairs.api.deps import PageOrganiser, PageStaff, SessionDep, csrf_protect
from fairs.api.pages.common import flash, in_district_language, redirect, refusal_note, render
from fairs.api.pages.fair_views import active_organisations, parse_target, receiving_targets
from fairs.api.pages.once import FormKey, answered_before, kept
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import Booth, Fair, FairStatus, Role, User
from fairs.services import clients, coupons, registry, schedule
from fairs.services.coupons import coupon_url, format_short_code

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

PER_SHEET = 4  # as the coupons' own print view (api/pages/printing.py)


@router.get("/fairs/{fair_id}/booths/{booth_id}/pad")
def pad_form(
    request: Request, session: SessionDep, user: PageOrganiser, fair_id: int, booth_id: int
) -> Response:
    """How many blank coupons to print for the booth, and the pads printed so far."""
    return _pad_page(request, session, user, fair_id, booth_id)


def _pad_page(
    request: Request,
    session: SessionDep,
    user: User,
    fair_id: int,
    booth_id: int,
    *,
    error: DomainError | None = None,
    count: int = coupons.PAD_DEFAULT_COUNT,
) -> Response:
    booth, fair, printed = coupons.pad_form(session, actor=user, fair_id=fair_id, booth_id=booth_id)
    org = registry.get_organisation(session, actor=user, organisation_id=booth.organisation_id)
    context = {
        "fair": fair,
        "booth": booth,
        "org": org,
        "pads": printed,
        "count": count,
        "limits": (coupons.PAD_MIN_COUNT, coupons.PAD_MAX_COUNT),
        "printable": fair.status in coupons.PAD_PRINTABLE,
        "messages": [refusal_note(error)] if error else [],
    }
    return render(request, "pad.html", context, user=user, status=error.status if error else 200)


@router.post("/fairs/{fair_id}/booths/{booth_id}/pad")
def create_pad(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    fair_id: int,
    booth_id: int,
    count: Annotated[int, Form()] = coupons.PAD_DEFAULT_COUNT,
    idempotency_key: FormKey = "",
) -> Response:
    """Create the pad's blank coupons in one transaction, then show its printable sheet (once per form
    key: a repeat goes to the same pad)."""

    def refused(error: DomainError) -> Response:
        return _pad_page(request, session, user, fair_id, booth_id, error=error, count=count)

    on_refusal(refused)
    if (again := answered_before(request, session, user, idempotency_key, {"count": count})) is not None:
        return again
    pad = coupons.create_pad(session, actor=user, fair_id=fair_id, booth_id=booth_id, count=count)
    return kept(session, user, idempotency_key, redirect(request, f"/pads/{pad.id}"))


@router.get("/pads/{pad_id}")
def pad_sheet(request: Request, session: SessionDep, user: PageOrganiser, pad_id: int) -> Response:
    """The pad's blank coupons, four to an A4 sheet: organisation, fair, QR, code and lines to write on."""
    sheet = coupons.pad_sheet(session, actor=user, pad_id=pad_id)
    # The QR carries coupon_url(token) and nothing else, as on every coupon.
    # Printed in the district's language, whatever the organiser's screen is in.
    locale = registry.print_locale_of(session, [sheet.fair.district_id])
    items = [
        in_district_language(
            "partials/print_blank.html",
            {"sheet": sheet, "coupon": c, "svg": Markup(coupons.svg_for(coupon_url(c.token)))},  # noqa: S704
            locale,
        )
        for c in sheet.blanks
    ]
    sheets = [items[i : i + PER_SHEET] for i in range(0, len(items), PER_SHEET)]
    back = f"/fairs/{sheet.fair.id}/booths/{sheet.booth.id}/pad"
    context = {"sheet": sheet, "sheets": sheets, "back": back, "qr_warning": coupons.qr_address_warning()}
    return render(request, "pad_print.html", context, user=user)


def _bind_page(
    request: Request,
    session: SessionDep,
    user: User,
    booth: Booth,
    fair: Fair,
    *,
    kept: dict | None = None,
    bound: Any = None,
    error: DomainError | None = None,
) -> Response:
    org = registry.get_organisation(session, actor=user, organisation_id=booth.organisation_id)
    messages = [refusal_note(error)] if error else []
    if bound is not None:
        text = _("Coupon %(code)s bound for client %(client)s.") % {
            "code": format_short_code(bound.coupon.code),
            "client": bound.client_code,
        }
        messages.append({"kind": "ok", "text": text, "where": ""})
    context = {
        "fair": fair,
        "booth": booth,
        "org": org,
        "targets": receiving_targets(session, active_organisations(session, user, fair)),
        "back_entry": fair.status == FairStatus.closed and user.role == Role.organiser,
        "kept": kept or {},
        "bound": bound,
        "messages": messages,
    }
    answer = render(request, "pad_bind.html", context, user=user, status=error.status if error else 200)
    if error is not None and "retry_after" in error.extra:  # throttled (services/coupons/throttle.py)
        answer.headers["Retry-After"] = str(error.extra["retry_after"])
    return answer


@router.get("/booths/{booth_id}/bind")
def bind_form(
    request: Request, session: SessionDep, user: PageStaff, booth_id: int, code: str = ""
) -> Response:
    """The form to bind a blank coupon of the booth's pads: its code, the client, the target."""
    booth, fair = schedule.get_booth(session, actor=user, booth_id=booth_id)
    clients.ensure_booth_actor(user, booth)
    return _bind_page(request, session, user, booth, fair, kept={"code": code[:40]})


@router.post("/booths/{booth_id}/bind")
def bind(
    request: Request,
    session: SessionDep,
    user: PageStaff,
    booth_id: int,
    code: Annotated[str, Form(max_length=80)],
    client_code: Annotated[str, Form(max_length=40)],
    target: Annotated[str, Form(max_length=80)] = "",
    issued_on: Annotated[date | None, Form()] = None,
    idempotency_key: FormKey = "",
) -> Response:
    """Bind the blank: it becomes an issued coupon, with the same rules as issuing at the booth (once per
    form key: a repeat gets the first answer, not "this coupon is not blank")."""
    booth, fair = schedule.get_booth(session, actor=user, booth_id=booth_id)
    clients.ensure_booth_actor(user, booth)
    typed = {"code": code, "client_code": client_code, "target": target, "issued_on": issued_on}

    def refused(error: DomainError) -> Response:
        return _bind_page(request, session, user, booth, fair, kept=typed, error=error)

    on_refusal(refused)
    if (again := answered_before(request, session, user, idempotency_key, typed)) is not None:
        return again
    organisation_id, direction = parse_target(target)
    client = clients.find_client_by_code(session, actor=user, code=client_code)
    found = coupons.find_blank(session, actor=user, ref=code)
    if found.refusal is not None:
        # Answered, not raised: the refusal's scan row commits, and with it the key's claim, so the
        # refusal is kept as its answer (the page shown with it carries a fresh key for the next try).
        return kept(session, user, idempotency_key, refused(found.refusal))
    view = coupons.bind_blank(
        session,
        actor=user,
        coupon=found.coupon,
        client_id=client.id,
        organisation_id=organisation_id,
        direction=direction,
        booth_id=booth.id,
        issued_on=issued_on,
    )
    return kept(session, user, idempotency_key, _bind_page(request, session, user, booth, fair, bound=view))


@router.get("/fairs/{fair_id}/pads/void")
def void_form(request: Request, session: SessionDep, user: PageOrganiser, fair_id: int) -> Response:
    """The confirmation step before voiding the fair's unused blanks: how many there are."""
    fair, blanks = coupons.count_blanks(session, actor=user, fair_id=fair_id)
    context = {"fair": fair, "blanks": blanks, "over": fair.status in coupons.FAIR_OVER}
    return render(request, "pad_void.html", context, user=user)


@router.post("/fairs/{fair_id}/pads/void")
def void_blanks(
    request: Request, session: SessionDep, user: PageOrganiser, fair_id: int, idempotency_key: FormKey = ""
) -> Response:
    """Void every coupon of the fair's pads still blank (after the fair; once per form key: a repeat gets
    the first answer)."""

    def refused(error: DomainError) -> Response:
        fair, blanks = coupons.count_blanks(session, actor=user, fair_id=fair_id)
        context = {
            "fair": fair,
            "blanks": blanks,
            "over": fair.status in coupons.FAIR_OVER,
            "messages": [refusal_note(error)],
        }
        return render(request, "pad_void.html", context, user=user, status=error.status)

    on_refusal(refused)
    if (again := answered_before(request, session, user, idempotency_key, {})) is not None:
        return again
    voided = coupons.void_blanks(session, actor=user, fair_id=fair_id)
    flash(request, _("Unused blank coupons voided: %(count)s.") % {"count": voided})
    return kept(session, user, idempotency_key, redirect(request, f"/fairs/{fair_id}"))
