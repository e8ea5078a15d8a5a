"""Clients: find before register - the clients whose code begins like a typed code, or like the code the
parents' names (and sex, birth year) typed so far would give, with whether they came to this fair."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from fairs.errors import Forbidden, Invalid
from fairs.i18n import _
from fairs.models import Client, Role, User, Visit
from fairs.services.clients.code import SEX_DIGIT, normalise_code, normalise_name, normalise_sex
from fairs.services.scope import home_district

MATCHES_SHOWN = 8


@dataclass(frozen=True)
class Match:
    """A registered client who may be the person at the desk; `here` when already a visitor of this fair."""

    client: Client
    here: bool


def code_prefix(*, mother_name: str = "", father_name: str = "", sex: str = "", birth_year: str = "") -> str:
    """The beginning of the client code these (partly typed) answers give: the letters known so far, then
    the sex digit and the year's digits once the names are complete enough."""
    mother, father = normalise_name(mother_name)[:2], normalise_name(father_name)[:2]
    prefix = mother
    if len(mother) == 2:
        prefix += father
    if len(prefix) == 4 and sex.strip():
        try:
            prefix += SEX_DIGIT[normalise_sex(sex)]
        except Invalid:
            return prefix
        year = "".join(ch for ch in birth_year if ch.isdigit())
        prefix += year[2:4] if len(year) == 4 else ""
    return prefix


def find_visitors(
    session: Session,
    *,
    actor: User,
    fair_id: int,
    code: str = "",
    mother_name: str = "",
    father_name: str = "",
    sex: str = "",
    birth_year: str = "",
) -> list[Match]:
    """Up to MATCHES_SHOWN clients of the organiser's district whose code begins with the typed code (at
    least two characters), or else with what the typed answers give (at least the mother's two letters)."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers register clients."))
    prefix = normalise_code(code)[:40] if code.strip() else ""
    if not prefix:
        prefix = code_prefix(mother_name=mother_name, father_name=father_name, sex=sex, birth_year=birth_year)
    if len(prefix) < 2:
        return []
    rows = session.exec(
        select(Client)
        .where(
            Client.district_id == home_district(actor), col(Client.code).startswith(prefix, autoescape=True)
        )
        .order_by(Client.code)
        .limit(MATCHES_SHOWN)
    ).all()
    ids = [c.id for c in rows]
    here = set(
        session.exec(select(Visit.client_id).where(Visit.fair_id == fair_id, col(Visit.client_id).in_(ids)))
    )
    return [Match(client=c, here=c.id in here) for c in rows]
