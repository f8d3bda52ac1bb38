"""Connect JWTs, pure functions with no Quart in sight: the query string hash (qsh), the verification of
the tokens Jira sends us (HS256 from a tenant, RS256 signed installs) and the tokens the app signs for
its own calls to Jira.

Verification follows docs/connect-platform.md §3.3 and §4.7: the algorithm is pinned by the caller and
never read from the token, `exp` and `iat` are required with a small leeway, and the qsh is compared
by the caller's policy (the real hash of the request, or the literal "context-qsh").
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import time
from dataclasses import dataclass
from typing import Any

import jwt
from atlassian_jwt.url_utils import hash_url
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

OUTBOUND_TOKEN_LIFETIME_SECONDS = 180  # what ACE uses; Jira expects short-lived app tokens (ref §5.1)
LEEWAY_SECONDS = 30  # clock skew allowed on exp, iat and nbf (ref §4.5: ACE's 0 s causes spurious 401s)
# Jira's tokens live 15 minutes: `exp - iat = 900` is the one lifetime observed (ref §4.2, community thread
# 54066; the general lifetime is not documented), and the 2014 Connect docs say "a few minutes" at most
# (ref §4.5). A token claiming more, or an `exp` further ahead than that from now, was not minted by Jira,
# so it is refused; the cap is twice Jira's 15 minutes, so a change on Atlassian's side does not lock every
# site out at once, while an `exp` of NaN, Infinity or next year can no longer make a token live forever.
MAX_LIFETIME_SECONDS = 1800
CONTEXT_QSH = "context-qsh"  # the literal qsh of AP.context.getToken() tokens (ref §1.2, §4.4)
MAX_TOKEN_LENGTH = 8192  # Jira's tokens are well under 1 KiB; bound the work an anonymous caller can cause

_INSTALL_TOKEN = jwt.PyJWT({"require": ["iss", "iat", "exp", "qsh", "aud"]})


class ConnectTokenError(Exception):
    """A token was refused; the message is one sentence that is safe to show and to log (no token, no secret)."""


def request_token(query_tokens: list[str], authorization: str) -> str | None:
    """The JWT of a request (ref §4.3): its one `jwt` query parameter (iframe loads) or its
    `Authorization: JWT <token>` header; None when it has neither.

    A token in both places must be the same token, and the query may carry one: two different ones mean
    someone is splicing requests, and no answer would be right (`ConnectTokenError`)."""
    if len(query_tokens) > 1:
        raise ConnectTokenError("The request carries more than one jwt query parameter.")
    scheme, _, credentials = authorization.partition(" ")
    in_header = credentials.strip() if scheme.lower() == "jwt" else ""
    in_query = query_tokens[0] if query_tokens else ""
    if in_query and in_header and in_query != in_header:
        raise ConnectTokenError("The request carries two different JWTs (query and Authorization header).")
    return in_query or in_header or None


def query_string_hash(method: str, path_and_query: str) -> str:
    """The qsh of a request: `path_and_query` is relative to the base URL (its path prefix removed)."""
    return hash_url(method.upper(), path_and_query)


def sign_outbound(method: str, path_and_query: str, *, app_key: str, shared_secret: str, now: int | None = None) -> str:
    """A token for one call from the app to a tenant's Jira: `iss` is the app key, not the clientKey."""
    issued_at = int(time.time()) if now is None else now
    claims = {
        "iss": app_key,
        "iat": issued_at,
        "exp": issued_at + OUTBOUND_TOKEN_LIFETIME_SECONDS,
        "qsh": query_string_hash(method, path_and_query),
    }
    return jwt.encode(claims, shared_secret, algorithm="HS256")


@dataclass(frozen=True, slots=True)
class TenantToken:
    """An HS256 token from a tenant, split and decoded once, not yet verified.

    Its `issuer` says whose secret verifies it (ref §9.2: the tenant is looked up by `iss`, and
    `verify_tenant_token` then checks the signature with that tenant's secret).
    """

    signing_input: bytes
    signature: bytes
    claims: dict[str, Any]

    @property
    def issuer(self) -> str:
        return str(self.claims["iss"])


