"""Password rules: long enough, not the username, not one of the passwords every guesser tries first.

No composition rules (they push people to `Password1!`); length and a short list of the most common
patterns, in the spirit of NIST SP 800-63B. The published demo passwords are refused outside demo mode.
"""

from __future__ import annotations

import re

from fairs.errors import Invalid
from fairs.i18n import _

MIN_LENGTH = 10
MAX_LENGTH = 200
# The most guessed passwords and keyboard walks (Latin and Russian layouts), compared without case,
# digits and punctuation at the ends: `Qwerty123!` is `qwerty`.
COMMON = frozenset(
    {
        "password",
        "passw0rd",
        "pass",
        "qwerty",
        "qwertyuiop",
        "asdfgh",
        "asdfghjkl",
        "zxcvbn",
        "zxcvbnm",
        "letmein",
        "welcome",
        "admin",
        "administrator",
        "root",
        "user",
        "login",
        "secret",
        "iloveyou",
        "monkey",
        "dragon",
        "football",
        "master",
        "sunshine",
        "princess",
        "abc",
        "abcdef",
        "abcdefgh",
        "йцукен",
        "йцукенгшщз",
        "фывапр",
        "фывапролдж",
        "ячсмит",
        "пароль",
        "привет",
        "любовь",
        "demo",
        "test",
        "fairs",
        "ярмарка",
        "soligorsk",
        "солигорск",
        "minsk",
        "минск",
        "belarus",
        "беларусь",
    }
)
_ENDS = re.compile(r"^[\d\W_]+|[\d\W_]+$")


def _core(password: str) -> str:
    return _ENDS.sub("", password.casefold())


# The demo's logins (username → password): `fairs demo` prints them and the README shows them, so anyone
# knows them. They are refused as passwords outside demo mode (fairs.demo.data builds its logins from this).
PUBLISHED_DEMO_PASSWORDS: dict[str, str] = {
    "organiser": "demo-organiser-2026",
    "partner": "demo-partner-2026",
    "partner2": "demo-partner2-2026",
    "committee": "demo-committee-2026",
    "admin": "demo-admin-2026",
}


def is_published_demo_password(password: str) -> bool:
    """True for a password printed by `fairs demo` (public: anyone who read the README knows it)."""
    return password in PUBLISHED_DEMO_PASSWORDS.values()


def check_password(password: str, *, username: str = "") -> None:
    """Refuse a password that is too short, too long, built on the username or on a common pattern."""
    if len(password) < MIN_LENGTH:
        raise Invalid(
            _("The password must have at least %(count)d characters.") % {"count": MIN_LENGTH},
            code="weak_password",
        )
    if len(password) > MAX_LENGTH:
        raise Invalid(_("The password is too long."), code="weak_password")
    folded = password.casefold()
    if len(set(folded)) < 4:
        raise Invalid(_("The password repeats too few characters."), code="weak_password")
    if folded.isdigit() and (folded in "01234567890123456789" or folded in "98765432109876543210"):
        raise Invalid(_("The password is a sequence of digits."), code="weak_password")
    name = username.strip().casefold()
    if name and len(name) >= 3 and name in folded:
        raise Invalid(_("The password must not contain the username."), code="weak_password")
    if is_published_demo_password(password):
        raise Invalid(
            _("This password is published with the demo data; choose another."), code="weak_password"
        )
    if _core(password) in COMMON or (folded.isdigit() and len(set(folded)) <= 2):
        raise Invalid(
            _("This password is among the first ones guessed; choose another."), code="weak_password"
        )
