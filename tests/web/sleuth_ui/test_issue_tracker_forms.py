"""The connection forms' own rules (app/web/sleuth_ui/issue_tracker_forms.py): a site typed without a scheme,
the header names kept after a refusal, and an edit's fields left empty."""

from __future__ import annotations

import pytest

from app.sleuth.errors import InvalidInput
from app.web.sleuth_ui.issue_tracker_forms import FORMS, header_names_only, with_scheme
from models import TrackerProvider

JIRA = FORMS[TrackerProvider.JIRA]


@pytest.mark.parametrize(
    ("typed", "taken"),
    [
        ("acme.atlassian.net", "https://acme.atlassian.net"),
        ("  acme.atlassian.net/  ", "https://acme.atlassian.net/"),
        ("http://jira.internal", "http://jira.internal"),
        ("", ""),
    ],
)
def test_a_site_typed_without_a_scheme_is_taken_as_https(typed: str, taken: str) -> None:
    assert with_scheme(typed) == taken


def test_the_form_sends_the_https_url_on() -> None:
    connection = JIRA.connection({"url": "acme.atlassian.net", "email": "a@acme.test", "api_token": "t"})
    assert connection.url == "https://acme.atlassian.net"


def test_only_the_header_names_are_shown_again() -> None:
    assert header_names_only("CF-Access-Client-Id=abc, CF-Access-Client-Secret=x=y,") == (
        "CF-Access-Client-Id=,CF-Access-Client-Secret="
    )
    kept = JIRA.kept_values({"url": "u", "api_token": "secret", "custom_headers": "a=1"})
    assert kept == {"url": "u", "email": "", "label": "", "custom_headers": "a="}
    retyped = JIRA.retyped({"api_token": "secret", "custom_headers": "a=1", "email": "e"})
    assert retyped == {"api_token", "custom_headers"}


def test_an_edit_keeps_what_is_left_empty_and_clears_an_emptied_label() -> None:
    change = JIRA.change({"url": "https://elsewhere.example", "email": "", "api_token": "new", "label": ""})
    assert change.model_dump(exclude_none=True) == {"api_token": "new", "label": ""}  # the URL never changes
    assert JIRA.change({"label": "Prod", "remove_custom_headers": "1"}).custom_headers == ""
    with pytest.raises(InvalidInput) as refused:
        JIRA.change({"label": "x" * 300})
    assert refused.value.field == "label"
