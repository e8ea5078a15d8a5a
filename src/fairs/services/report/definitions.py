"""What every number of the committee's report means: one text for docs/report.md, the dashboard and the
workbook's definitions sheet (translated through the catalogue like every other text)."""

from __future__ import annotations

from dataclasses import dataclass

from fairs.i18n import N_, _


@dataclass(frozen=True)
class Definition:
    """A number of the report: its key in the tally, its row label and its definition."""

    key: str
    label: str  # msgid; translate with `_()` when shown
    text: str  # msgid

    def translated(self) -> tuple[str, str]:
        """The label and the definition in the current locale."""
        return _(self.label), _(self.text)


FAIR_DATE_RULE = N_(
    "Every record counts in the period of the date of the fair at which it was made: a coupon issued at a "
    "fair in February and redeemed in March counts in February, as do its redemption and outcome."
)

DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        "fairs_held",
        N_("Fairs held"),
        N_("Fairs dated in the period that were opened (held) and not cancelled."),
    ),
    Definition(
        "fairs_planned",
        N_("Fairs planned"),
        N_("Fairs dated in the period on the schedule, held or not, cancelled ones excluded."),
    ),
    Definition(
        "persons_consulted",
        N_("Persons consulted"),
        N_("Distinct persons (client codes) with at least one visit to a fair in the period."),
    ),
    Definition(
        "visits",
        N_("Visits"),
        N_("Visits to fairs in the period: a person counts once per fair, as often as they came to fairs."),
    ),
    Definition(
        "consultations",
        N_("Consultations at booths"),
        N_(
            "Consultations that partner organisations' specialists recorded at their booths at fairs in the "
            "period, each in one direction: a person consulted at two booths, or in two directions, counts "
            "twice."
        ),
    ),
    Definition(
        "persons_consulted_at_booths",
        N_("Persons consulted at booths"),
        N_(
            "Distinct persons (client codes) with at least one consultation recorded at a booth at a fair in "
            "the period; a person consulted in several directions counts once."
        ),
    ),
    Definition(
        "direction_persons_consulted",
        N_("Consulted in the direction"),
        N_(
            "For each direction: distinct persons with at least one consultation at a booth in that "
            "direction. A person consulted in several directions counts in each, so the rows add up to more "
            "than the persons consulted at booths."
        ),
    ),
    Definition(
        "persons_referred",
        N_("Persons referred to services"),
        N_(
            "Distinct persons with at least one coupon issued in the period, at a fair or between fairs; "
            "cancelled coupons are not counted."
        ),
    ),
    Definition(
        "direction_persons",
        N_("of them:"),
        N_(
            "For each direction: distinct persons with at least one coupon (not cancelled) in that "
            "direction. A person referred in several directions counts in each, so the rows add up to more "
            "than the total."
        ),
    ),
    Definition(
        "employment_referred_persons",
        N_("Referred for employment to organisations and enterprises"),
        N_(
            "Distinct persons with at least one coupon (not cancelled) in the direction "
            "«employment referral»."
        ),
    ),
    Definition(
        "employed_persons",
        N_("Employed after a referral to an employer or the employment centre"),
        N_(
            "Distinct persons with at least one coupon whose outcome is «employed»: an employment "
            "referral to an organisation or enterprise, or a referral to the employment centre."
        ),
    ),
    Definition(
        "jobseeker_registered_persons",
        N_("Registered as needing employment"),
        N_("Distinct persons with at least one coupon whose outcome is «registered as job-seeker»."),
    ),
    Definition(
        "expected_persons",
        N_("Expected after release"),
        N_(
            "People a prison's social worker registered as to be released to the district, with a planned "
            "release date in the period."
        ),
    ),
    Definition(
        "arrived_persons",
        N_("Of them, came to a fair"),
        N_(
            "Of the people expected, those whose client code came to a fair of that district on or after the "
            "day they were registered (whenever that fair was held)."
        ),
    ),
    Definition(
        "coupons_between_fairs",
        N_("Coupons issued between fairs"),
        N_(
            "Of the coupons issued, those issued from the client's page on a working day between fairs, "
            "counted by the day they were issued; cancelled ones excluded."
        ),
    ),
    Definition(
        "persons_referred_between_fairs",
        N_("Persons referred between fairs"),
        N_("Distinct persons with at least one coupon issued between fairs in the period (not cancelled)."),
    ),
    Definition(
        "peer_recruited_persons",
        N_("Reached through peers"),
        N_(
            "Distinct persons who came to a fair held in the period with a peer's invitation: registered as "
            "recruited by the client who gave it to them."
        ),
    ),
    Definition(
        "peer_chain_depth",
        N_("Deepest chain of peers"),
        N_(
            "The longest chain of recruiters above one of the people reached through peers in the period, in "
            "links: 1 for a recruit of a client nobody recruited, 2 when that client was a recruit too."
        ),
    ),
    Definition(
        "peer_incentives",
        N_("Incentives handed to recruiters"),
        N_(
            "Incentives (such as a certificate) handed over in the period to clients whose recruit's "
            "referral coupon was redeemed, one per recruit."
        ),
    ),
    Definition(
        "handovers_in",
        N_("Persons handed over in"),
        N_(
            "Distinct persons handed over to the districts of the report from another district in the "
            "period, by the day of the handover; one between two districts of the report is not counted."
        ),
    ),
    Definition(
        "handovers_out",
        N_("Persons handed over out"),
        N_(
            "Distinct persons handed over from the districts of the report to another district in the "
            "period, by the day of the handover; one between two districts of the report is not counted."
        ),
    ),
    Definition(
        "cohorts",
        N_("A year later, by cohort"),
        N_(
            "People by the quarter of their first fair in the district, for the quarters whose checks at "
            "6, 12 and 18 months can fall due in the period; per check, those due by the period's last day, "
            "those done by then, and the persons each finding held for."
        ),
    ),
    Definition(
        "coupons_issued",
        N_("Coupons issued"),
        N_("Coupons issued in the period, at fairs and between them, cancelled ones excluded."),
    ),
    Definition(
        "coupons_redeemed",
        N_("Coupons redeemed"),
        N_("Of the coupons issued, those the receiving organisation has redeemed (whenever it did)."),
    ),
    Definition(
        "redemption_rate",
        N_("Redemption rate"),
        N_("Coupons redeemed divided by coupons issued; empty when nothing was issued."),
    ),
    Definition(
        "median_days",
        N_("Median days to redemption"),
        N_("The median number of days from issue to redemption, over the redeemed coupons."),
    ),
    Definition(
        "outcomes",
        N_("Outcomes"),
        N_("Redeemed coupons by the outcome the receiving organisation recorded; a coupon has at most one."),
    ),
    Definition(
        "expired_unused",
        N_("Expired unused"),
        N_("Coupons neither redeemed nor cancelled whose validity ended before the day of the report."),
    ),
    Definition(
        "overdue_unredeemed",
        N_("Unredeemed after 14 days"),
        N_("Coupons neither redeemed nor cancelled, issued 14 days or more before the day of the report."),
    ),
    Definition(
        "failed_scans",
        N_("Failed scans"),
        N_(
            "Look-ups and redemptions of coupons by staff that were refused, per reason (unknown code, "
            "mistyped code, expired, cancelled, another organisation's, already redeemed), counted by the "
            "day of the scan, not of a fair; a scan belongs to the district of its coupon, or to the "
            "scanner's when no coupon was found."
        ),
    ),
    Definition(
        "previous_year",
        N_("Same period a year earlier"),
        N_(
            "The same figure for the fairs dated in the same dates one year earlier (a month's last day "
            "stays its last day), counted by the same rules as of the same day of the report."
        ),
    ),
    Definition(
        "change",
        N_("Change"),
        N_(
            "This period's figure minus the same period's a year earlier: positive for a rise, negative for "
            "a fall; for the redemption rate, the difference of the two rates in percentage points."
        ),
    ),
)

DEFINITIONS_BY_KEY = {definition.key: definition for definition in DEFINITIONS}


def definition_label(key: str) -> str:
    """The translated row label of `key`."""
    return _(DEFINITIONS_BY_KEY[key].label)
