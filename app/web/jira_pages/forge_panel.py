"""What the Forge Custom UI pages call with `invokeRemote` (forge/static/*/src).

`POST /forge/ui/deployments`, from the `jira:issueContext` panel: the deploys of the issue the panel is
on, under the same visibility rule as the Connect panel (app/jira_sites/issue_deploys.py) for the site of the
calling installation. The issue comes from the token's signed `context.extension.issue.key`, never from
the path or body, which browser code chooses. Refusals are JSON and never 401 (Forge reserves it for the
token): 400 without an issue in the context, 404 for an installation the backend does not know (yet),
403 for a disabled site. Never a redirect. An app system token on these calls is not kept: a user holding
a UI call's token could send one of their own choosing (app/web/forge/events.py keeps Forge's).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quart import Blueprint, Response, jsonify

from app.jira_sites.forge_installations import tenant_for_invocation
from app.jira_sites.issue_deploys import IssueDeploy, IssueDeploys, deploys_for_issue, site_urls
from app.web.application import sleuth_app
from app.web.errors import APIError
from app.web.forge.auth import current_invocation, forge_invocation

blueprint = Blueprint("forge_ui", __name__, url_prefix="/forge/ui")


@blueprint.post("/deployments")
@forge_invocation
async def deployments() -> Response:
    invocation = current_invocation()
    issue_key = _issue_key(invocation.context)
    if issue_key is None:
        raise APIError(400, "This call carries no Jira issue; it is meant for the issue panel.")
    app = sleuth_app()
    tenant = await tenant_for_invocation(invocation, allow_private_urls=app.settings.allow_private_urls)
    if tenant is None:
        raise APIError(404, "Sleuth does not know this Jira site's installation yet; try again in a few minutes.")
    if not tenant.enabled:
        raise APIError(403, "The app is disabled on this Jira site.")
    result = await deploys_for_issue(site_urls(tenant), issue_key, base_url=app.settings.base_url)
    response = jsonify(deploys_json(result))
    response.headers["Cache-Control"] = "no-store"
    return response


def _issue_key(context: Mapping[str, Any]) -> str | None:
    extension = context.get("extension")
    issue = extension.get("issue") if isinstance(extension, dict) else None
    key = issue.get("key") if isinstance(issue, dict) else None
    return key if isinstance(key, str) and key else None


def deploys_json(result: IssueDeploys) -> dict[str, Any]:
    """The panel's data as JSON: `deploys` newest first within each environment type, in the order of
    `environments` (production, staging, testing, development, others), which says how many each has."""
    return {
        "issue_key": result.issue_key,
        "total": result.total,
        "deploys": [_deploy_json(deploy) for deploy in result.deploys],
        "environments": [
            {
                "type": group.type.value,
                "label": group.label,
                "total": group.total,
                "shown": len(group.deploys),
                "more": [{"project_name": link.project_name, "url": link.url} for link in group.more],
            }
            for group in result.groups
        ],
    }


def _deploy_json(deploy: IssueDeploy) -> dict[str, Any]:
    return {
        "id": deploy.id,
        "sha": deploy.sha,
        "short_sha": deploy.short_sha,
        "label": deploy.label,
        "environment": deploy.environment_slug,
        "environment_name": deploy.environment_name,
        "environment_type": deploy.environment_type.value,
        "code_deployment": deploy.code_deployment_slug,
        "code_deployment_name": deploy.code_deployment_name,
        "project": deploy.project_slug,
        "project_name": deploy.project_name,
        "organization": deploy.organization_slug,
        "date": deploy.date.isoformat(),
        "author": {"name": deploy.author_name, "email": deploy.author_email},
        "tags": list(deploy.tags),
        "url": deploy.url,
    }
