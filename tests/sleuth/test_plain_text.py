"""Text bound for headers and command lines (app/sleuth/plain_text.py): no control character passes."""

from __future__ import annotations

import pytest

from app.sleuth.plain_text import no_control_characters


@pytest.mark.parametrize("value", ["tok\r\nX-Injected: 1", "a\tb", "nul\x00", "del\x7f", "\x1b[31m"])
def test_a_control_character_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="control characters"):
        no_control_characters(value)


@pytest.mark.parametrize("value", [None, "", "ghp_0123456789abcdef", "acme/web", "feature/ünïcödé", "a b"])
def test_everything_else_passes_unchanged(value: str | None) -> None:
    assert no_control_characters(value) == value
