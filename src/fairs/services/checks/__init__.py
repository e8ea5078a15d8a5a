"""Checks a year later: how a person is doing 6, 12 and 18 months after their first fair (working, housed,
in treatment, family contact, left the region, lost contact, convicted again), recorded by those who keep
the person's checks from a due-list, and counted by cohort for the committee's report."""

from __future__ import annotations

from fairs.services.checks.cohorts import TOTAL, CohortRow, cohort_quarters, cohort_rows
from fairs.services.checks.due import DueCheck, due_checks
from fairs.services.checks.milestones import add_months, due_on, finding_names, quarter_of
from fairs.services.checks.recording import (
    Keeper,
    MilestoneCheck,
    keeper_of,
    log_check_notes_view,
    may_record_checks,
    person_checks,
    record_check,
)

__all__ = [
    "TOTAL",
    "CohortRow",
    "DueCheck",
    "Keeper",
    "MilestoneCheck",
    "add_months",
    "cohort_quarters",
    "cohort_rows",
    "due_checks",
    "due_on",
    "finding_names",
    "keeper_of",
    "log_check_notes_view",
    "may_record_checks",
    "person_checks",
    "quarter_of",
    "record_check",
]
