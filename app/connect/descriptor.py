"""The app descriptor (ref §1), rendered from the `atlassian-connect.json` template at the repository
root; app/web/connect/descriptor.py serves it.

The template is JSON with two placeholders, `{{baseUrl}}` (SLEUTH_BASE_URL, path included) and
`{{appKey}}` (SLEUTH_APP_KEY: one key per environment, since Jira refuses two installs of one key on a
site). They are replaced inside the parsed strings, never in the raw text, so no setting can change the
descriptor's structure. Module URLs stay relative: Jira resolves them against `baseUrl`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.settings import Settings

TEMPLATE = Path(__file__).resolve().parents[2] / "atlassian-connect.json"


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


def issue_status_property_key(settings: Settings) -> str:
    """The issue property whose value Jira shows as the badge of the descriptor's issue context (its
    `jiraIssueContexts` entry): `com.atlassian.jira.issue:{appKey}:{moduleKey}:status` (connect-platform.md §1.4)."""
    module_key = render_descriptor(settings)["modules"]["jiraIssueContexts"][0]["key"]
    return f"com.atlassian.jira.issue:{settings.app_key}:{module_key}:status"
