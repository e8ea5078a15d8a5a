"""Coupons: issue (at a booth, or between fairs), look-up, redemption, outcome, cancel, annul, pads, the scan
log, idempotency, the inbox, the issuer's outgoing coupons and follow-up."""

from __future__ import annotations

from fairs.services.coupons.at_booth import Served, serve_at_booth
from fairs.services.coupons.batch import (
    MAX_BATCH_ITEMS,
    BatchItem,
    issue_coupons,
    visitor_coupons,
)
from fairs.services.coupons.between import (
    coupon_to_print,
    ensure_may_issue_between,
    issue_between_fairs,
    may_issue_between,
)
from fairs.services.coupons.changes import (
    annul_redemption,
    cancel_coupon,
    record_outcome,
    redeem_coupon,
)
from fairs.services.coupons.codes import (
    ALPHABET,
    BODY_LENGTH,
    check_symbol,
    format_short_code,
    is_valid_short_code,
    layout_note,
    looks_like_token,
    new_short_code,
    new_token,
    normalise_short_code,
    read_short_code,
)
from fairs.services.coupons.coupon_reads import (
    COUPON_BY_ID,
    ISSUE_CONTEXT,
    VIEW_BY_CODE,
    VIEW_BY_TOKEN,
)
from fairs.services.coupons.elsewhere import (
    open_coupons_of,
    receiver_in,
    reissue_in_district,
)
from fairs.services.coupons.followup import (
    NOTE_MAX,
    client_contacts,
    mark_contacted,
    overdue_by_client,
    overdue_coupon,
)
from fairs.services.coupons.idempotency import (
    IDEMPOTENCY_KEY_PATTERN,
    IdempotentAnswer,
    claim_key,
    store_answer,
)
from fairs.services.coupons.inbox import (
    INBOX_STATES,
    InboxRow,
    code_prefix,
    inbox_counts,
    inbox_filters,
    inbox_organisation,
    inbox_page,
    inbox_row,
)
from fairs.services.coupons.issue import (
    issue_coupon,
)
from fairs.services.coupons.issued import (
    ISSUED_STATES,
    IssuedFilter,
    IssuedRow,
    issued_counts,
    issued_page,
    issuing_organisation,
)
from fairs.services.coupons.lines import (
    CouponLine,
    booth_coupon_lines,
)
from fairs.services.coupons.nonhire import (
    NonhireDetails,
    NonhireShown,
    details_of,
    takes_reason,
)
from fairs.services.coupons.pad_void import (
    count_blanks,
    void_blanks,
)
from fairs.services.coupons.pads import (
    FAIR_OVER,
    PAD_DEFAULT_COUNT,
    PAD_MAX_COUNT,
    PAD_MIN_COUNT,
    PAD_PRINTABLE,
    bind_blank,
    create_pad,
    pad_form,
    pad_sheet,
)
from fairs.services.coupons.purge import (
    expired_idempotency_answers,
    old_scan_refs,
)
from fairs.services.coupons.qr import (
    qr_address_is_local,
    qr_address_warning,
    svg_for,
)
from fairs.services.coupons.reading import (
    coupon_view,
    coupon_views,
    find_coupon,
    find_coupon_view,
    is_receiver,
    list_coupons,
)
from fairs.services.coupons.redemption import (
    BlankLookUp,
    LookUp,
    Redemption,
    find_blank,
    keep_answer,
    look_up,
    redeem,
)
from fairs.services.coupons.reissue import (
    original_of,
    reissue,
)
from fairs.services.coupons.repository import (
    CANCEL,
)
from fairs.services.coupons.scanlog import (
    ScanAttempt,
    ScanRow,
    coupon_scans,
    lookup_scanned,
    organisation_scans,
    record_scan,
    redeem_scanned,
    ref_key,
    scan_result_of_error,
)
from fairs.services.coupons.view import (
    CouponView,
    coupon_url,
)

__all__ = [
    "open_coupons_of",
    "receiver_in",
    "reissue_in_district",
    "NonhireDetails",
    "coupon_to_print",
    "ensure_may_issue_between",
    "issue_between_fairs",
    "may_issue_between",
    "NonhireShown",
    "details_of",
    "takes_reason",
    "Served",
    "serve_at_booth",
    "expired_idempotency_answers",
    "old_scan_refs",
    "BlankLookUp",
    "LookUp",
    "find_blank",
    "Redemption",
    "look_up",
    "keep_answer",
    "redeem",
    "CouponLine",
    "booth_coupon_lines",
    "ALPHABET",
    "BODY_LENGTH",
    "CANCEL",
    "COUPON_BY_ID",
    "CouponView",
    "FAIR_OVER",
    "IDEMPOTENCY_KEY_PATTERN",
    "INBOX_STATES",
    "ISSUE_CONTEXT",
    "IdempotentAnswer",
    "InboxRow",
    "NOTE_MAX",
    "PAD_DEFAULT_COUNT",
    "PAD_MAX_COUNT",
    "PAD_MIN_COUNT",
    "PAD_PRINTABLE",
    "ScanAttempt",
    "ScanRow",
    "VIEW_BY_CODE",
    "VIEW_BY_TOKEN",
    "annul_redemption",
    "bind_blank",
    "cancel_coupon",
    "check_symbol",
    "claim_key",
    "client_contacts",
    "code_prefix",
    "count_blanks",
    "coupon_scans",
    "coupon_url",
    "coupon_view",
    "coupon_views",
    "create_pad",
    "find_coupon",
    "find_coupon_view",
    "format_short_code",
    "inbox_counts",
    "inbox_filters",
    "inbox_organisation",
    "inbox_page",
    "inbox_row",
    "is_receiver",
    "is_valid_short_code",
    "layout_note",
    "issue_coupon",
    "issue_coupons",
    "BatchItem",
    "MAX_BATCH_ITEMS",
    "visitor_coupons",
    "ISSUED_STATES",
    "IssuedFilter",
    "IssuedRow",
    "issued_counts",
    "issued_page",
    "issuing_organisation",
    "list_coupons",
    "looks_like_token",
    "lookup_scanned",
    "mark_contacted",
    "new_short_code",
    "new_token",
    "normalise_short_code",
    "read_short_code",
    "organisation_scans",
    "original_of",
    "overdue_by_client",
    "overdue_coupon",
    "pad_form",
    "pad_sheet",
    "qr_address_is_local",
    "qr_address_warning",
    "record_outcome",
    "record_scan",
    "redeem_coupon",
    "redeem_scanned",
    "ref_key",
    "reissue",
    "scan_result_of_error",
    "store_answer",
    "svg_for",
    "void_blanks",
]
