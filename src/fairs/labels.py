"""Display labels of the domain's codes (fair status, coupon state, organisation kind, role, audit action,
scan result), translated: one place for the pages, the workbook and the API's texts alike."""

from __future__ import annotations

from fairs import i18n
from fairs.i18n import _
from fairs.models import CouponStatus


def pgettext(context: str, message: str) -> str:
    """Translate `message` in a context (Russian agrees with the noun: ярмарка отменена, талон отменён)."""
    return i18n.translations(i18n.current_locale.get()).pgettext(context, message)


def fair_status_label(status: str) -> str:
    """A fair's status, translated."""
    labels = {
        "planned": pgettext("fair", "planned"),
        "open": pgettext("fair", "open"),
        "closed": pgettext("fair", "closed"),
        "cancelled": pgettext("fair", "cancelled"),
    }
    return labels.get(status, status)


def coupon_state_label(state: str) -> str:
    """A coupon's state, translated into the current locale."""
    return coupon_state_labels(i18n.current_locale.get()).get(state, state)


def organisation_kind_label(kind: str) -> str:
    """An organisation's kind, translated (unknown values are shown as they are, escaped)."""
    labels = {
        "medical": _("Medical"),
        "social": _("Social services"),
        "employment": _("Employment"),
        "ngo": _("NGO"),
        "religious": _("Religious"),
        "employer": _("Employer"),
        "other": _("Other"),
    }
    return labels.get(kind, kind)


def audit_action_label(action: str) -> str:
    """What an audit row records, translated (unknown actions are shown as they are)."""
    labels = {
        "create": _("created"),
        "update": _("changed"),
        "issue": _("coupon issued"),
        "redeem": _("coupon redeemed"),
        "outcome": _("outcome recorded"),
        "cancel": _("cancelled"),
        "annul": _("redemption annulled"),
        "open": _("fair opened"),
        "close": _("fair closed"),
        "move": _("fair moved"),
        "schedule": _("year scheduled"),
        "consent": _("consent recorded"),
        "withdraw_consent": _("consent withdrawn"),
        "update_personal": _("personal fields changed"),
        "view_personal": _("personal fields viewed"),
        "look_up_code": _("client looked up by code"),
        "set_password": _("password set"),
        "activate": _("account unblocked"),
        "deactivate": _("account blocked"),
        "end_sessions": _("logged out on every device"),
        "export": _("workbook exported"),
        "retention_erase": _("personal fields erased (retention)"),
    }
    return labels.get(action, action)


def role_label(role: str) -> str:
    """A user's role, translated."""
    labels = {
        "organiser": _("organiser"),
        "partner": _("partner"),
        "committee": _("committee"),
        "admin": _("administrator"),
    }
    return labels.get(role, role)


def coupon_state_labels(locale: str) -> dict[str, str]:
    """The translated name of every effective coupon state."""
    catalogue = i18n.translations(locale)
    return {
        CouponStatus.issued.value: catalogue.pgettext("coupon", "valid"),
        CouponStatus.redeemed.value: catalogue.pgettext("coupon", "redeemed"),
        CouponStatus.cancelled.value: catalogue.pgettext("coupon", "cancelled"),
        CouponStatus.expired.value: catalogue.pgettext("coupon", "expired"),
    }


def scan_result_label(result: str) -> str:
    """What a scan was told, translated (the scan log, the dashboard and the workbook say it alike)."""
    labels = {
        "ok": _("shown valid"),
        "redeemed": _("redeemed"),
        "unknown": _("unknown code"),
        "mistyped": _("mistyped code"),
        "expired": _("expired"),
        "cancelled": _("cancelled"),
        "other_organisation": _("another organisation's"),
        "already_redeemed": _("already redeemed"),
    }
    return labels.get(result, result)


def direction_visit_note(code: str) -> str:
    """One sentence for the client on the printed coupon: what happens at the organisation for a direction
    (the directions seeded by the first migration; any other gets a general sentence)."""
    notes = {
        "employment_counselling": _(
            "A specialist tells you about jobs and training and helps you register as looking for work."
        ),
        "employment_referral": _("You talk with the employer about the job on offer."),
        "psychoneuro": _("A doctor sees you in confidence: treatment, substitution therapy and other help."),
        "social_services": _("A social worker helps with benefits, social services and everyday matters."),
        "rehab": _("A specialist tells you about the rehabilitation programme and how to join it."),
        "infectious": _("An infectious-disease doctor examines you and advises on tests and treatment."),
        "hiv_testing": _("You can take a confidential HIV test and get harm-reduction services."),
        "humanitarian": _("You can get clothes, food or other humanitarian aid."),
        "psychological": _("A psychologist talks with you in confidence."),
        "legal": _("A lawyer advises you on your legal questions."),
        "documents": _("Staff help you restore your passport or other identity documents."),
        "housing": _("A specialist advises you on housing and a place to stay."),
    }
    return notes.get(code) or _("A specialist receives you and explains what help the organisation gives.")


def what_to_bring(code: str) -> str:
    """What the client brings with the coupon (who comes to restore documents may have none)."""
    if code == "documents":
        return _("This coupon and whatever papers you have (e.g. the certificate of release).")
    return _("This coupon and an identity document.")
