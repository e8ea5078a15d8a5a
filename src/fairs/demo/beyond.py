"""Demo data beyond the fair: the prison's social worker and the people they expect before release, the
curator and the people she accompanies with a plan of needs, and slips for peers. Through the service
functions, like the rest of the demo; nothing here commits."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from fairs.models import Client, District, Organisation, User
from fairs.services import curation, peers, registry, release

PRISON = "ИК-2 (г. Солигорск)"
# (mother's name, father's name, sex, birth year, days until release): released after the next fair or
# two, so that none of them is due at a fair yet.
EXPECTED = [("Лариса", "Геннадий", "M", 1985, 40), ("Олеся", "Виктор", "F", 1993, 75)]
NEEDS = [("employment_counselling", "in_progress", 14), ("housing", "open", 30)]


def prison(session: Session, *, organiser: User) -> Organisation:
    """The prison of the district (an organisation of the kind `prison`, receiving nothing)."""
    return registry.create_organisation(
        session, actor=organiser, name=PRISON, kind="prison", address="г. Солигорск, ул. Заводская, 2"
    )


def load(session: Session, *, organiser: User, district: District, people: list[Client], today: date) -> None:
    """The prison worker's expected people; two of the demo's visitors with the curator and a plan; slips
    for peers given to one of them."""
    worker = session.exec(select(User).where(User.username == "prison")).one()
    for mother, father, sex, year, days in EXPECTED:
        release.register_expected(
            session,
            actor=worker,
            district_id=district.id,
            release_on=today + timedelta(days=days),
            mother_name=mother,
            father_name=father,
            sex=sex,
            birth_year=year,
        )
    curator = session.exec(select(User).where(User.username == "curator")).one()
    accompanied = sorted(people, key=lambda client: client.id)[:2]
    for client in accompanied:
        curation.assign_curator(session, actor=organiser, client_id=client.id, curator_id=curator.id)
    for direction, status, days in NEEDS:
        curation.add_need(
            session,
            actor=organiser,
            client_id=accompanied[0].id,
            direction=direction,
            status=status,
            due_on=today + timedelta(days=days),
        )
    peers.issue_invitations(session, actor=organiser, client=accompanied[0], count=2)
