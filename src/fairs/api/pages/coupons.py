"""Pages: the coupon screen (scan or typed code) with its colour-coded answer, redeem, outcome, cancel."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from fairs.api.deps import PageStaff, SessionDep, WriteSessionDep, csrf_protect
from fairs.api.pages.common import flash, redirect, refusal_note, render, screen_url, wants_fragment
from fairs.api.pages.once import FormKey, answered_before, kept
from fairs.api.routing import Router, on_refusal
from fairs.clock import local_today
from fairs.errors import DomainError
from fairs.i18n import N_, _, current_locale
from fairs.models import NONHIRE_OUTCOMES, Role, User
from fairs.services import coupons
from fairs.services.coupons import CouponView
from fairs.services.registry import list_reasons, outcomes_by_direction

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

JUST_DONE = "coupon_just_done"

# How each refusal of services.coupons and coupon_changes looks on the screen: colour and headline.
REFUSALS = {
    "already_redeemed": ("amber", N_("Already redeemed")),
    "expired": ("red", N_("Expired")),
    "cancelled": ("red", N_("Cancelled")),
    "other_organisation": ("red", N_("Wrong organisation")),
    "unknown_code": ("red", N_("Unknown code")),
    "mistyped_code": ("red", N_("Mistyped code")),
    "too_many_attempts": ("red", N_("Too many attempts")),
}


@dataclass
class Verdict:
    """The answer shown large at the top of the coupon screen."""

    colour: str  # green, amber or red
    title: str  # a msgid, translated in the template
    detail: str  # already translated
    code: str  # the machine code (valid, redeemed_now, or a refusal code)


is_receiver = coupons.is_receiver


def refusal_verdict(error: DomainError) -> Verdict:
    """A refusal of the service, as the screen shows it."""
    colour, title = REFUSALS.get(error.code, ("red", N_("Not valid")))
    return Verdict(colour, title, error.message, error.code)


def state_verdict(view: CouponView, user: User, *, just: str = "") -> Verdict:
    """The coupon's current state, as the screen shows it to `user`.

    `just` is what this user has just done to it ("redeemed", "outcome"): that is news, not a refusal."""
    c = view.coupon
    if view.state == "issued":
        if is_receiver(user, c):
            return Verdict("green", N_("Valid"), _("Redeem it to record that the person came."), "valid")
        return Verdict(
            "red",
            REFUSALS["other_organisation"][1],
            _("This coupon is addressed to another organisation: %(org)s.") % {"org": view.organisation.name},
            "other_organisation",
        )
    if view.state == "redeemed":
        if view.receiver_side_hidden:  # the issuer learns that it was redeemed and on which day, nothing more
            detail = _("The receiving organisation redeemed it on %(day)s.") % {
                "day": view.redeemed_on.strftime("%d.%m.%Y") if view.redeemed_on else "?"
            }
            return Verdict("amber", N_("Redeemed"), detail, "redeemed")
        redeemed = _("Already redeemed on %(day)s by %(who)s.") % {
            "day": view.redeemed_on.strftime("%d.%m.%Y") if view.redeemed_on else "?",
            "who": view.redeemed_by or "?",
        }
        if just == "redeemed":
            detail = _("Record the outcome when it is known.")
            return Verdict("green", N_("Redeemed now"), detail, "redeemed_now")
        if just == "outcome" and view.outcome is not None:
            return Verdict(
                "green", N_("Outcome recorded"), view.outcome.name(current_locale.get()), "outcome"
            )
        return Verdict("amber", REFUSALS["already_redeemed"][1], redeemed, "already_redeemed")
    if view.state == "cancelled":
        detail = _("This coupon was cancelled.")
        if c.cancel_reason:
            detail += " " + _("Reason: %(reason)s") % {"reason": c.cancel_reason}
        return Verdict("red", REFUSALS["cancelled"][1], detail, "cancelled")
    detail = _("This coupon expired on %(day)s.") % {"day": c.expires_on.strftime("%d.%m.%Y")}
    return Verdict("red", REFUSALS["expired"][1], detail, "expired")


def _screen(
    request: Request,
    session: SessionDep,
    user: User,
    ref: str,
    *,
    just: str = "",
    notes: list[dict] | None = None,
    status: int | None = None,
    log: bool = False,
) -> Response:
    """The coupon screen for `ref`: the verdict, the coupon's facts and the actions `user` may take.

    `log` writes the look-up to the scan log (a scan; not the screen shown again after an action)."""
    context: dict = {"ref": ref, "view": None, "outcomes": [], "messages": notes or []}
    # A refused look-up is this screen's answer, not an error: what it wrote (the scan row) commits.
    try:
        if log:
            found = coupons.look_up(session, actor=user, ref=ref)
            if found.refusal is not None:
                raise found.refusal
            view = found.view
        else:
            view = coupons.find_coupon_view(session, actor=user, ref=ref)
    except DomainError as error:
        context["verdict"] = refusal_verdict(error)
        answer = render(
            request, "coupon.html", context, user=user, block="result", status=status or error.status
        )
        if "retry_after" in error.extra:  # throttled (services/coupons/throttle.py)
            answer.headers["Retry-After"] = str(error.extra["retry_after"])
        return answer
    coupon = view.coupon
    receiver = is_receiver(user, coupon)
    organiser = user.role == Role.organiser
    outcomes = outcomes_by_direction(session).get(coupon.direction_id, []) if receiver else []
    context.update(
        view=view,
        verdict=state_verdict(view, user, just=just),
        receiver=receiver,
        can_cancel=organiser and view.state == "issued",
        can_annul=organiser and coupon.status == "redeemed",
        scan_log=coupons.coupon_scans(session, actor=user, coupon=coupon, per_page=20) if organiser else None,
        outcomes=outcomes,
        nonhire_reasons=list_reasons(session) if any(o.code in NONHIRE_OUTCOMES for o in outcomes) else [],
        nonhire=coupons.details_of(session, coupon_id=coupon.id) if receiver and coupon.outcome_id else None,
        action_base=f"/coupons/{quote(ref, safe='')}",
        today=local_today(),
        idempotency_key=secrets.token_urlsafe(16),
    )
    return render(request, "coupon.html", context, user=user, block="result", status=status or 200)


@router.get("/redeem")
def redeem_form(request: Request, user: PageStaff) -> Response:
    """Moved for good to /scan (the camera and the typed code on one page), the typed `?code=` kept."""
    query = request.url.query
    return RedirectResponse(f"/scan?{query}" if query else "/scan", status_code=308)


@router.get("/c/{token}")
def coupon_by_token(request: Request, session: WriteSessionDep, user: PageStaff, token: str) -> Response:
    """What a scanned QR code opens: is this coupon valid here, now?"""
    return _by_ref(request, session, user, token[:80])


@router.get("/coupons/{code}")
def coupon_by_code(request: Request, session: WriteSessionDep, user: PageStaff, code: str) -> Response:
    """The same screen for a typed short code."""
    return _by_ref(request, session, user, code[:80])


def _by_ref(request: Request, session: SessionDep, user: User, ref: str) -> Response:
    marker = request.session.pop(JUST_DONE, None) or {}
    # The screen shown again after the user's own action (done or refused) is news of that action, not
    # another scan; the action was logged.
    again = bool(marker) and marker.get("ref") == ref
    return _screen(request, session, user, ref, just=marker.get("what", "") if again else "", log=not again)


def _answer(
    request: Request,
    session: SessionDep,
    user: User,
    ref: str,
    *,
    ok: str | None = None,
    error: DomainError | None = None,
    just: str = "",
) -> Response:
    """After an action: the fresh result block for htmx, else a message and back to the screen."""
    if error:
        notes = [refusal_note(error, "result")]
    else:
        notes = [{"kind": "ok", "text": ok, "where": "result"}] if ok else []
    if wants_fragment(request):
        status = error.status if error else None
        return _screen(request, session, user, ref, just=just, notes=notes, status=status)
    request.session[JUST_DONE] = {"ref": ref, "what": just}
    for note in notes:
        flash(request, note["text"], note["kind"], where="result", code=note.get("code", ""))
    return redirect(request, screen_url(ref))


@router.post("/coupons/{ref}/redeem")
def redeem(
    request: Request,
    session: SessionDep,
    user: PageStaff,
    ref: str,
    redeemed_on: Annotated[date | None, Form()] = None,
    idempotency_key: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Redeem the coupon (at most once); organisers may give the date from a paper stub.

    The form carries a key made when it was shown: sent again (a double tap, a retry after a network
    blip), it gets the first answer again instead of "already redeemed"."""
    ref = ref[:80]
    # A key reused for another request is refused as a whole (rolled back); a refusal of the coupon is
    # part of the answer, and its scan row and kept answer commit with the request.
    on_refusal(lambda error: _answer(request, session, user, ref, error=error))
    done = coupons.redeem(
        session, actor=user, ref=ref, redeemed_on=redeemed_on, key=idempotency_key or None, face="page"
    )
    coupons.keep_answer(session, done)
    if done.refusal is not None:
        return _answer(request, session, user, ref, error=done.refusal)
    return _answer(request, session, user, ref, just="redeemed")


