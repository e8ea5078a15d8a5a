"""The committee's tally between fairs: coupons issued from a client's page on a working day, not at a fair.

Such a coupon is made at its district's office day (a `fair` row of kind `between`, services/schedule), so
every other pass counts it as it counts any coupon (by the office day's date); this pass says how many of
them there were and to how many distinct persons. Office days are few (one per district and working day
with such a coupon), so the query starts from them and seeks their coupons in the per-fair index.
"""

from __future__ import annotations

from sqlalchemy import and_, distinct, func, select
from sqlmodel import Session

from fairs.models import Coupon, Fair, FairKind
from fairs.services.report import queries as q
from fairs.services.report.results import Period, TallyScope

_fair, _coupon = Fair.__table__.c, Coupon.__table__.c


def between_figures(session: Session, scope: TallyScope, period: Period) -> dict[str, int]:
    """Coupons issued between fairs in the scope's districts and the period (cancelled ones and blanks not
    counted), and the distinct persons they were issued to (a person is one over every district)."""
    office_days = and_(
        _fair.kind == FairKind.between.value,
        _fair.district_id.in_(scope.district_ids),
        _fair.date.between(period.start, period.end),
    )
    query = (
        select(func.count(), func.count(distinct(_coupon.person_id)))
        .select_from(q.ordered_join(Fair.__table__, Coupon.__table__, _coupon.fair_id == _fair.id))
        .where(office_days, q.counts(_coupon.status))
    )
    coupons, persons = session.execute(query).one()
    return {"coupons_between_fairs": int(coupons), "persons_referred_between_fairs": int(persons)}
