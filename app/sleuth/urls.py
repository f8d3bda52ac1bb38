"""Public URLs of Sleuth objects: one place, so Jira's panels, the Deployments API and the Sleuth UI
all link to the same pages."""

from __future__ import annotations

from urllib.parse import quote


def project_url(base_url: str, organization_slug: str, project_slug: str) -> str:
    return f"{base_url}/{quote(organization_slug)}/{quote(project_slug)}"


def deploys_url(base_url: str, organization_slug: str, project_slug: str) -> str:
    return f"{project_url(base_url, organization_slug, project_slug)}/deploys"


def deploy_url(base_url: str, organization_slug: str, project_slug: str, deploy_id: int) -> str:
    return f"{deploys_url(base_url, organization_slug, project_slug)}/{deploy_id}"


def issue_url(site_url: str, issue_key: str) -> str:
    """A Jira issue on the site of a connection: `{site}/browse/{key}`."""
    return f"{site_url}/browse/{quote(issue_key)}"
