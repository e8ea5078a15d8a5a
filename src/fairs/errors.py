"""Domain errors: a machine code, an HTTP status and a translated message. Services raise only these."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the domain said no; rendered as problem+json or as a page message."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None, **extra: Any):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.extra = extra


class NotFound(DomainError):
    """The thing does not exist (or is not visible to this user)."""

    status = 404
    code = "not_found"


class Forbidden(DomainError):
    """The user may not do this."""

    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """The state of the data does not allow this (e.g. already redeemed)."""

    status = 409
    code = "conflict"


class Gone(DomainError):
    """The thing is no longer usable (expired, cancelled)."""

    status = 410
    code = "gone"


class Invalid(DomainError):
    """Input that breaks a business rule (not a malformed body: that is 422)."""

    status = 400
    code = "invalid"
