"""All tables; importing this package registers them on SQLModel.metadata."""

from fairs.models.audit import AuditEntry
from fairs.models.base import local_name, utcnow
from fairs.models.categories import Category, ClientCategory
from fairs.models.checks import FINDINGS, MILESTONES, LaterCheck, LaterCheckFinding
from fairs.models.clients import Client, Consultation, Person, Visit
from fairs.models.coupons import OVERDUE_DAYS, Coupon, CouponStatus
from fairs.models.curation import PENDING_NEEDS, ClientCurator, JourneyNote, NeedStatus, PlanNeed
from fairs.models.directions import Direction, Outcome
from fairs.models.exports import ExportJob, ExportJobStatus  # noqa: F401  (registers export_job)
from fairs.models.fair import Booth, ClosedDay, Fair, FairKind, FairStatus
from fairs.models.followup import FollowupContact
from fairs.models.geo import District, Region
from fairs.models.handover import Handover
from fairs.models.login import LoginFailure
from fairs.models.nonhire import NONHIRE_OUTCOMES, CouponNonhire, NonhireReason
from fairs.models.organisations import Organisation, OrganisationDirection, OrganisationKind
from fairs.models.pads import Pad
from fairs.models.peers import PeerIncentive, PeerInvitation
from fairs.models.release import ExpectedPerson
from fairs.models.report_settings import ReportSettings
from fairs.models.scans import IdempotencyKey, Scan, ScanFailure, ScanResult
from fairs.models.sessions import UserSession
from fairs.models.signoff import PeriodSubmission
from fairs.models.users import Role, User

__all__ = [
    "AuditEntry",
    "Booth",
    "Category",
    "Client",
    "ClientCategory",
    "ClientCurator",
    "ClosedDay",
    "Consultation",
    "Coupon",
    "CouponNonhire",
    "CouponStatus",
    "OVERDUE_DAYS",
    "Direction",
    "District",
    "ExpectedPerson",
    "FINDINGS",
    "LaterCheck",
    "LaterCheckFinding",
    "MILESTONES",
    "Fair",
    "IdempotencyKey",
    "FairKind",
    "JourneyNote",
    "NeedStatus",
    "PENDING_NEEDS",
    "PlanNeed",
    "FairStatus",
    "LoginFailure",
    "NONHIRE_OUTCOMES",
    "NonhireReason",
    "FollowupContact",
    "Handover",
    "Organisation",
    "OrganisationDirection",
    "OrganisationKind",
    "Outcome",
    "Pad",
    "PeerIncentive",
    "PeerInvitation",
    "PeriodSubmission",
    "Person",
    "Region",
    "ReportSettings",
    "Role",
    "Scan",
    "ScanFailure",
    "ScanResult",
    "User",
    "UserSession",
    "Visit",
    "local_name",
    "utcnow",
]
