"""`GET /atlassian-connect.json`: the app descriptor, as app/connect/descriptor.py renders it."""

from __future__ import annotations

from quart import Blueprint, Response, jsonify

from app.connect.descriptor import render_descriptor
from app.web.application import sleuth_app

blueprint = Blueprint("connect_descriptor", __name__)


@blueprint.get("/atlassian-connect.json")
async def descriptor() -> Response:
    # Read per request: Jira fetches it on install and upgrade only, and an edited template shows at once.
    return jsonify(render_descriptor(sleuth_app().settings))
