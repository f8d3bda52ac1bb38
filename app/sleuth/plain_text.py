"""Text that goes into an HTTP header, a URL or a command line (credentials, repository names, branches):
a control character there would end one header and start another, so none is accepted."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def no_control_characters(value: str | None) -> str | None:
    """`value` unchanged, or ValueError (pydantic reports it on its field) when it holds a control character."""
    if value is not None and _CONTROL.search(value):
        raise ValueError("must not contain control characters (line breaks, tabs, NUL)")
    return value
