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
        ("https://jira.acme.com/100%/%zz", "https://jira.acme.com/100%25/%25zz"),  # a '%' that starts no escape
        ("https://jira.acme.com/<script>", "https://jira.acme.com/%3Cscript%3E"),
        ("https://bücher.example", "https://xn--bcher-kva.example"),  # stored as DNS and the client carry it
        ("https://[2606:4700::1111]/jira", "https://[2606:4700::1111]/jira"),
        ("https://[64:ff9b::8.8.8.8]", "https://[64:ff9b::8.8.8.8]"),  # NAT64 of a public address
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
        "https://0x7f.1",  # 127.0.0.1 as the C library reads it
        "https://2130706433",  # 127.0.0.1 as one number
        "https://0251.0376.0251.0376",  # 169.254.169.254 in octal
    ],
)
def test_unsafe_or_malformed_urls_are_refused(raw: str) -> None:
    with pytest.raises(UnsafeUrlError):
        normalize_site_url(raw, allow_private=False)


@pytest.mark.parametrize(
    "raw",
    [
        "https://a..b",  # an empty label
        "https://.example.com",
        "https://" + "a" * 64 + ".example.com",  # a label longer than 63 characters
        "https://" + "a." * 127 + "com",  # longer than 253 characters
        "https://xn--a.example",  # Punycode that does not decode
        "https://xn--.example",
        "https://exa mple.com",  # characters no host name has, which the HTTP client would send as typed
        'https://ex"ample.com',
        "https://a<b.example",
        "https://exa\x00mple.com",
        "https://a%2e.example",
        "https://-acme.example",
        "https://10.0.0.300",  # ends like an address but is none
        "https://[v1.acme]",  # IPvFuture would lose its brackets and become a name
    ],
)
def test_a_host_name_dns_cannot_carry_is_refused_with_a_sentence(raw: str) -> None:
    with pytest.raises(UnsafeUrlError, match=r"^'.+' is not a valid host name\.$"):
        normalize_site_url(raw, allow_private=True)


@pytest.mark.parametrize(
    ("raw", "address"),
    [
        ("https://[64:ff9b::7f00:1]", "64:ff9b::7f00:1"),
        ("https://[64:ff9b::a9fe:a9fe]", "64:ff9b::a9fe:a9fe"),
        ("https://[64:ff9b:1::808:808]", "64:ff9b:1::808:808"),
        ("https://[2002:a9fe:a9fe::]", "2002:a9fe:a9fe::"),
        ("https://[::10.0.0.1]", "::10.0.0.1"),
        ("https://[::ffff:127.0.0.1]", "::ffff:127.0.0.1"),
        ("https://[::ffff:0:192.168.1.1]", "::ffff:0:192.168.1.1"),
        ("https://[2001:0:a00:1::f7f7:f7f7]", "2001:0:a00:1::f7f7:f7f7"),  # Teredo: a private server, public client
        ("https://0x7f.1", "127.0.0.1"),
    ],
)
def test_an_address_that_leads_somewhere_private_is_refused_with_a_sentence(raw: str, address: str) -> None:
    sentence = f"{address} is a private, loopback or link-local address, which is not allowed."
    with pytest.raises(UnsafeUrlError) as refused:
        normalize_site_url(raw, allow_private=False)
    assert str(refused.value) == sentence


def test_the_development_flag_allows_http_and_loopback() -> None:
    assert normalize_site_url("http://127.0.0.1:8080/", allow_private=True) == "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True), ("2606:4700::1111", True), ("127.0.0.1", False), ("::ffff:10.0.0.1", False),
        ("224.0.0.1", False), ("64:ff9b::8.8.8.8", True), ("2002:808:808::", True), ("::ffff:0:8.8.8.8", True),
        # NAT64 (RFC 6052): the IPv4 address in the last 32 bits is where a translator delivers the request
        ("64:ff9b::127.0.0.1", False), ("64:ff9b::10.0.0.1", False), ("64:ff9b::169.254.169.254", False),
        ("64:ff9b::100.64.0.1", False), ("64:ff9b::0.0.0.0", False),
        # local-use NAT64 (RFC 8215): whatever it embeds, it is a private translator's
        ("64:ff9b:1::127.0.0.1", False), ("64:ff9b:1::8.8.8.8", False),
        # 6to4: the IPv4 address in bits 16..48
        ("2002:7f00:1::", False), ("2002:a00:1::1", False), ("2002:a9fe:a9fe::", False), ("2002:c0a8:101::", False),
        # IPv4-compatible (deprecated): refused whatever it embeds
        ("::127.0.0.1", False), ("::10.0.0.1", False), ("::8.8.8.8", False),
        # IPv4-mapped
        ("::ffff:127.0.0.1", False), ("::ffff:169.254.169.254", False), ("::ffff:8.8.8.8", True),
        # IPv4-translated (SIIT)
        ("::ffff:0:127.0.0.1", False), ("::ffff:0:10.0.0.1", False), ("::ffff:0:169.254.169.254", False),
        # Teredo: the server (bits 32..64) and the client (the last 32 bits, XOR-ed) must both be public
        ("2001:0:808:808::f7f7:f7f7", True),  # server 8.8.8.8, client 8.8.8.8
        ("2001:0:808:808::80ff:fffe", False),  # client 127.0.0.1
        ("2001:0:a00:1::f7f7:f7f7", False),  # server 10.0.0.1
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # RFC 4380's example: client 192.0.2.45, documentation
        ("2606:4700::1111", True), ("2001:4860:4860::8888", True), ("fe80::1", False), ("fd00::1", False),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public
