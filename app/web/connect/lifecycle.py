"""The four lifecycle callbacks Jira POSTs to the paths the descriptor names (ref §2).

- `installed`, `uninstalled`: only an RS256 token signed by Atlassian is accepted ("signed install",
  ref §3.3): alg pinned, key fetched by kid, `aud` = our base URL, `qsh` of this request, `exp`/`iat`
  with leeway, then `iss` = the body's clientKey, and the token never seen before (app/jira_sites/install_tokens.py).
  Never a fallback to HS256 or to no token.
- `enabled`, `disabled`: the tenant's own HS256 token with the real qsh.

A refused callback answers 401 (before any look at the body) and changes nothing; a well-signed
callback with a malformed body answers 400. Jira may send `disabled` after `uninstalled`, sometimes
without a JWT (ref §2.3, AC-2561): a `disabled` for a site that is unknown or uninstalled answers 204
and does nothing, token or not, so the order in which the two arrive never matters.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from quart import Blueprint, request
from quart_schema import RequestSchemaValidationError

from app.connect.install_keys import InstallKeyError
from app.connect.jwt import ConnectTokenError, unverified_install_key_id, verify_install_token
from app.jira_sites.install_tokens import first_use
from app.jira_sites.tenants import find_tenant, record_install, record_uninstall, set_enabled
from app.net import UnsafeUrlError, normalize_site_url
from app.web.application import sleuth_app
from app.web.connect.auth import authenticate, request_qsh, request_token
from app.web.errors import APIError

blueprint = Blueprint("connect_lifecycle", __name__, url_prefix="/connect")

NO_CONTENT = ("", 204)


class LifecyclePayload(BaseModel):
    """The body of every lifecycle callback (ref §2.1); fields we do not use are ignored."""

    model_config = ConfigDict(extra="ignore")

    key: str = Field(min_length=1, max_length=64)
    client_key: str = Field(alias="clientKey", min_length=1, max_length=255)
    shared_secret: str | None = Field(default=None, alias="sharedSecret", min_length=1, max_length=1024)
    base_url: str = Field(alias="baseUrl", min_length=1, max_length=255)
    display_url: str | None = Field(default=None, alias="displayUrl", max_length=255)
    product_type: str = Field(default="jira", alias="productType", min_length=1, max_length=32)
    installation_id: str | None = Field(default=None, alias="installationId", max_length=255)


@blueprint.post("/installed")
async def installed() -> tuple[str, int]:
    claims = await _verified_install_claims()
    payload = await _payload(claims["iss"])
    if payload.shared_secret is None:
        raise APIError(400, "The installed callback carries no sharedSecret.")
    app = sleuth_app()
    allow_private = app.settings.allow_private_urls
    try:
        base_url = normalize_site_url(payload.base_url, allow_private=allow_private)
        display_url = (
            normalize_site_url(payload.display_url, allow_private=allow_private) if payload.display_url else None
        )
    except UnsafeUrlError as error:
        raise APIError(400, f"The site URL is refused: {error}") from None
    await record_install(
        client_key=payload.client_key,
        shared_secret=payload.shared_secret,
        base_url=base_url,
        display_url=display_url,
        product_type=payload.product_type,
        installation_id=payload.installation_id,
        secret_box=app.secret_box,
    )
    return NO_CONTENT


@blueprint.post("/uninstalled")
async def uninstalled() -> tuple[str, int]:
    payload = await _payload((await _verified_install_claims())["iss"])
    await record_uninstall(payload.client_key)
    return NO_CONTENT


@blueprint.post("/enabled")
async def enabled() -> tuple[str, int]:
    return await _set_enabled(True)


@blueprint.post("/disabled")
async def disabled() -> tuple[str, int]:
    if await _for_a_site_we_do_not_serve():
        return NO_CONTENT
    return await _set_enabled(False)


async def _set_enabled(value: bool) -> tuple[str, int]:
    caller = await authenticate(request_qsh())
    await _payload(caller.tenant.client_key)
    await set_enabled(caller.tenant, value)
    return NO_CONTENT


async def _verified_install_claims() -> dict[str, Any]:
    token = request_token()
    if token is None:
        raise APIError(401, "Install callbacks need a JWT signed by Atlassian (signed install).")
    app = sleuth_app()
    try:
        key_id = unverified_install_key_id(token)
        public_key = await app.install_keys.public_key(key_id)
        claims = verify_install_token(token, public_key, audience=app.settings.base_url, expected_qsh=request_qsh())
    except (ConnectTokenError, InstallKeyError) as error:
        raise APIError(401, str(error)) from None
    if not await first_use(token, datetime.fromtimestamp(claims["exp"], UTC)):
        raise APIError(401, "This install token was already used; Jira signs a new one for every callback.")
    return claims


async def _payload(issuer: str) -> LifecyclePayload:
    """The body, validated after the token was: 400 if malformed, 401 if it speaks for another site
    than the token's verified issuer, 400 if it is for another app key."""
    try:
        payload = LifecyclePayload.model_validate_json(await request.get_data())
    except ValidationError as error:
        raise RequestSchemaValidationError(error) from None
    if payload.client_key != issuer:
        raise APIError(401, "The token's issuer is not the clientKey of the body.")
    if payload.key != sleuth_app().settings.app_key:
        raise APIError(400, f"This callback is for the app key {payload.key!r}, not this app's.")
    return payload


async def _for_a_site_we_do_not_serve() -> bool:
    try:
        payload = LifecyclePayload.model_validate_json(await request.get_data())
    except ValidationError:
        return False
    tenant = await find_tenant(payload.client_key)
    return tenant is None or not tenant.installed
