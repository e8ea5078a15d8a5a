"""The committee's tally of handovers: persons handed over into the scope's districts from a district
outside the scope (in) and out of them to a district outside it (out), by the day the handover was made.

A handover between two districts of one scope (a region's report) is neither: the person stays in the
scope, and every other figure already counts a person once over its districts (by person). The re-issued
coupons count as any coupon of the receiving district (its office day of the handover's day); the
cancelled originals no longer count at home.
"""

from __future__ import annotations

from sqlalchemy import distinct, func, select
from sqlmodel import Session

from fairs.models import Handover
from fairs.services.report.results import Period, TallyScope

_handover = Handover.__table__.c


def handover_figures(session: Session, scope: TallyScope, period: Period) -> dict[str, int]:
    """Distinct persons handed over into and out of the scope's districts in the period."""
    inside = scope.district_ids
    made = _handover.made_on.between(period.start, period.end)
    persons = select(func.count(distinct(_handover.person_id)))
    arriving = persons.where(
        made, _handover.to_district_id.in_(inside), _handover.from_district_id.not_in(inside)
    )
    leaving = persons.where(
        made, _handover.from_district_id.in_(inside), _handover.to_district_id.not_in(inside)
    )
    return {
        "handovers_in": int(session.execute(arriving).scalar_one()),
        "handovers_out": int(session.execute(leaving).scalar_one()),
    }
