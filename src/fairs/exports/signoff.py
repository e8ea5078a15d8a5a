"""The committee workbook's line for a submitted period: «Представлено 05.01.2027, Иванова А. А.» under the
heading of Сводка, when this very month or quarter of this one district is submitted (and not reopened)."""

from __future__ import annotations

from sqlmodel import Session

from fairs.i18n import _
from fairs.services import report
from fairs.services.report import Period, TallyScope


def submitted_line(session: Session, *, scope: TallyScope, period: Period) -> str | None:
    """What the summary says under its heading about the submission of `period`; None: not submitted."""
    if len(scope.district_ids) != 1:
        return None
    found = report.period_submission(session, district_id=scope.district_ids[0], period=period)
    if found is None:
        return None
    return _("Submitted %(day)s, %(who)s") % {
        "day": found.submitted_on.strftime("%d.%m.%Y"),
        "who": found.submitted_by,
    }