def parse_tenant_token(token: str) -> TenantToken:
    """Split and decode a tenant token; `ConnectTokenError` unless it is a well-formed HS256 JWT with an issuer.

    Written out rather than through PyJWT: a panel load verifies one of these on every Jira issue view,
    and PyJWT's general decode costs about 40 µs where these few steps cost under 10 (bench/jwt_verify.py).
    The algorithm is pinned: a header naming anything but HS256 (`none`, HS512, RS256) is refused.
    """
    _check_length(token)
    segments = token.split(".")
    if len(segments) != 3:
        raise ConnectTokenError("The token is not a JWT.")
    header_segment, payload_segment, signature_segment = segments
    header = _json_segment(header_segment)
    if header.get("alg") != "HS256" or "crit" in header:
        raise ConnectTokenError("The token is signed with an algorithm this route does not accept.")
    claims = _json_segment(payload_segment)
    issuer = claims.get("iss")
    if not isinstance(issuer, str) or not issuer:
        raise ConnectTokenError("The token names no issuer.")
    return TenantToken(
        signing_input=f"{header_segment}.{payload_segment}".encode("ascii"),
        signature=_b64url(signature_segment),
        claims=claims,
    )


def verify_tenant_token(
    token: TenantToken, shared_secret: str, *, expected_qsh: str, now: float | None = None
) -> dict[str, Any]:
    """The claims of a tenant token, once its signature, lifetime and qsh hold; else `ConnectTokenError`.

    `expected_qsh` is the caller's policy: the hash of this very request for page loads, lifecycle
    callbacks and webhooks, or `CONTEXT_QSH` on routes meant for AP.context.getToken() (ref §4.4).
    `exp`, `iat` and `qsh` are required; `exp`, `iat` and `nbf` allow LEEWAY_SECONDS of clock skew.
    """
    expected = hmac.new(shared_secret.encode(), token.signing_input, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, token.signature):
        raise ConnectTokenError("The token's signature or format is invalid.")
    claims = token.claims
    for claim in ("exp", "iat", "qsh"):
        if claim not in claims:
            raise ConnectTokenError(f"The token has no {claim!r} claim.")
    _check_times(claims, time.time() if now is None else now)
    _check_qsh(claims, expected_qsh)
    return claims


def _b64url(segment: str) -> bytes:
    """Strict base64url: characters outside the alphabet are an error, not silently skipped."""
    try:
        return base64.b64decode(segment + "=" * (-len(segment) % 4), altchars=b"-_", validate=True)
    except (ValueError, binascii.Error):
        raise ConnectTokenError("The token is not a JWT.") from None


def _json_segment(segment: str) -> dict[str, Any]:
    try:
        value = json.loads(_b64url(segment))
    except (ValueError, RecursionError):  # `[[[[...`: arrays nested past the parser's depth
        raise ConnectTokenError("The token is not a JWT.") from None
    if not isinstance(value, dict):
        raise ConnectTokenError("The token is not a JWT.")
    return value


def _check_times(claims: dict[str, Any], moment: float) -> None:
    """`exp` and `iat` (both present) and `nbf` (when present) are finite numbers of seconds, the token is
    current within LEEWAY_SECONDS, and it lives no longer than MAX_LIFETIME_SECONDS."""
    expires, issued = _number(claims, "exp"), _number(claims, "iat")
    if expires <= moment - LEEWAY_SECONDS:
        raise ConnectTokenError("The token has expired.")
    if issued > moment + LEEWAY_SECONDS:
        raise ConnectTokenError("The token was issued in the future.")
    if "nbf" in claims and _number(claims, "nbf") > moment + LEEWAY_SECONDS:
        raise ConnectTokenError("The token is not valid yet.")
    if expires <= issued:
        raise ConnectTokenError("The token expires before it was issued.")
    # The second test is implied by the first and the `iat` test; it stays so the rule reads as stated.
    if expires - issued > MAX_LIFETIME_SECONDS or expires > moment + MAX_LIFETIME_SECONDS + LEEWAY_SECONDS:
        raise ConnectTokenError("The token lives longer than Jira issues them.")


