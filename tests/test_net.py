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
        ("https://jira.acme.com/my jira/", "https://jira.acme.com/my%20jira"),  # never a space in a request line
        ("https://jira.acme.com/a%20b/\"x\"", "https://jira.acme.com/a%20b/%22x%22"),
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
        "https://[64:ff9b::7f00:1]",  # NAT64 of 127.0.0.1
        "https://[64:ff9b::a9fe:a9fe]",  # NAT64 of 169.254.169.254, the cloud metadata address
        "https://[64:ff9b:1::808:808]",  # local-use NAT64, whatever it embeds
        "https://[2002:7f00:1::]",  # 6to4 of 127.0.0.1
        "https://[2002:a00:1::]",  # 6to4 of 10.0.0.1
        "https://[::127.0.0.1]",  # IPv4-compatible
        "https://[::ffff:0:10.0.0.1]",  # IPv4-translated
        "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]",  # Teredo
    ],
)
def test_unsafe_or_malformed_urls_are_refused(raw: str) -> None:
    with pytest.raises(UnsafeUrlError):
        normalize_site_url(raw, allow_private=False)


@pytest.mark.parametrize(
    "raw", ["https://a..b", "https://.example.com", "https://" + "a" * 64 + ".example.com", "https://" + "a." * 127 + "com"]
)
def test_a_host_name_dns_cannot_carry_is_refused_with_a_sentence(raw: str) -> None:
    with pytest.raises(UnsafeUrlError, match="is not a valid host name"):
        normalize_site_url(raw, allow_private=True)


def test_the_development_flag_allows_http_and_loopback() -> None:
    assert normalize_site_url("http://127.0.0.1:8080/", allow_private=True) == "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True), ("2606:4700::1111", True), ("127.0.0.1", False), ("::ffff:10.0.0.1", False),
        ("224.0.0.1", False), ("64:ff9b::8.8.8.8", True), ("2002:808:808::", True), ("::ffff:0:8.8.8.8", True),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public
