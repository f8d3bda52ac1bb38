"""Sleuth's custom-header format: what is accepted, exactly as it will be sent."""

from __future__ import annotations

import pytest

from app.sleuth.custom_headers import MAX_HEADERS, parse_custom_headers
from app.sleuth.errors import InvalidInput


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", {}),
        ("   ", {}),
        ("my-header=my-value,my-other-header=value2", {"my-header": "my-value", "my-other-header": "value2"}),
        (" CF-Access-Client-Id = abc , CF-Id=xyz ", {"CF-Access-Client-Id": "abc", "CF-Id": "xyz"}),
        ("X-Token=a=b==", {"X-Token": "a=b=="}),
        ("X-Spaces=a value with spaces", {"X-Spaces": "a value with spaces"}),
        ("x!#$%&'*+.^_`|~-1=v", {"x!#$%&'*+.^_`|~-1": "v"}),
        ("Cookie=CF_Authorization=abc", {"Cookie": "CF_Authorization=abc"}),
    ],
)
def test_accepted_lists(raw: str, expected: dict[str, str]) -> None:
    assert parse_custom_headers(raw) == expected


def test_the_order_given_is_kept() -> None:
    assert list(parse_custom_headers("B=1,A=2,C=3")) == ["B", "A", "C"]


def test_too_many_or_too_long_is_refused() -> None:
    with pytest.raises(InvalidInput, match=f"At most {MAX_HEADERS}"):
        parse_custom_headers(",".join(f"X-{n}=v" for n in range(MAX_HEADERS + 1)))
    with pytest.raises(InvalidInput, match="longer than"):
        parse_custom_headers("X-Big=" + "v" * 9000)


def test_a_non_ascii_value_is_refused_without_showing_it() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_custom_headers("X-Secret=pässwörd")
    assert "pässwörd" not in refused.value.message and "'X-Secret'" in refused.value.message


def test_a_malformed_entry_is_not_echoed() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_custom_headers("X-A=1,leaked-secret-value")
    assert "leaked-secret-value" not in refused.value.message
    assert "number 2" in refused.value.message
