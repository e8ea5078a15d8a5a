"""Pages: the inbox of a receiving organisation (expected, redeemed, expired coupons), outcomes from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageStaff, SessionDep, csrf_protect
from fairs.api.pages.common import (
    Pager,
    flash,
    local_or,
    page_number,
    redirect,
    refuse,
    render,
    wants_fragment,
)
from fairs.api.pages.once import FormKey, answered_before, kept
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.i18n import _, current_locale
from fairs.labels import pgettext
from fairs.models import Role, User
from fairs.numbers import whole_number
from fairs.services import coupons, registry
from fairs.services.registry import outcomes_by_direction
from fairs.templating import templates

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

PER_PAGE = 25


def inbox_tab_label(state: str) -> str:
    """The title of an inbox tab, translated (a context of its own: a tab names many coupons)."""
    labels = {
        "expected": pgettext("inbox", "Expected"),
        "redeemed": pgettext("inbox", "Redeemed"),
        "expired": pgettext("inbox", "Expired unused"),
    }
    return labels.get(state, state)


templates.env.globals["inbox_tab_label"] = inbox_tab_label


@dataclass
class InboxQuery:
    """What the inbox's address asks for: whose inbox, which tab, which filters, which page."""

    state: str = "expected"
    organisation_id: int | None = None
    fair_id: int | None = None
    direction: str = ""
    code: str = ""
    page: int = 1

    def params(self, **change: object) -> dict[str, str]:
        """The query parameters of this view but its page (with `change` applied), empty ones left out."""
        values: dict[str, object] = {
            "state": self.state,
            "organisation_id": self.organisation_id,
            "fair_id": self.fair_id,
            "direction": self.direction,
            "code": self.code,
        }
        values.update((k, v) for k, v in change.items() if k != "page")
        return {k: str(v) for k, v in values.items() if v not in (None, "")}

    def url(self, **change: object) -> str:
        """The inbox address of this view (with `change` applied; `page=None` goes to the first page)."""
        params = self.params(**change)
        page = change.get("page", self.page)
        if isinstance(page, int) and page > 1:
            params["page"] = str(page)
        return "/inbox?" + urlencode(params)

    @property
    def filtered(self) -> bool:
        """True when a filter narrows the list."""
        return bool(self.fair_id or self.direction or self.code)


def _int_or_none(text: str) -> int | None:
    # The filter form sends "" for "all": read it as no filter, not as a validation error.
    return whole_number(text, max_digits=9)


def _context(session: SessionDep, user: User, query: InboxQuery, request: Request) -> dict:
    context: dict = {"q": query, "org": None, "organisations": [], "fragment": wants_fragment(request)}
    if user.role == Role.organiser:
        context["organisations"] = [
            o for o in registry.list_organisations(session, actor=user) if o.district_id == user.district_id
        ]
        if query.organisation_id is None:
            return context
    org = coupons.inbox_organisation(session, actor=user, organisation_id=query.organisation_id)
    fairs, directions = coupons.inbox_filters(session, actor=user, organisation_id=org.id)
    rows, total = coupons.inbox_page(
        session,
        actor=user,
        state=query.state,
        organisation_id=org.id,
        fair_id=query.fair_id,
        direction=query.direction or None,
        code=query.code or None,
        page=query.page,
        per_page=PER_PAGE,
    )
    context.update(
        org=org,
        counts=coupons.inbox_counts(session, actor=user, organisation_id=org.id),
        fairs=fairs,
        directions=directions,
        rows=rows,
        outcomes=outcomes_by_direction(session),
        pager=Pager(page=query.page, per_page=PER_PAGE, total=total, base="/inbox", params=query.params()),
        next_url=query.url(),
    )
    return context


@router.get("/inbox")
def inbox_view(
    request: Request,
    session: SessionDep,
    user: PageStaff,
    state: str = "expected",
    organisation_id: str = "",
    fair_id: str = "",
    direction: str = "",
    code: str = "",
    page: int = 1,
) -> Response:
    """The coupons addressed to the organisation: expected, redeemed (outcome to record), expired unused."""
    query = InboxQuery(
        state=state if state in coupons.INBOX_STATES else "expected",
        organisation_id=_int_or_none(organisation_id) if user.role == Role.organiser else None,
        fair_id=_int_or_none(fair_id),
        direction=direction.strip()[:50],
        code=code.strip()[:40],
        page=page_number(page),
    )
    context = _context(session, user, query, request)
    return render(request, "inbox.html", context, user=user, block="inbox_list")


@router.post("/inbox/coupons/{code}/outcome")
def record_outcome(
    request: Request,
    session: SessionDep,
    user: PageStaff,
    code: str,
    outcome: Annotated[str, Form(max_length=50)],
    back: Annotated[str, Form(max_length=1000)] = "/inbox",
    idempotency_key: FormKey = "",
) -> Response:
    """Record the outcome of a redeemed coupon from the inbox (once per form key): the row is swapped, or
    back to the list."""
    # Back to the very list the row was on (only ever an inbox address of this site).
    back = local_or(back, "/inbox") if back.startswith("/inbox") else "/inbox"

    def refused(error: DomainError) -> Response:
        if wants_fragment(request):
            response = render(
                request,
                "partials/inbox_swap.html",
                {"error": error.message},
                user=user,
                block="refusal",
                status=error.status,
            )
            response.headers["HX-Reswap"] = "none"  # keep the row; the refusal shows above the list
            return response
        refuse(request, error)
        return redirect(request, back)

    on_refusal(refused)
    asked = {"outcome": outcome, "back": back}
    if (again := answered_before(request, session, user, idempotency_key, asked)) is not None:
        return again
    coupon = coupons.find_coupon(session, actor=user, ref=code[:40])
    coupons.record_outcome(session, actor=user, coupon=coupon, outcome=outcome)
    row = coupons.inbox_row(session, actor=user, coupon=coupon)
    done = _("Outcome recorded: %(outcome)s (coupon %(code)s).") % {
        "outcome": row.outcome.name(current_locale.get()) if row.outcome else "",
        "code": coupons.format_short_code(row.code),
    }
    if not wants_fragment(request):
        flash(request, done)
        return kept(session, user, idempotency_key, redirect(request, back))
    context = {
        "r": row,
        "outcomes": outcomes_by_direction(session),
        "next_url": back,
        "row_note": done,
        "counts": coupons.inbox_counts(session, actor=user, organisation_id=coupon.organisation_id),
        "q": _query_of(back, coupon.organisation_id if user.role == Role.organiser else None),
    }
    answer = render(request, "partials/inbox_swap.html", context, user=user, block="swap")
    return kept(session, user, idempotency_key, answer)


def _query_of(url: str, organisation_id: int | None) -> InboxQuery:
    """The view an inbox address shows (to keep the tabs' links when the counts are refreshed)."""
    params = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    state = params.get("state", "expected")
    return InboxQuery(
        state=state if state in coupons.INBOX_STATES else "expected",
        organisation_id=organisation_id,
        fair_id=_int_or_none(params.get("fair_id", "")),
        direction=params.get("direction", "")[:50],
        code=params.get("code", "")[:40],
    )
