"""The scope helpers on the base world's users, called directly (gaps found by the mutation run,
docs/testing.md): which districts each role reads, where each writes, and who may change a district."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from fairs.errors import Forbidden
from fairs.models import District, User
from fairs.services import scope


def _user(session: Session, username: str) -> User:
    return session.exec(select(User).where(User.username == username)).one()


def _district(session: Session, name: str) -> int:
    return session.exec(select(District.id).where(District.name == name)).one()


@pytest.fixture
def districts(session: Session) -> tuple[int, int]:
    """(district A, district B) of the base world."""
    return _district(session, "Солигорский район"), _district(session, "Слуцкий район")


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("organiser", "A"),
        ("organiser_b", "B"),
        ("committee", "A"),
        ("committee_region", "AB"),
        ("admin", "AB"),
        ("partner_employment", "A"),
    ],
)
def test_visible_districts_by_role(session, districts, username, expected):
    """A district user reads their district (a partner: the organisation's); a regional one the region's."""
    by_key = dict(zip("AB", districts, strict=True))
    got = scope.visible_district_ids(session, _user(session, username))
    assert sorted(got) == sorted(by_key[key] for key in expected)


def test_home_district_is_the_users_own(session, districts):
    assert scope.home_district(_user(session, "organiser")) == districts[0]
    assert scope.home_district(_user(session, "organiser_b")) == districts[1]
    assert scope.home_district(_user(session, "partner_employment")) == districts[0]


@pytest.mark.parametrize("username", ["committee_region", "admin"])
def test_no_home_district_without_a_district(session, username):
    with pytest.raises(Forbidden) as refused:
        scope.home_district(_user(session, username))
    assert refused.value.code == "no_district"


def test_ensure_organiser_of(session, districts):
    a, b = districts
    scope.ensure_organiser_of(_user(session, "organiser"), a)
    with pytest.raises(Forbidden) as refused:
        scope.ensure_organiser_of(_user(session, "organiser"), b)
    assert refused.value.code == "other_district"
    for username in ("committee", "admin", "partner_employment"):
        with pytest.raises(Forbidden) as refused:
            scope.ensure_organiser_of(_user(session, username), a)
        assert refused.value.code == "forbidden"


def test_list_districts_by_name(session):
    session.add(
        District(name="Борисовский район", region_id=session.exec(select(District)).first().region_id)
    )
    names = [d.name for d in scope.list_districts(session)]
    assert names == ["Борисовский район", "Слуцкий район", "Солигорский район"]
