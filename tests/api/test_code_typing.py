"""Codes as people type them, through the JSON API: Cyrillic look-alikes, the Russian keyboard layout (read
key by key only when the text is no valid code as it stands, and then said so), client codes typed with
Latin look-alikes."""

from __future__ import annotations

import random

from sqlalchemy import text
from sqlmodel import Session

from fairs.services.coupons import codes
from tests.api import helpers as h

TO_CYRILLIC = str.maketrans(codes.LATIN_LOOKS + "0", codes.CYRILLIC_LOOKALIKES + "О")
# The Russian layout's letter on each Latin key (the Belarusian І and Ў left out: two keys have two letters).
ON_RUSSIAN_KEYS = str.maketrans(codes.LAYOUT_LATIN[:26], codes.LAYOUT_KEYS[:26])
NOT_LOOKALIKES = set(codes.LAYOUT_KEYS) - set(codes.CYRILLIC_LOOKALIKES)


def russian_note(code: str) -> str:
    shown = codes.format_short_code(code)
    return f"Раскладка клавиатуры была русской: код прочитан как {shown}. Переключите раскладку."


def suits(code: str) -> bool:
    """A code with a look-alike to spell in Cyrillic, and a letter before the check whose Russian key is no
    look-alike (so the text typed on the Russian layout, typo or not, is no valid code as it stands)."""
    has_lookalike = code.translate(TO_CYRILLIC) != code
    return has_lookalike and bool(set(code[:-1].translate(ON_RUSSIAN_KEYS)) & NOT_LOOKALIKES)


def ambiguous_pair() -> tuple[str, str, str]:
    """Cyrillic look-alikes that read as one valid code and, key by key on the Latin layout, as another."""
    rng = random.Random(2026)
    letters = "АВЕКМНОРСТУ"  # look-alikes that are letter keys of the Russian layout
    as_lookalikes = str.maketrans(letters, "ABEKMH0PCTY")
    as_keys = str.maketrans(letters, letters.translate(str.maketrans(codes.LAYOUT_KEYS, codes.LAYOUT_LATIN)))
    while True:
        typed = "".join(rng.choice(letters) for _ in range(9))
        pair = typed.translate(as_lookalikes), typed.translate(as_keys)
        if all(codes.check_symbol(c[:-1]) == c[-1] for c in pair):
            return typed, *pair


def test_typed_codes_read_as_meant(client, hdr, scene, orgs, session: Session) -> None:  # noqa: ANN001
    issuer, receiver = hdr["partner_employment"], hdr["partner_hospital"]

    def issue() -> dict:
        booth = scene.employment_booth
        return h.issue(
            client,
            issuer,
            booth=booth,
            client_id=scene.client_id,
            org=orgs["hospital"],
            direction="hiv_testing",
        )

    coupon = issue()
    while not suits(coupon["code"]):
        coupon = issue()
    code = coupon["code"]

    # Cyrillic look-alikes, lower case, spaced: the code itself, nothing to say about it.
    cyrillic = " ".join(codes.format_short_code(code).translate(TO_CYRILLIC).lower().split("-"))
    assert cyrillic != codes.format_short_code(code).lower()
    got = h.expect(client.get(f"{h.API}/coupons/{cyrillic}", headers=receiver), 200)
    assert (got["code"], got["layout_converted"], got["note"]) == (code, False, None)

    # Typed with the Russian layout on: read key by key, and the answer says so.
    on_russian = codes.format_short_code(code).translate(ON_RUSSIAN_KEYS)
    assert set(on_russian) & NOT_LOOKALIKES
    got = h.expect(client.get(f"{h.API}/coupons/{on_russian}", headers=receiver), 200)
    assert (got["code"], got["layout_converted"], got["note"]) == (code, True, russian_note(code))
    redeemed = h.expect(h.redeem(client, receiver, on_russian.lower()), 200)
    assert (redeemed["status"], redeemed["layout_converted"], redeemed["note"]) == (
        "redeemed",
        True,
        russian_note(code),
    )
    assert h.expect(h.redeem(client, receiver, code), 409, "already_redeemed")

    # A typo stays a typo on either layout: no guessing.
    wrong = codes.ALPHABET[(codes.ALPHABET.index(code[-1]) + 1) % 32]
    typo = (code[:-1] + wrong).translate(ON_RUSSIAN_KEYS)
    h.expect(client.get(f"{h.API}/coupons/{typo}", headers=receiver), 400, "mistyped_code")

    # A text that is a valid code as it stands is never read from the other layout, even when that reading
    # is a valid code too, and a coupon has it.
    typed, as_lookalikes, as_keys = ambiguous_pair()
    first, second = issue(), issue()
    for coupon_id, new_code in ((first["id"], as_lookalikes), (second["id"], as_keys)):
        session.execute(
            text("UPDATE coupon SET code = :code WHERE id = :id"), {"code": new_code, "id": coupon_id}
        )
    session.commit()
    got = h.expect(client.get(f"{h.API}/coupons/{typed}", headers=receiver), 200)
    assert (got["id"], got["code"], got["layout_converted"]) == (first["id"], as_lookalikes, False)
    assert h.expect(client.get(f"{h.API}/coupons/{as_keys}", headers=receiver), 200)["id"] == second["id"]


def test_client_codes_typed_with_latin_lookalikes(client, hdr) -> None:  # noqa: ANN001
    organiser = hdr["organiser"]
    person = h.register(client, organiser, mother="Ксения", father="Тарас", sex="F", birth_year=1988)
    assert person["code"] == "КСТА288"
    for typed in ("kcta288", "КСTA288", "кс та 288", "ксТА288"):
        found = h.expect(client.get(f"{h.API}/clients/by-code/{typed}", headers=organiser), 200)
        assert found["id"] == person["id"], typed
    # Registered again with the parents' names typed on a Latin keyboard: the same person, the same code.
    again = h.register(client, organiser, mother="Kcehия", father="TAPAC", sex="Ж", birth_year=1988)
    assert (again["id"], again["code"], again["existing"]) == (person["id"], "КСТА288", True)
