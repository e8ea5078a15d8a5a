"""A refusal shown on a page carries its code (`data-error` on the note), the same code the JSON API
gives, beside the words: the booth's several-coupons form and consultation form refused in place, nothing
written."""

from __future__ import annotations

import re

from tests.api import helpers as h
from tests.pages.test_active_visitor import CODE, VISITOR, _world


def _note(html: str) -> tuple[str, str]:
    """(code, words) of the page's one refusal note."""
    notes = re.findall(r'<p class="note note-error" role="alert" data-error="(\w+)">([^<]*)</p>', html)
    assert len(notes) == 1, html[:2000]
    return notes[0]


def test_the_booth_forms_show_the_refusals_code(client, auth, orgs, browser, session) -> None:  # noqa: ANN001
    _api, fair, employment, _hospital = _world(client, auth, orgs)
    b = browser("organiser")
    b.post(f"/fairs/{fair['id']}/visitors", {**VISITOR, "consent": "1"})
    batch = f"/booths/{employment['id']}/coupons/batch"

    nothing = b.post(batch, {"client_code": CODE}, htmx=True)
    assert nothing.status_code == 400
    assert _note(nothing.text) == ("no_items", "Отметьте хотя бы один талон.")
    target = f"{orgs['employment']}:employment_counselling"
    twice = b.post(batch, {"client_code": CODE, "targets": [target, target]}, htmx=True)
    assert twice.status_code == 400
    assert _note(twice.text) == ("repeated_item", "Талон 2 повторяет один из предыдущих в списке.")

    unknown = {"client_code": CODE, "direction": "no_such_direction"}
    consulted = b.post(f"/booths/{employment['id']}/consultations", unknown, htmx=True)
    assert consulted.status_code == 400
    assert _note(consulted.text) == ("unknown_direction", "Неизвестное направление: no_such_direction.")
    assert h.count(session, "coupon") == 0 and h.count(session, "consultation") == 0
