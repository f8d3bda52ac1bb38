"""The organization's API tokens page (owners and admins): the keys CI and scripts use, with their label,
scope, creation and last use; a new access token shown this once; revocation, which takes effect at once.
"""

from __future__ import annotations

from quart import flash, redirect, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from app.sleuth.api_keys import issue_key, list_keys, revoke_key
from app.web.sleuth_ui.access import (
    Refusal,
    Viewer,
    org_page,
    render_page,
    sleuth_blueprint,
)
from models import ApiKeyKind, ApiKeyScope

blueprint = sleuth_blueprint("sleuth_api_tokens", __name__)

MAX_LABEL = 255


@blueprint.get("/<org>/settings/api-tokens")
@org_page(manage=True)
async def api_tokens(viewer: Viewer) -> tuple[str, int]:
    return await render_page("sleuth/api_tokens.html", keys=await list_keys(viewer.organization), new_token=None)


@blueprint.post("/<org>/settings/api-tokens")
@org_page(manage=True)
async def create_token(viewer: Viewer) -> tuple[str, int]:
    form = await request.form
    label = form.get("label", "").strip()[:MAX_LABEL]
    try:
        scope = ApiKeyScope(form.get("scope", ApiKeyScope.ALL.value))
    except ValueError:
        raise Refusal(400, "Choose a scope: all of the API, or register_deploy only.") from None
    token = await issue_key(viewer.organization, ApiKeyKind.ACCESS_TOKEN, scope, label=label or f"{scope.value} token")
    # Rendered, not redirected to: the token must not travel in a URL or a flashed cookie.
    return await render_page("sleuth/api_tokens.html", 201, keys=await list_keys(viewer.organization), new_token=token)


@blueprint.post("/<org>/settings/api-tokens/<int:key_id>/revoke")
@org_page(manage=True)
async def revoke(viewer: Viewer, key_id: int) -> WerkzeugResponse:
    revoked = await revoke_key(viewer.organization, key_id)
    if revoked is None:
        raise Refusal(404, "There is no such token in this organization.")
    await flash(f"{revoked.label or 'The key'} is revoked: requests with it are refused from now on.")
    return redirect(url_for("sleuth_api_tokens.api_tokens", org=viewer.organization.slug))