def _number(claims: dict[str, Any], claim: str) -> float:
    """A time claim as seconds. Python's json reads NaN, Infinity and integers of any size, and a bool
    is an int to Python: none of these is a time, and NaN would compare false with everything."""
    value = claims[claim]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConnectTokenError(f"The token's {claim!r} claim is not a number.")
    try:
        seconds = float(value)
    except OverflowError:  # an integer beyond any float: as meaningless as Infinity
        raise ConnectTokenError(f"The token's {claim!r} claim is not a number.") from None
    if not math.isfinite(seconds):
        raise ConnectTokenError(f"The token's {claim!r} claim is not a number.")
    return seconds


def unverified_install_key_id(token: str) -> str:
    """The `kid` of a signed-install token, after checking its header names RS256 (ref §3.3 step 1).

    The shape of the kid is the key store's business (`install_keys.valid_key_id`); this only says
    whether there is one.
    """
    _check_length(token)
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise ConnectTokenError("The token is not a JWT.") from None
    if header.get("alg") != "RS256":
        raise ConnectTokenError("Install callbacks must carry an RS256 token signed by Atlassian.")
    key_id = header.get("kid")
    if not isinstance(key_id, str) or not key_id:
        raise ConnectTokenError("The install token has no key id (kid).")
    return key_id


def verify_install_token(token: str, public_key: RSAPublicKey, *, audience: str, expected_qsh: str) -> dict[str, Any]:
    """The claims of a signed-install token (ref §3.3), or `ConnectTokenError`.

    `audience` is our base URL: `aud` must be exactly it (a trailing slash tolerated), or a list of that
    one value; never a list that merely holds it among others, nor a substring match (ref §9.2). The
    caller then compares `iss` with the body's clientKey (step 5), once the body is parsed: a token
    minted for one site cannot install another.
    """
    _check_length(token)
    try:
        claims = _INSTALL_TOKEN.decode(
            token,
            public_key,
            algorithms=["RS256"],
            audience=[audience, audience + "/"],
            leeway=LEEWAY_SECONDS,
        )
    except jwt.PyJWTError as error:
        raise ConnectTokenError(_reason(error)) from None
    except (OverflowError, ValueError):  # PyJWT's int() of an `exp` of Infinity or NaN
        raise ConnectTokenError("The token's times are not numbers.") from None
    # PyJWT accepts a list `aud` when any one element is ours; a token addressed to other apps as well
    # is not one Atlassian mints for an install of ours, so the list must be ours alone.
    aud = claims["aud"]
    if isinstance(aud, list) and len(aud) != 1:
        raise ConnectTokenError("The token is meant for another app (aud).")
    # PyJWT int()s the times, so "123", true or an integer too large for a float pass it: a tenant's rules.
    _check_times(claims, time.time())
    _check_qsh(claims, expected_qsh)
    return claims


def _check_length(token: str) -> None:
    if len(token) > MAX_TOKEN_LENGTH:
        raise ConnectTokenError("The token is too long.")


def _check_qsh(claims: dict[str, Any], expected_qsh: str) -> None:
    if claims["qsh"] != expected_qsh:
        raise ConnectTokenError("The token was issued for another request (qsh).")


def _reason(error: jwt.PyJWTError) -> str:
    """One sentence for a PyJWT refusal; PyJWT's own messages may quote token content, so never pass them on."""
    if isinstance(error, jwt.ExpiredSignatureError):
        return "The token has expired."
    if isinstance(error, jwt.ImmatureSignatureError):
        return "The token was issued in the future."
    if isinstance(error, jwt.MissingRequiredClaimError):
        return f"The token has no {error.claim!r} claim."
    if isinstance(error, jwt.InvalidAudienceError):
        return "The token is meant for another app (aud)."
    if isinstance(error, jwt.InvalidAlgorithmError):
        return "The token is signed with an algorithm this route does not accept."
    return "The token's signature or format is invalid."
