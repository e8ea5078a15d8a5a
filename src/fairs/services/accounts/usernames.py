"""Username rules, the same for the pages, the API and the CLI: ASCII letters, digits and `_ . @ -`, and
not confusable with an existing username.

Only ASCII is allowed, so look-alikes from other scripts (`оrganiser` with a Cyrillic о), control and
invisible characters and markup are refused by the alphabet itself. Within ASCII, names that look alike
(`0`/`o`, `1`/`l`/`i`, `5`/`s`, `rn`/`m`, `vv`/`w`, `cl`/`d`: `0rganiser` beside `organiser`) are compared
by a skeleton, a small ASCII subset of the Unicode confusables skeleton (UTS #39, confusables.txt) applied
after NFKC and case folding; separators are ignored (`org.aniser` is `organiser`). A new name whose
skeleton equals an existing one's is refused. The comparison reads every username (accounts are few:
tens or hundreds per deployment), so it needs no column or migration.
"""

from __future__ import annotations

import re
import unicodedata

from sqlmodel import Session, select

from fairs.errors import Conflict, Invalid
from fairs.i18n import _
from fairs.models import User

MAX_LENGTH = 100
USERNAME = re.compile(r"[a-z0-9_.@-]+")
# Multi-letter look-alikes first, then single characters (UTS #39 skeleton, restricted to ASCII).
_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"))
_SINGLE = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "5": "s", "_": None, ".": None, "-": None})


def skeleton(name: str) -> str:
    """What a name looks like: equal skeletons are names a reader can take for one another."""
    text = unicodedata.normalize("NFKC", name).casefold()
    for pair, single in _PAIRS:
        text = text.replace(pair, single)
    return text.translate(_SINGLE)


def check_username(session: Session, username: str) -> str:
    """The username as stored (trimmed, lower case), or a refusal: empty, not in the alphabet, too long,
    or confusable with an existing one (exact duplicates answer `username_taken`, as before)."""
    name = username.strip().lower()
    if not name:
        raise Invalid(_("A username is required."), code="username_required")
    if len(name) > MAX_LENGTH or not USERNAME.fullmatch(name):
        raise Invalid(
            _("A username has only Latin letters, digits and the characters _ . @ -"), code="bad_username"
        )
    existing = session.exec(select(User.username)).all()
    if name in existing:
        raise Conflict(_("This username is taken."), code="username_taken")
    shape = skeleton(name)
    for other in existing:
        if skeleton(other) == shape:
            message = _("This username looks like the existing username %(name)s; choose another.")
            raise Conflict(message % {"name": other}, code="username_confusable")
    return name
