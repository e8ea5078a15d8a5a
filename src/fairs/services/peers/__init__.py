"""Peers bring peers (respondent-driven style): invitation slips a client hands to peers, the peer who
comes with one registered as recruited by that client (client to client), the incentive for the recruiter
once the recruit's referral was redeemed, and the report's peer figures."""

from __future__ import annotations

from fairs.services.peers.figures import peer_figures, report_figures
from fairs.services.peers.incentives import record_incentive
from fairs.services.peers.invitations import (
    LISTED,
    MAX_PER_CLIENT,
    VALID_DAYS,
    InvitationLine,
    Slip,
    find_invitation,
    get_invitation,
    issue_invitations,
    list_invitations,
    page_of_invitations,
    slips,
    state_of,
    void_invitation,
)
from fairs.services.peers.recruitment import record_visit, use_invitation

__all__ = [
    "LISTED",
    "MAX_PER_CLIENT",
    "VALID_DAYS",
    "InvitationLine",
    "Slip",
    "find_invitation",
    "get_invitation",
    "issue_invitations",
    "list_invitations",
    "page_of_invitations",
    "peer_figures",
    "record_incentive",
    "report_figures",
    "slips",
    "record_visit",
    "state_of",
    "use_invitation",
    "void_invitation",
]
