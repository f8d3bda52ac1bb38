"""The public keys that verify signed installs, fetched from `CONNECT_INSTALL_KEYS_URL/{kid}` (ref §3.2).

Atlassian never changes the key behind a kid, so keys are cached by kid for the life of the process (a
bounded LRU: a flood of made-up kids cannot grow memory). Failures are not cached: a kid that 404s now
may be published a minute later. The kid comes from an unauthenticated header, so its shape is checked
before it becomes part of a URL: path segments of letters, digits, '.', '_' and '-', none starting with
'.' (so no '..', no empty segment, no absolute path, no query and no fragment).
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict

import aiohttp
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

log = logging.getLogger(__name__)

KEY_ID_PATTERN = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")
MAX_KEY_ID_LENGTH = 200
MAX_KEY_BYTES = 16 * 1024  # a PEM RSA public key is well under 1 KiB
MIN_RSA_KEY_BITS = 2048
CACHE_SIZE = 64
FETCH_TIMEOUT_SECONDS = 5.0


class InstallKeyError(Exception):
    """No usable public key for a kid; the message is one sentence, safe to log."""


def valid_key_id(key_id: str) -> bool:
    return len(key_id) <= MAX_KEY_ID_LENGTH and KEY_ID_PATTERN.fullmatch(key_id) is not None


class InstallKeys:
    """The key store of one app: its own HTTP session (opened in before_serving, closed in after_serving)
    and its cache. Held by the app as `app.install_keys`, never at module level."""

    def __init__(self, keys_url: str, *, cache_size: int = CACHE_SIZE, timeout: float = FETCH_TIMEOUT_SECONDS) -> None:
        self._keys_url = keys_url.rstrip("/")
        self._cache: OrderedDict[str, RSAPublicKey] = OrderedDict()
        self._cache_size = cache_size
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        self._session = aiohttp.ClientSession(timeout=self._timeout, headers={"Accept": "application/x-pem-file, */*"})

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def public_key(self, key_id: str) -> RSAPublicKey:
        if not valid_key_id(key_id):
            raise InstallKeyError("The install token's key id (kid) has an invalid shape.")
        cached = self._cache.get(key_id)
        if cached is not None:
            self._cache.move_to_end(key_id)
            return cached
        key = _parse_key(await self._fetch(key_id))
        self._cache[key_id] = key
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return key

    async def _fetch(self, key_id: str) -> bytes:
        if self._session is None:
            raise RuntimeError("InstallKeys.open() was not called (the app's before_serving hook opens it).")
        url = f"{self._keys_url}/{key_id}"
        try:
            # No redirects: the key must come from the configured host itself.
            async with self._session.get(url, allow_redirects=False) as response:
                if response.status != 200:
                    log.warning("The install key server answered %s for kid %s", response.status, key_id)
                    raise InstallKeyError("The install token's signing key could not be found.")
                body = await response.content.read(MAX_KEY_BYTES + 1)
        except (aiohttp.ClientError, TimeoutError) as error:
            log.warning("The install key server did not answer for kid %s (%s)", key_id, type(error).__name__)
            raise InstallKeyError("The install token's signing key could not be fetched.") from None
        if len(body) > MAX_KEY_BYTES:
            raise InstallKeyError("The install key server answered with something that is not a public key.")
        return body


def _parse_key(pem: bytes) -> RSAPublicKey:
    try:
        key = load_pem_public_key(pem)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise InstallKeyError("The install key server answered with something that is not a public key.") from None
    if not isinstance(key, RSAPublicKey) or key.key_size < MIN_RSA_KEY_BITS:
        raise InstallKeyError("The install key server answered with a key that cannot verify RS256.")
    return key
