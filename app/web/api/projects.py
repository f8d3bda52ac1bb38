"""Projects: create, list, read, and PATCH (rename, choose the issue tracker)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field
from quart_schema import validate_request, validate_response

from app.sleuth.issue_trackers import ConnectionId, choose_connection
from app.sleuth.projects import create_project, get_project, list_projects, rename_project
from app.web.api import api_blueprint
from app.web.api.auth import require_org_key
from models import Organization, Project

blueprint = api_blueprint("api_projects", __name__, "Projects")


class NewProject(BaseModel):
    name: Annotated[str, Field(max_length=255)]
    slug: Annotated[str | None, Field(max_length=64)] = None


class ProjectChanges(BaseModel):
    """Only the fields given change; `issue_tracker: null` leaves the project without a tracker."""

    issue_tracker: ConnectionId | None = None
    name: Annotated[str | None, Field(max_length=255)] = None


class ProjectOut(BaseModel):
    slug: str
    name: str
    issue_tracker: int | None = Field(description="the id of the project's issue-tracker connection, or null")
    default_environment: str

    @classmethod
    def of(cls, project: Project) -> ProjectOut:
        return cls(
            slug=project.slug,
            name=project.name,
            issue_tracker=project.issue_tracker_id,
            default_environment=project.default_environment,
        )


@blueprint.post("/orgs/<org>/projects")
@require_org_key()
@validate_request(NewProject)
@validate_response(ProjectOut, 201)
async def post_project(organization: Organization, data: NewProject) -> tuple[ProjectOut, int]:
    """Create a project.

    Without a `slug`, the slug is made from the name as Sleuth does ("Plugin picker (dev)" ->
    `plugin-picker-dev`); 409 when the organization already has it."""
    return ProjectOut.of(await create_project(organization, data.name, data.slug)), 201


@blueprint.get("/orgs/<org>/projects")
@require_org_key()
@validate_response(list[ProjectOut])
async def get_projects(organization: Organization) -> list[ProjectOut]:
    """The organization's projects, by slug."""
    return [ProjectOut.of(project) for project in await list_projects(organization)]


@blueprint.get("/orgs/<org>/projects/<project>")
@require_org_key()
@validate_response(ProjectOut)
async def get_one_project(organization: Organization, project: str) -> ProjectOut:
    """One project, with the id of its issue-tracker connection (null when it has none)."""
    return ProjectOut.of(await get_project(organization, project))


@blueprint.patch("/orgs/<org>/projects/<project>")
@require_org_key()
@validate_request(ProjectChanges)
@validate_response(ProjectOut)
async def patch_project(organization: Organization, project: str, data: ProjectChanges) -> ProjectOut:
    """Choose the project's issue tracker, or rename it.

    `{"issue_tracker": <id or null>}`: 400 when the id is not a connection of this organization; null
    leaves the project without a tracker. Fields left out do not change."""
    stored = await get_project(organization, project)
    if "issue_tracker" in data.model_fields_set:
        await choose_connection(stored, data.issue_tracker)
    if data.name is not None:
        await rename_project(stored, data.name)
    return ProjectOut.of(stored)
