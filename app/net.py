"""Which URLs the app may call: site URL normalization and the server-side request forgery policy.

An organization admin types a Jira URL; we then call it with their credentials. Unless
SLEUTH_ALLOW_PRIVATE_URLS is set, only https URLs whose every address is a public one are allowed.
The check runs three times: on the typed URL (literal addresses), in the resolver at connect time (so a
name that resolves to 127.0.0.1, or changes its answer later, is still refused), and on every redirect.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from typing import Any
from urllib.parse import quote, urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeUrlError(ValueError):
    """The URL is not one the app may call; the message says why in one sentence."""


class UnsafeAddressError(OSError):
    """A host name resolved to an address the app may not call (raised at connect time)."""


NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the IPv4 address in the last 32 bits
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: local use, refused whatever it embeds
IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")  # RFC 2765 (SIIT)
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated (RFC 4291): refused whatever it embeds
NOWHERE = ipaddress.IPv4Address("0.0.0.0")


def _embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    """The IPv4 addresses an IPv6 one carries, where a translator or tunnel would deliver it (NOWHERE for
    the forms refused outright); none for an IPv6 address of its own."""
    if address.ipv4_mapped is not None:
        return (address.ipv4_mapped,)
    if address.sixtofour is not None:  # 2002::/16
        return (address.sixtofour,)
    if address.teredo is not None:  # 2001::/32: the server's address, and the client's (un-XOR-ed by ipaddress)
        return address.teredo
    if address in NAT64 or address in IPV4_TRANSLATED:
        return (ipaddress.IPv4Address(int(address) & 0xFFFFFFFF),)
    if address in LOCAL_NAT64 or address in IPV4_COMPATIBLE:
        return (NOWHERE,)
    return ()


def is_public_address(address: IPAddress) -> bool:
    """Globally routable: not loopback, private, link-local (cloud metadata), shared, reserved or multicast;
    for an IPv6 address that embeds IPv4 ones (mapped, translated, NAT64, 6to4, Teredo), each IPv4 one
    is what must be public: a translator or relay in the path would deliver the request there."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded:
            return all(is_public_address(ipv4) for ipv4 in embedded)
    return address.is_global and not address.is_multicast


def origin(url: str) -> str:
    """`scheme://host[:port]` of a URL: what a browser's origin or a link's start is made of."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def check_url_allowed(url: str, *, allow_private: bool) -> None:
    """Refuse a URL the app must not call. Host names are checked again when they are resolved."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeUrlError(f"{url!r} is not an http(s) URL with a host.")
    if allow_private:
        return
    if parts.scheme != "https":
        raise UnsafeUrlError("Only https URLs are allowed.")
    address = literal_address(parts.hostname)
    if address is not None and not is_public_address(address):
        raise UnsafeUrlError(f"{parts.hostname} is a private, loopback or link-local address, which is not allowed.")


PATH_SAFE = "/:@!$&'()*+,;=-._~"  # RFC 3986's pchar (but '%') and '/': kept as typed
PERCENT_ESCAPE = re.compile(r"(%[0-9A-Fa-f]{2})")
HOST_LABEL = re.compile(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?")  # letters, digits, hyphens; '_' as DNS allows it
NUMERIC_LABEL = re.compile(r"0x[0-9a-f]*|[0-9]+")


def _invalid_host(host: str) -> UnsafeUrlError:
    return UnsafeUrlError(f"{host[:80]!r} is not a valid host name.")


def _ascii_host_name(host: str) -> str:
    """The name as DNS carries it (IDNA's ASCII form): labels of 1 to 63 letters, digits, hyphens or
    underscores, 253 characters in all; an xn-- label must decode. Anything else (a space, a quote, a NUL,
    '%', an empty label) is refused here rather than failing later in the HTTP client or the database."""
    try:
        encoded = host.encode("idna").decode("ascii").lower()
        labels = encoded.removesuffix(".").split(".")
        for label in labels:
            if label.startswith("xn--"):
                label.encode("ascii").decode("idna")  # raises UnicodeError for bad Punycode
    except UnicodeError:
        raise _invalid_host(host) from None
    if len(encoded) > 253 or not all(len(label) <= 63 and HOST_LABEL.fullmatch(label) for label in labels):
        raise _invalid_host(host)
    return encoded


def _canonical_host(host: str) -> str:
    """A checked host for the normalized URL. IPv4 written as the C library also reads it (`0x7f.1`,
    `2130706433`) becomes its dotted form, so the address policy sees the address that would be called."""
    name = _ascii_host_name(host)
    if NUMERIC_LABEL.fullmatch(name.removesuffix(".").rsplit(".", 1)[-1]):
        try:
            return socket.inet_ntoa(socket.inet_aton(name.removesuffix(".")))
        except OSError:  # ends like an address but is none: DNS has no numeric top-level domain
            raise _invalid_host(host) from None
    return name


def _quote_path(path: str) -> str:
    """Percent-encode what may not stand in a request line (a space, a quote, non-ASCII); an escape that is
    already there (`%20`) is kept, a '%' that starts none is encoded."""
    parts = PERCENT_ESCAPE.split(path)
    return "".join(part if PERCENT_ESCAPE.fullmatch(part) else quote(part, safe=PATH_SAFE) for part in parts)


def normalize_site_url(raw: str, *, allow_private: bool) -> str:
    """`HTTPS://Acme.Atlassian.NET/` -> `https://acme.atlassian.net`: lowercase scheme and host, no
    trailing slash, no credentials, query or fragment; then the policy above."""
    value = raw.strip()
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise UnsafeUrlError(f"{value!r} is not a valid URL.") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeUrlError("The URL must be fully qualified, like https://your-site.atlassian.net.")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise UnsafeUrlError("The URL must not carry a user name, password, query or fragment.")
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal (urlsplit checked it)
        host = f"[{host}]"
    elif "[" in parts.netloc:  # IPvFuture: urlsplit drops the brackets, which would turn it into a name
        raise _invalid_host(host)
    elif literal_address(host) is None:
        host = _canonical_host(host)
    default_port = {"http": 80, "https": 443}[scheme]
    netloc = host if port in (None, default_port) else f"{host}:{port}"
    path = _quote_path(parts.path.rstrip("/"))  # a space or a quote never reaches a request line
    normalized = f"{scheme}://{netloc}{path}"
    check_url_allowed(normalized, allow_private=allow_private)
    return normalized


class PublicOnlyResolver(AbstractResolver):
    """Resolves like aiohttp's default resolver, then refuses any answer that holds a non-public address."""

    def __init__(self) -> None:
        self._resolver = DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._resolver.resolve(host, port, family)
        for result in results:
            address = literal_address(result["host"])
            if address is None or not is_public_address(address):
                raise UnsafeAddressError(f"{host} resolves to an address that is not allowed")
        return results

    async def close(self) -> None:
        await self._resolver.close()

    def __getattr__(self, name: str) -> Any:  # pragma: no cover - delegate anything newer aiohttp may ask for
        return getattr(self._resolver, name)
