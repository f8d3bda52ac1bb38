"""`GET /atlassian-connect.json`: the app descriptor (ref §1), rendered from the `atlassian-connect.json`
template at the repository root.

The template is JSON with two placeholders, `{{baseUrl}}` (SLEUTH_BASE_URL, path included) and
`{{appKey}}` (SLEUTH_APP_KEY: one key per environment, since Jira refuses two installs of one key on a
site). They are replaced inside the parsed strings, never in the raw text, so no setting can change the
descriptor's structure. Module URLs stay relative: Jira resolves them against `baseUrl`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quart import Blueprint, Response, jsonify

from app.application import sleuth_app
from app.settings import Settings

TEMPLATE = Path(__file__).resolve().parent.parent.parent / "atlassian-connect.json"

blueprint = Blueprint("connect_descriptor", __name__)


def render_descriptor(settings: Settings) -> dict[str, Any]:
    replacements = {"{{baseUrl}}": settings.base_url, "{{appKey}}": settings.app_key}
    rendered: dict[str, Any] = _substitute(json.loads(TEMPLATE.read_text()), replacements)
    return rendered


def _substitute(node: Any, replacements: dict[str, str]) -> Any:
    if isinstance(node, str):
        for placeholder, value in replacements.items():
            node = node.replace(placeholder, value)
        return node
    if isinstance(node, dict):
        return {key: _substitute(value, replacements) for key, value in node.items()}
    if isinstance(node, list):
        return [_substitute(value, replacements) for value in node]
    return node


@blueprint.get("/atlassian-connect.json")
async def descriptor() -> Response:
    # Read per request: Jira fetches it on install and upgrade only, and an edited template shows at once.
    return jsonify(render_descriptor(sleuth_app().settings))
