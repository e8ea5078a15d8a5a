"""A curator's people and what is overdue for each: a need of the plan still open or in progress past its
due date, and a coupon still issued (neither redeemed, cancelled nor expired) OVERDUE_DAYS after its issue,
as the committee's report counts one overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_
from sqlmodel import Session, func, select

from fairs.clock import local_today
from fairs.errors import Forbidden
from fairs.i18n import _
from fairs.models import (
    OVERDUE_DAYS,
    PENDING_NEEDS,
    Client,
    ClientCurator,
    Coupon,
    CouponStatus,
    PlanNeed,
    Role,
    User,
)


@dataclass(frozen=True, slots=True)
class Person:
    """One of a curator's people: the client (code, sex, birth year), since when, and what is overdue."""

    client: Client
    assigned_on: date
    needs_overdue: int
    coupons_overdue: int
    open_needs: int

    @property
    def overdue(self) -> bool:
        return bool(self.needs_overdue or self.coupons_overdue)


def _counts(session: Session, client_ids: list[int]) -> tuple[dict, dict, dict]:
    today = local_today()
    pending = PlanNeed.status.in_([s.value for s in PENDING_NEEDS])
    late = select(PlanNeed.client_id, func.count()).where(
        PlanNeed.client_id.in_(client_ids), pending, PlanNeed.due_on < today
    )
    open_ = select(PlanNeed.client_id, func.count()).where(PlanNeed.client_id.in_(client_ids), pending)
    coupons = select(Coupon.client_id, func.count()).where(
        Coupon.client_id.in_(client_ids),
        Coupon.status == CouponStatus.issued,
        Coupon.issued_on <= today - timedelta(days=OVERDUE_DAYS),
        or_(Coupon.expires_on.is_(None), Coupon.expires_on >= today),
    )
    return tuple(  # type: ignore[return-value]
        dict(session.exec(q.group_by(q.selected_columns[0])).all()) for q in (late, coupons, open_)
    )


def my_people(
    session: Session, *, actor: User, overdue_only: bool = False, page: int = 1, per_page: int = 50
) -> tuple[list[Person], int]:
    """A page of the curator's people by client code (`overdue_only`: those with something overdue), and
    how many there are."""
    if actor.role != Role.curator:
        raise Forbidden(_("Only curators have people of their own."))
    rows = session.exec(
        select(Client, ClientCurator.assigned_on)
        .join(ClientCurator, ClientCurator.client_id == Client.id)
        .where(ClientCurator.curator_id == actor.id, Client.district_id == actor.district_id)
        .order_by(Client.code)
    ).all()
    late, coupons, open_ = _counts(session, [c.id for c, _day in rows]) if rows else ({}, {}, {})
    people = [Person(c, day, late.get(c.id, 0), coupons.get(c.id, 0), open_.get(c.id, 0)) for c, day in rows]
    # Paged here, after the counts: a curator accompanies tens of people, and "only the overdue" needs them.
    if overdue_only:
        people = [p for p in people if p.overdue]
    return people[(page - 1) * per_page : page * per_page], len(people)
