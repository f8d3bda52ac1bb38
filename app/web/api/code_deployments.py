"""Code deployments of a project: the repositories whose deploys `register_deploy` records."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field
from quart_schema import validate_request, validate_response

from app.sleuth.projects import create_code_deployment, get_project, list_code_deployments
from app.web.api import api_blueprint
from app.web.api.auth import require_org_key
from models import CodeDeployment, Organization

blueprint = api_blueprint("api_deployments", __name__, "Code deployments")


class NewCodeDeployment(BaseModel):
    name: Annotated[str, Field(max_length=255)]
    slug: Annotated[str | None, Field(max_length=64)] = None
    repository_url: Annotated[str, Field(max_length=1000)] = ""


class CodeDeploymentOut(BaseModel):
    slug: str
    name: str
    project: str
    repository_url: str

    @classmethod
    def of(cls, deployment: CodeDeployment, project_slug: str) -> CodeDeploymentOut:
        return cls(
            slug=deployment.slug, name=deployment.name, project=project_slug, repository_url=deployment.repository_url
        )


@blueprint.post("/orgs/<org>/projects/<project>/deployments")
@require_org_key()
@validate_request(NewCodeDeployment)
@validate_response(CodeDeploymentOut, 201)
async def post_code_deployment(
    organization: Organization, project: str, data: NewCodeDeployment
) -> tuple[CodeDeploymentOut, int]:
    """Create a code deployment (a repository) of the project.

    Its slug is unique in the organization (409 when taken): register_deploy's URL names only the
    organization and the deployment."""
    stored = await get_project(organization, project)
    deployment = await create_code_deployment(stored, data.name, data.slug, data.repository_url)
    return CodeDeploymentOut.of(deployment, stored.slug), 201


@blueprint.get("/orgs/<org>/projects/<project>/deployments")
@require_org_key()
@validate_response(list[CodeDeploymentOut])
async def get_code_deployments(organization: Organization, project: str) -> list[CodeDeploymentOut]:
    """The project's code deployments, by slug."""
    stored = await get_project(organization, project)
    return [CodeDeploymentOut.of(deployment, stored.slug) for deployment in await list_code_deployments(stored)]
