"""The address policy: normalized site URLs, and no private or loopback targets unless allowed."""

from __future__ import annotations

import ipaddress

import pytest

from app.net import UnsafeUrlError, is_public_address, normalize_site_url


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("HTTPS://Acme.Atlassian.NET/", "https://acme.atlassian.net"),
        ("https://acme.atlassian.net:443", "https://acme.atlassian.net"),
        ("https://jira.acme.com:8443/jira/", "https://jira.acme.com:8443/jira"),
        ("  https://acme.atlassian.net  ", "https://acme.atlassian.net"),
    ],
)
def test_site_urls_are_normalized(raw: str, normalized: str) -> None:
    assert normalize_site_url(raw, allow_private=False) == normalized


@pytest.mark.parametrize(
    "raw",
    [
        "acme.atlassian.net",
        "ftp://acme.atlassian.net",
        "http://acme.atlassian.net",
        "https://user:pass@acme.atlassian.net",
        "https://acme.atlassian.net/?q=1",
        "https://acme.atlassian.net:99999",
        "https://127.0.0.1",
        "https://10.0.0.1",
        "https://192.168.1.10",
        "https://169.254.169.254",
        "https://100.64.0.1",
        "https://[::1]",
        "https://[fd00:ec2::254]",
        "https://0.0.0.0",
    ],
)
def test_unsafe_or_malformed_urls_are_refused(raw: str) -> None:
    with pytest.raises(UnsafeUrlError):
        normalize_site_url(raw, allow_private=False)


def test_the_development_flag_allows_http_and_loopback() -> None:
    assert normalize_site_url("http://127.0.0.1:8080/", allow_private=True) == "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    ("address", "public"),
    [("8.8.8.8", True), ("2606:4700::1111", True), ("127.0.0.1", False), ("::ffff:10.0.0.1", False), ("224.0.0.1", False)],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public
