"""The committee's report: the one tally and its passes, the period and scope, the coupon register and
the definitions."""

from __future__ import annotations

from fairs.services.report.cohort_view import (
    CohortLine,
    CohortMilestone,
    CohortTable,
    cohort_view,
)
from fairs.services.report.comparison import (
    DIRECTION_FIGURES,
    PREVIOUS_YEAR,
    SUMMARY_FIGURES,
    Comparison,
    previous_year,
    summary_figures,
    year_earlier,
)
from fairs.services.report.definitions import (
    DEFINITIONS,
    DEFINITIONS_BY_KEY,
    FAIR_DATE_RULE,
    definition_label,
)
from fairs.services.report.nonhire_view import (
    FIGURES as NONHIRE_FIGURES,
)
from fairs.services.report.nonhire_view import (
    NonhireDetail,
    NonhireLine,
    NonhireTable,
    nonhire_view,
)
from fairs.services.report.period import (
    Choice,
    PeriodError,
    parse_period,
    parse_range,
    period_kind,
    period_phrase,
    period_words,
)
from fairs.services.report.readers import (
    REPORT_READERS,
    ROW_READERS,
    categories_for,
    ensure_report_reader,
    ensure_row_reader,
    nonhire_for,
    report_scope,
    sees_rows,
)
from fairs.services.report.region import (
    RegionReport,
    district_scopes,
    region_report,
)
from fairs.services.report.register import (
    register_rows,
    register_size,
)
from fairs.services.report.results import (
    CategoryRow,
    DirectionRow,
    FairRow,
    MonthRow,
    NonhireReasonRow,
    NonhireRow,
    OrganisationRow,
    OverdueCoupon,
    Period,
    Tally,
    TallyScope,
)
from fairs.services.report.settings import (
    FIELDS as SETTINGS_FIELDS,
)
from fairs.services.report.settings import (
    Letterhead,
    letterhead,
    report_settings,
    set_report_settings,
)
from fairs.services.report.signoff import (
    PeriodSignoff,
    Submission,
    list_submissions,
    period_signoff,
    period_submission,
    reopen_submission,
    submit_period,
)
from fairs.services.report.snapshot import report_tally
from fairs.services.report.suppression import (
    FIGURES as CATEGORY_FIGURES,
)
from fairs.services.report.suppression import (
    SUPPRESSED,
    CategoryChange,
    CategoryLine,
    CategoryTable,
    category_changes,
    category_table,
    category_view,
    lines_before,
    lines_of,
)
from fairs.services.report.tally import (
    OVERDUE_DAYS,
    committee_tally,
    overdue_coupons,
)

__all__ = [
    "CohortLine",
    "CohortMilestone",
    "CohortTable",
    "cohort_view",
    "NONHIRE_FIGURES",
    "NonhireDetail",
    "NonhireLine",
    "NonhireReasonRow",
    "NonhireRow",
    "NonhireTable",
    "nonhire_for",
    "nonhire_view",
    "categories_for",
    "category_changes",
    "CATEGORY_FIGURES",
    "CategoryChange",
    "lines_before",
    "lines_of",
    "CategoryTable",
    "category_view",
    "CategoryLine",
    "CategoryRow",
    "SUPPRESSED",
    "category_table",
    "RegionReport",
    "district_scopes",
    "region_report",
    "PeriodSignoff",
    "Submission",
    "list_submissions",
    "period_signoff",
    "period_submission",
    "reopen_submission",
    "submit_period",
    "Comparison",
    "DIRECTION_FIGURES",
    "PREVIOUS_YEAR",
    "SUMMARY_FIGURES",
    "previous_year",
    "summary_figures",
    "year_earlier",
    "REPORT_READERS",
    "ROW_READERS",
    "ensure_report_reader",
    "ensure_row_reader",
    "sees_rows",
    "Choice",
    "Letterhead",
    "SETTINGS_FIELDS",
    "letterhead",
    "report_settings",
    "set_report_settings",
    "PeriodError",
    "parse_period",
    "parse_range",
    "period_kind",
    "period_phrase",
    "period_words",
    "DEFINITIONS",
    "DEFINITIONS_BY_KEY",
    "DirectionRow",
    "FAIR_DATE_RULE",
    "FairRow",
    "MonthRow",
    "OVERDUE_DAYS",
    "OrganisationRow",
    "OverdueCoupon",
    "Period",
    "Tally",
    "TallyScope",
    "committee_tally",
    "report_tally",
    "definition_label",
    "overdue_coupons",
    "register_rows",
    "register_size",
    "report_scope",
]
