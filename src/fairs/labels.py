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
        "prison": _("Prison"),
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
        "delete": _("deleted"),
        "import": _("imported from the template"),
        "reset_password": _("password reset"),
        "bind": _("blank coupon filled in"),
        "void_blanks": _("unused blanks voided"),
        "submit": _("period submitted to the committee"),
        "reopen": _("submitted period reopened"),
        "categories": _("categories recorded"),
        "assign_curator": _("curator assigned"),
        "unassign_curator": _("curator removed"),
        "add_need": _("need added to the plan"),
        "change_need": _("need of the plan changed"),
        "remove_need": _("need removed from the plan"),
        "add_journey_note": _("note added to the journey"),
        "give_invitations": _("invitations for peers given"),
        "void_invitation": _("invitation for a peer voided"),
        "recruit": _("came with a peer's invitation"),
        "incentive": _("incentive handed to the recruiter"),
        "handover": _("client handed over to another district"),
        "handover_accept": _("handover acknowledged"),
        "view_handover_history": _("other district's history viewed"),
    }
    return labels.get(action, action)


def audit_entity_label(entity: str) -> str:
    """What an audit row is about (a coupon, a fair, an account…), translated."""
    labels = {
        "coupon": pgettext("audit", "coupon"),
        "client": pgettext("audit", "client"),
        "organisation": pgettext("audit", "organisation"),
        "fair": pgettext("audit", "fair"),
        "booth": pgettext("audit", "booth"),
        "visit": pgettext("audit", "visit"),
        "consultation": pgettext("audit", "consultation"),
        "user": pgettext("audit", "account"),
        "direction": pgettext("audit", "direction"),
        "district": pgettext("audit", "district"),
        "region": pgettext("audit", "region"),
        "closed_day": pgettext("audit", "closed day"),
        "pad": pgettext("audit", "pad of blank coupons"),
        "followup_contact": pgettext("audit", "follow-up contact"),
        "export_job": pgettext("audit", "export"),
        "period_submission": pgettext("audit", "report period"),
        "report_settings": pgettext("audit", "report settings"),
        "category": pgettext("audit", "category"),
        "expected_person": pgettext("audit", "person expected after release"),
        "nonhire_reason": pgettext("audit", "reason why a job fell through"),
        "plan_need": pgettext("audit", "need of a plan"),
        "peer_invitation": pgettext("audit", "invitation for a peer"),
        "later_check": pgettext("audit", "check after the fair"),
        "handover": pgettext("audit", "handover to another district"),
    }
    return labels.get(entity, entity)


def audit_field_label(key: str) -> str:
    """The name of a field of an audit row's details, translated (unknown ones are shown as they are)."""
    labels = {
        "status": _("status"),
        "reason": _("reason"),
        "role": _("role"),
        "name": _("name"),
        "kind": _("kind"),
        "kinds": _("kinds of organisation"),
        "directions": _("directions"),
        "direction": _("direction"),
        "serves_region": _("serves the whole region"),
        "organisation_id": _("organisation"),
        "fair_id": _("fair"),
        "booth_id": _("booth"),
        "district_id": _("district"),
        "release_on": _("planned release date"),
        "region_id": _("region"),
        "districts": _("districts"),
        "pad_id": _("pad"),
        "client": _("client"),
        "code": _("code"),
        "coupon": _("coupon"),
        "outcome": _("outcome"),
        "outcome_id": _("outcome"),
        "client_id": _("client"),
        "curator_id": _("curator"),
        "previous_curator_id": _("previous curator"),
        "note_id": _("note"),
        "due_on": _("due date"),
        "date": _("date"),
        "period": _("period"),
        "again": _("submitted again"),
        "year": _("year"),
        "created": _("fairs planned"),
        "venue": _("venue"),
        "address": _("address"),
        "phone": _("phone"),
        "hours": _("hours"),
        "count": _("number"),
        "organisations": _("organisations"),
        "accounts": _("accounts"),
        "suffixed": _("code with a suffix"),
        "fields": _("fields"),
        "erased": _("erased"),
        "notes": _("notes"),
        "cutoff": _("inactive since"),
        "issued_on": _("issued on"),
        "redeemed_on": _("redeemed on"),
        "redeemed_by_id": _("redeemed by"),
        "reissued_from": _("re-issued instead of"),
        "from_district_id": _("from the district"),
        "to_district_id": _("to the district"),
        "reissued": _("coupons re-issued there"),
        "kept": _("coupons kept open here"),
        "corrected": _("correction"),
        "contacted_on": _("contacted on"),
        "with_note": _("with a note"),
        "username": _("login"),
        "full_name": _("full name"),
        "temporary": _("temporary password"),
        "sessions": _("sessions ended"),
        "staff_changed": _("staff changed"),
        "is_active": _("in use"),
        "retired": _("retired"),
        "exporter": _("workbook"),
        "changed": _("categories changed"),
        "locale": _("language"),
        "print_locale": _("language of coupons and workbooks"),
        "nonhire_reason": _("reason why a job fell through"),
        "employer_id": _("employer"),
        "employer_typed": _("employer typed"),
        "profession_given": _("profession given"),
        "milestone": _("check, months"),
        "checked_on": _("date checked"),
        "findings": _("findings"),
        "note_changed": _("note changed"),
    }
    return labels.get(key, key)


def personal_field_label(field: str) -> str:
    """A client's personal field, named (audit rows list which ones changed, never their values)."""
    labels = {"full_name": _("full name"), "birth_date": _("date of birth"), "phone": _("phone")}
    return labels.get(field, field)


def exporter_label(identifier: str) -> str:
    """A workbook, by the identifier of its exporter (the audit log's export rows)."""
    labels = {
        "committee": _("Committee report (Excel)"),
        "register": _("Report with the coupon register (Excel)"),
    }
    return labels.get(identifier, identifier)


def need_status_label(status: str) -> str:
    """Where a need of a client's plan stands, translated."""
    labels = {
        "open": _("open"),
        "in_progress": _("in progress"),
        "met": _("met"),
        "declined": _("declined"),
    }
    return labels.get(status, status)


def role_label(role: str) -> str:
    """A user's role, translated."""
    labels = {
        "organiser": _("organiser"),
        "partner": _("partner"),
        "committee": _("committee"),
        "admin": _("administrator"),
        "prison_worker": _("prison social worker"),
        "curator": _("curator"),
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