@router.post("/coupons/{ref}/outcome")
def outcome(
    request: Request,
    session: SessionDep,
    user: PageStaff,
    ref: str,
    outcome: Annotated[str, Form(max_length=50)],
    idempotency_key: FormKey = "",
    reason: Annotated[str, Form(max_length=50)] = "",
    employer: Annotated[str, Form(max_length=1000)] = "",
    profession: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Record the outcome of a redeemed coupon (once per form key); «not hired» and «not eligible» with
    the reason, employer and profession the form's fields give (left empty for any other outcome)."""
    ref = ref[:80]
    on_refusal(lambda error: _answer(request, session, user, ref, error=error))
    why = coupons.NonhireDetails(reason=reason, employer=employer, profession=profession)
    typed = {"outcome": outcome, "reason": reason, "employer": employer, "profession": profession}
    if (again := answered_before(request, session, user, idempotency_key, typed)) is not None:
        return again
    coupon = coupons.find_coupon(session, actor=user, ref=ref)
    coupons.record_outcome(session, actor=user, coupon=coupon, outcome=outcome, nonhire=why)
    return kept(session, user, idempotency_key, _answer(request, session, user, ref, just="outcome"))


@router.post("/coupons/{ref}/cancel")
def cancel(
    request: Request,
    session: SessionDep,
    user: PageStaff,
    ref: str,
    reason: Annotated[str, Form(max_length=500)] = "",
    idempotency_key: FormKey = "",
) -> Response:
    """Cancel an unredeemed coupon issued in error (organisers), with a reason (once per form key)."""
    ref = ref[:80]
    on_refusal(lambda error: _answer(request, session, user, ref, error=error))
    if (again := answered_before(request, session, user, idempotency_key, {"reason": reason})) is not None:
        return again
    coupon = coupons.find_coupon(session, actor=user, ref=ref)
    coupons.cancel_coupon(session, actor=user, coupon=coupon, reason=reason)
    answer = _answer(request, session, user, ref, ok=_("The coupon is cancelled."))
    return kept(session, user, idempotency_key, answer)


@router.post("/coupons/{ref}/annul")
def annul(
    request: Request,
    session: SessionDep,
    user: PageStaff,
    ref: str,
    reason: Annotated[str, Form(max_length=2000)] = "",
    confirm: Annotated[str, Form(max_length=10)] = "",
    idempotency_key: FormKey = "",
) -> Response:
    """Annul a redemption made in error (organisers), with a reason; the form's checkbox confirms it (once
    per form key)."""
    ref = ref[:80]
    on_refusal(lambda error: _answer(request, session, user, ref, error=error))
    asked = {"reason": reason, "confirm": confirm}
    if (again := answered_before(request, session, user, idempotency_key, asked)) is not None:
        return again
    coupon = coupons.find_coupon(session, actor=user, ref=ref)
    if user.role == Role.organiser and confirm != "yes":
        raise DomainError(_("Tick the box to confirm the annulment."), code="confirm_required")
    coupons.annul_redemption(session, actor=user, coupon=coupon, reason=reason)
    answer = _answer(request, session, user, ref, ok=_("The redemption is annulled."))
    return kept(session, user, idempotency_key, answer)
