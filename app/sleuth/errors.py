"""The refusals of the domain modules, free of HTTP: each carries one sentence for the user, and its
class says what kind of refusal it is. The REST layer (app/web/api/) maps the class to a status code."""

from __future__ import annotations


class DomainError(ValueError):
    """The request cannot be carried out; `message` says why in one sentence, without secrets."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    """The input is malformed or contradicts the stored data (400). `field` names the input at fault
    when one is, so a form can show the sentence next to it."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(DomainError):
    """What the request names does not exist, or not for this caller (404)."""


class Unprocessable(DomainError):
    """Well-formed, but missing what the request is about (422), e.g. a manual change without a name."""


class Unavailable(DomainError):
    """A service this request depends on (a code host) is away for now; try again later (503)."""


class Conflict(DomainError):
    """The request would duplicate something that must be unique (409)."""


class TooLarge(DomainError):
    """The request is bigger than the app accepts in one go (413)."""
