"""`GET /connect/whoami`: the verified caller of a context token, for our iframe scripts.

The scripts call it with `AP.context.getToken()` (qsh "context-qsh") to learn which site and user the
backend sees; it is also the smallest real route behind `@connect_context`.
"""

from __future__ import annotations

from quart import Blueprint, Response, jsonify

from app.web.connect.auth import connect_caller, connect_context

blueprint = Blueprint("connect_whoami", __name__, url_prefix="/connect")


@blueprint.get("/whoami")
@connect_context
async def whoami() -> Response:
    caller = connect_caller()
    return jsonify(
        {
            "baseUrl": caller.tenant.base_url,
            "displayUrl": caller.tenant.display_url,
            "accountId": caller.account_id,
        }
    )
