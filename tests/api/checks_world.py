"""A history for the checks a year later, made through the JSON API: fairs on the first day of a month, so
that every milestone falls on the first day of a later month. Shared by tests/api/test_later_checks.py and
tests/pages/test_later_checks.py."""

from __future__ import annotations

import datetime as dt

from tests.api import helpers as h

CHECKS = f"{h.API}/checks"


def month_first(back: int) -> dt.date:
    """The first day of the month `back` months before this one."""
    first = h.today().replace(day=1)
    index = first.year * 12 + first.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def past_fair(client, org, day: dt.date, people: list[int]) -> None:  # noqa: ANN001
    fair = h.make_open_fair(client, org, day=day)
    h.close_fair(client, org, fair=fair)
    for person in people:
        h.expect(h.visit(client, org, fair=fair, client_id=person), 201)


def history(client, hdr) -> dict:  # noqa: ANN001
    """P2 first came 20 months ago and again 13 months ago, P1 13 months ago, P3 3 months ago; P4 first
    came to a fair of district B 20 months ago, then to district A's 13 months ago."""
    org, org_b = hdr["organiser"], hdr["organiser_b"]
    people = {
        "P1": h.register(client, org, mother="Анна", father="Иван", birth_year=1985),
        "P2": h.register(client, org, mother="Мария", father="Олег", birth_year=1990),
        "P3": h.register(client, org, mother="Ольга", father="Павел", birth_year=1979),
        "P4": h.register(client, org, mother="Вера", father="Пётр", birth_year=1982),
    }
    p4_b = h.register(client, org_b, mother="Вера", father="Пётр", birth_year=1982)
    past_fair(client, org_b, month_first(20), [p4_b["id"]])
    past_fair(client, org, month_first(20), [people["P2"]["id"]])
    past_fair(client, org, month_first(13), [people[p]["id"] for p in ("P1", "P2", "P4")])
    past_fair(client, org, month_first(3), [people["P3"]["id"]])
    return {key: value["id"] for key, value in people.items()} | {"P4_B": p4_b["id"]}


def put(client, headers, client_id: int, milestone: int, **body):  # noqa: ANN001, ANN003, ANN201
    body.setdefault("checked_on", h.today().isoformat())
    return client.put(f"{CHECKS}/clients/{client_id}/{milestone}", json=body, headers=headers)
