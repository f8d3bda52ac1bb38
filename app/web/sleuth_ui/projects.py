"""The organization's projects (owners and admins create them there), and a project's Settings > Details
tab with its Issue Integration Provider: the one connection of the organization (or none) whose site its
deploys' issues live on.

The choice is made by app/sleuth/issue_trackers.py's choose_connection, which refuses a connection of another
organization. A project without one (never chosen, or its connection was removed) says so on its
pages, with the way to choose a new one.
"""

from __future__ import annotations

from quart import flash, redirect, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from app.sleuth.errors import Conflict, DomainError, InvalidInput
from app.sleuth.issue_trackers import MAX_ID, choose_connection, list_connections
from app.sleuth.projects import create_project, get_project, list_projects
from app.web.sleuth_ui.access import Viewer, org_page, render_page, sleuth_blueprint
from app.web.sleuth_ui.integration_tiles import connection_name
from models import IssueTracker, Project

blueprint = sleuth_blueprint("sleuth_projects", __name__)

NO_CONNECTION = ""


@blueprint.get("/<org>")
@org_page()
async def organization_home(viewer: Viewer) -> tuple[str, int]:
    projects = await list_projects(viewer.organization)
    names = {connection.id: connection_name(connection) for connection in await list_connections(viewer.organization)}
    return await render_page("sleuth/projects.html", projects=projects, tracker_names=names)


@blueprint.post("/<org>")
@org_page(manage=True)
async def new_project(viewer: Viewer) -> tuple[str, int] | WerkzeugResponse:
    form = await request.form
    try:
        created = await create_project(viewer.organization, form.get("name", ""), form.get("slug", "").strip() or None)
    except DomainError as error:
        projects = await list_projects(viewer.organization)
        names = {c.id: connection_name(c) for c in await list_connections(viewer.organization)}
        values = {"name": form.get("name", ""), "slug": form.get("slug", "")}
        status = 409 if isinstance(error, Conflict) else 400
        return await render_page("sleuth/projects.html", status, projects=projects, tracker_names=names,
                                 error=error.message, values=values)  # fmt: skip
    await flash(f"{created.name} is created: add its code deployment, then choose its issue tracker.")
    return redirect(
        url_for("sleuth_code_deployments.code_deployments", org=viewer.organization.slug, project=created.slug)
    )


@blueprint.get("/<org>/<project>")
@org_page()
async def project_home(viewer: Viewer, project: str) -> WerkzeugResponse:
    stored = await get_project(viewer.organization, project)
    return redirect(url_for("sleuth_deploys.deploys", org=viewer.organization.slug, project=stored.slug))


@blueprint.get("/<org>/<project>/settings")
@org_page(manage=True)
async def settings(viewer: Viewer, project: str) -> WerkzeugResponse:
    stored = await get_project(viewer.organization, project)
    return redirect(url_for("sleuth_projects.details", org=viewer.organization.slug, project=stored.slug))


async def _details_page(
    project: Project, connections: list[IssueTracker], status: int = 200, error: str | None = None
) -> tuple[str, int]:
    return await render_page(
        "sleuth/project_details.html",
        status,
        project=project,
        choices=[(str(connection.id), connection_name(connection)) for connection in connections],
        error=error,
    )


def _chosen_id(raw: str) -> int | None:
    if raw == NO_CONNECTION:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
        raise InvalidInput("Choose one of the listed connections, or none.", field="issue_tracker")
    return int(raw)


@blueprint.get("/<org>/<project>/settings/details")
@org_page(manage=True)
async def details(viewer: Viewer, project: str) -> tuple[str, int]:
    stored = await get_project(viewer.organization, project)
    return await _details_page(stored, await list_connections(viewer.organization))


@blueprint.post("/<org>/<project>/settings/details")
@org_page(manage=True)
async def save_details(viewer: Viewer, project: str) -> tuple[str, int] | WerkzeugResponse:
    stored = await get_project(viewer.organization, project)
    connections = await list_connections(viewer.organization)
    form = await request.form
    try:
        await choose_connection(stored, _chosen_id(form.get("issue_tracker", NO_CONNECTION)))
    except InvalidInput as error:
        return await _details_page(stored, connections, 400, error.message)
    chosen = next((connection for connection in connections if connection.id == stored.issue_tracker_id), None)
    await flash(
        f"Saved: {stored.name} uses {connection_name(chosen)} as its issue tracker."
        if chosen
        else f"Saved: {stored.name} has no issue tracker."
    )
    return redirect(url_for("sleuth_projects.details", org=viewer.organization.slug, project=stored.slug))
