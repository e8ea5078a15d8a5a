"""Password rules: long enough, not the username, not a breached or common password, hard to guess.

No composition rules (they push people to `Password1!`); in the spirit of NIST SP 800-63B and ASVS 2.1.7:
* a minimum length (MIN_LENGTH, shown by the forms from here);
* not one of the most common breached passwords: the 30,000 of zxcvbn's "passwords" frequency list (the
  most frequent passwords of Mark Burnett's / xato.net's 10 million leaked passwords, shipped by the
  zxcvbn package, https://github.com/dwolfhub/zxcvbn-python), compared without case, as typed and with the
  digits and punctuation at its ends removed (`Qwerty123!` is `qwerty`);
* a zxcvbn strength estimate of at least MIN_SCORE (3: about 10^8 guesses; it knows l33t spellings,
  keyboard walks, dates, repeats and English words, so `P@ssw0rd2026` and `1q2w3e4r5t` fail);
* a short list of our own for what those lists miss (Russian layouts and words, the app's and district's
  names). The published demo passwords are always refused here; the demo itself creates its accounts
  without these rules (`check_rules=False`): they are weak on purpose and log in only in demo mode.
"""

from __future__ import annotations

import re
from functools import cache

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from fairs.errors import Invalid
from fairs.i18n import _

MIN_LENGTH = 10
MAX_LENGTH = 200
MIN_SCORE = 3
# zxcvbn's time grows with the length (a quarter of a second at 200 characters): it sees the first 72
# (its own default limit); a longer password is not weaker for its tail.
SCORED_LENGTH = 72
# Words that make a password easy to guess here, given to zxcvbn as the user's own inputs.
LOCAL_WORDS = ("fairs", "soligorsk", "solihorsk", "minsk", "belarus", "probation", "referral", "coupon")
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
    "prison": "demo-prison-2026",
    "curator": "demo-curator-2026",
}


def is_published_demo_password(password: str) -> bool:
    """True for a password printed by `fairs demo` (public: anyone who read the README knows it)."""
    return password in PUBLISHED_DEMO_PASSWORDS.values()


@cache
def breached_passwords() -> frozenset[str]:
    """The most common breached passwords (lower case), from the list zxcvbn ships."""
    return frozenset(FREQUENCY_LISTS["passwords"])


def is_breached(password: str) -> bool:
    """True for one of the most common breached passwords, without case, with or without ends."""
    folded = password.casefold()
    return folded in breached_passwords() or _core(password) in breached_passwords()


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
    if _core(password) in COMMON or (folded.isdigit() and len(set(folded)) <= 2) or is_breached(password):
        raise Invalid(
            _("This password is among the first ones guessed; choose another."), code="weak_password"
        )
    inputs = [name, *LOCAL_WORDS] if name else list(LOCAL_WORDS)
    if zxcvbn(password[:SCORED_LENGTH], user_inputs=inputs)["score"] < MIN_SCORE:
        raise Invalid(
            _("This password is easy to guess: add a word or two that are not common."), code="weak_password"
        )
