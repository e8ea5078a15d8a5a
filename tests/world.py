"""The base world every test starts from: two districts, partner organisations and one user per role.

Built once per backend through the services, into a migrated template database that each test copies.
"""

from __future__ import annotations

from sqlmodel import Session

from fairs.models import District, Region, Role
from fairs.services import accounts, registry

PASSWORD = "correct-horse-1"

ORGANISATIONS = {
    "employment": ("Центр занятости", "employment", ["employment_counselling", "employment_referral"]),
    "hospital": ("Центральная районная больница", "medical", ["infectious", "hiv_testing", "psychoneuro"]),
    "redcross": ("Красный Крест", "ngo", ["humanitarian"]),
    "rehab": ("Реабилитационный центр", "religious", ["rehab", "psychological"]),
    "employer": ("ОАО «Калий»", "employer", ["employment_referral"]),
}


def build(session: Session) -> None:
    """Create the world (the caller commits)."""
    region = Region(name="Минская область")
    session.add(region)
    session.flush()
    district_a = District(name="Солигорский район", region_id=region.id)
    district_b = District(name="Слуцкий район", region_id=region.id)
    session.add_all([district_a, district_b])
    session.flush()
    organiser = accounts.create_user(
        session,
        actor=None,
        username="organiser",
        password=PASSWORD,
        role=Role.organiser,
        district_id=district_a.id,
        full_name="Иванова А. А.",
    )
    orgs = {}
    for key, (name, kind, directions) in ORGANISATIONS.items():
        orgs[key] = registry.create_organisation(
            session,
            actor=organiser,
            name=name,
            kind=kind,
            address="г. Солигорск",
            phone="+375 174 000000",
            hours="8:00-17:00",
            directions=directions,
        )
    organiser_b = accounts.create_user(
        session,
        actor=None,
        username="organiser_b",
        password=PASSWORD,
        role=Role.organiser,
        district_id=district_b.id,
    )
    registry.create_organisation(
        session,
        actor=organiser_b,
        name="Центр занятости (Слуцк)",
        kind="employment",
        directions=["employment_counselling"],
    )
    for username, role, extra in [
        ("partner_employment", Role.partner, {"organisation_id": orgs["employment"].id}),
        ("partner_hospital", Role.partner, {"organisation_id": orgs["hospital"].id}),
        ("committee", Role.committee, {"district_id": district_a.id}),
        ("committee_region", Role.committee, {"region_id": region.id}),
        ("admin", Role.admin, {}),
    ]:
        accounts.create_user(session, actor=None, username=username, password=PASSWORD, role=role, **extra)
