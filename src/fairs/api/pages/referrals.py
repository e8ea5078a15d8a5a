"""Pages: the issuing organisation's outgoing referrals — the coupons its booth gave out, used or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from fastapi import Depends, Query, Request
from fastapi.responses import Response

from fairs.api.deps import PageStaff, SessionDep, csrf_protect
from fairs.api.pages.common import Pager, page_number, render, wants_fragment
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.labels import pgettext
from fairs.models import Role, User
from fairs.numbers import whole_number
from fairs.services import coupons, registry
from fairs.templating import templates

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

PER_PAGE = 25
TABS = ("", *coupons.ISSUED_STATES)  # "" = all of them


def issued_tab_label(state: str) -> str:
    """The title of a tab of the outgoing referrals, translated."""
    labels = {
        "": pgettext("issued", "All"),
        "waiting": pgettext("issued", "Waiting"),
        "redeemed": pgettext("issued", "Redeemed"),
        "expired": pgettext("issued", "Expired unused"),
    }
    return labels.get(state, state)


def issued_state_label(state: str) -> str:
    """One coupon's state in the list, translated."""
    labels = {
        "waiting": pgettext("coupon", "waiting"),
        "redeemed": pgettext("coupon", "redeemed"),
        "expired": pgettext("coupon", "expired unused"),
    }
    return labels.get(state, state)


templates.env.globals["issued_tab_label"] = issued_tab_label
templates.env.globals["issued_state_label"] = issued_state_label


def _day_or_none(text: str) -> date | None:
    # A date field left empty (or mangled by hand in the address) means no bound, not an error.
    try:
        return date.fromisoformat(text.strip()[:10]) if text.strip() else None
    except ValueError:
        return None


@dataclass
class IssuedQuery:
    """What the page's address asks for: whose coupons, which state, which period, which page."""

    state: str = ""
    organisation_id: int | None = None
    issued_from: date | None = None
    issued_to: date | None = None
    page: int = 1

    def params(self, **change: object) -> dict[str, str]:
        """The query parameters of this view but its page (with `change` applied), empty ones left out."""
        values: dict[str, object] = {
            "state": self.state,
            "organisation_id": self.organisation_id,
            "from": self.issued_from.isoformat() if self.issued_from else None,
            "to": self.issued_to.isoformat() if self.issued_to else None,
        }
        values.update((k, v) for k, v in change.items() if k != "page")
        return {k: str(v) for k, v in values.items() if v not in (None, "")}

    def url(self, **change: object) -> str:
        """The page's address for this view with `change` applied (always the first page)."""
        return "/referrals?" + urlencode(self.params(**change))

    @property
    def unfiltered_url(self) -> str:
        """The same organisation's coupons, all states, any period."""
        return self.url(state="", **{"from": None, "to": None})

    @property
    def filtered(self) -> bool:
        """True when a period narrows the list."""
        return bool(self.issued_from or self.issued_to)


def _picker(session: SessionDep, user: User) -> list:
    """The organisations an organiser may pick (those of the district); a partner picks none."""
    if user.role != Role.organiser:
        return []
    return [o for o in registry.list_organisations(session, actor=user) if o.district_id == user.district_id]


def _context(session: SessionDep, user: User, query: IssuedQuery, request: Request) -> dict:
    context: dict = {"q": query, "org": None, "fragment": wants_fragment(request)}
    context["organisations"] = _picker(session, user)
    if user.role == Role.organiser and query.organisation_id is None:
        return context  # the organiser picks an organisation first
    org = coupons.issuing_organisation(session, actor=user, organisation_id=query.organisation_id)
    context["org"] = org
    period = coupons.IssuedFilter(issued_from=query.issued_from, issued_to=query.issued_to)
    wanted = coupons.IssuedFilter(
        state=query.state or None, issued_from=query.issued_from, issued_to=query.issued_to
    )
    rows, total = coupons.issued_page(
        session, actor=user, organisation_id=org.id, issued=wanted, page=query.page, per_page=PER_PAGE
    )
    context.update(
        counts=coupons.issued_counts(session, actor=user, organisation_id=org.id, issued=period),
        rows=rows,
        pager=Pager(
            page=query.page, per_page=PER_PAGE, total=total, base="/referrals", params=query.params()
        ),
    )
    return context


@router.get("/referrals")
def issued_referrals(
    request: Request,
    session: SessionDep,
    user: PageStaff,
    state: str = "",
    organisation_id: str = "",
    issued_from: str = Query("", alias="from", max_length=40),
    issued_to: str = Query("", alias="to", max_length=40),
    page: int = 1,
) -> Response:
    """The coupons the organisation issued, newest first: waiting, redeemed (on which day) or expired."""
    query = IssuedQuery(
        state=state if state in coupons.ISSUED_STATES else "",
        organisation_id=whole_number(organisation_id, max_digits=9) if user.role == Role.organiser else None,
        issued_from=_day_or_none(issued_from),
        issued_to=_day_or_none(issued_to),
        page=page_number(page),
    )

    def refused(error: DomainError) -> Response:
        # A period that ends before it starts: the form again, as typed, with the reason.
        context = {"q": query, "org": None, "organisations": _picker(session, user), "refusal": error.message}
        return render(request, "referrals.html", context, user=user, status=error.status)

    on_refusal(refused)
    context = _context(session, user, query, request)
    return render(request, "referrals.html", context, user=user, block="issued_list")
