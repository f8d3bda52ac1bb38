"""Code deployments of a project: the repositories whose deploys `register_deploy` records, each with an
optional code source (where the commits of a deploy that names only its sha are read)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field
from quart_schema import validate_request, validate_response

from app.sleuth.code_sources import NewCodeSource, checked_code_source, set_code_source
from app.sleuth.errors import NotFound
from app.sleuth.projects import (
    create_code_deployment,
    get_code_deployment,
    get_project,
    list_code_deployments,
    rename_code_deployment,
)
from app.web.api import api_blueprint
from app.web.api.auth import require_org_key
from app.web.application import sleuth_app
from models import CodeDeployment, CodeSource, Organization, Project

blueprint = api_blueprint("api_deployments", __name__, "Code deployments")


class NewCodeDeployment(BaseModel):
    name: Annotated[str, Field(max_length=255)]
    slug: Annotated[str | None, Field(max_length=64)] = None
    repository_url: Annotated[str, Field(max_length=1000)] = ""
    code_source: NewCodeSource | None = None


class CodeDeploymentChange(BaseModel):
    """What a PATCH changes: the name, and the code source (`null` removes it; omitted keeps it)."""

    name: Annotated[str | None, Field(max_length=255)] = None
    code_source: NewCodeSource | None = None


class CodeSourceOut(BaseModel):
    """A code source as shown back: never its token, only whether one is stored."""

    provider: str
    repository: str
    url: str
    api_url: str
    branch: str = Field(description="the deployed branch (Terraform Cloud's deploys); empty: the default branch")
    has_token: bool
    path_includes: list[str]
    path_excludes: list[str]

    @classmethod
    def of(cls, source: CodeSource) -> CodeSourceOut:
        return cls(
            provider=source.provider, repository=source.repository, url=source.url, api_url=source.api_url,
            branch=source.branch, has_token=source.token is not None, path_includes=source.path_includes, path_excludes=source.path_excludes,
        )  # fmt: skip


class CodeDeploymentOut(BaseModel):
    slug: str
    name: str
    project: str
    repository_url: str
    code_source: CodeSourceOut | None

    @classmethod
    def of(cls, deployment: CodeDeployment, project_slug: str, source: CodeSource | None) -> CodeDeploymentOut:
        return cls(
            slug=deployment.slug,
            name=deployment.name,
            project=project_slug,
            repository_url=deployment.repository_url,
            code_source=CodeSourceOut.of(source) if source is not None else None,
        )


@blueprint.post("/orgs/<org>/projects/<project>/deployments")
@require_org_key()
@validate_request(NewCodeDeployment)
@validate_response(CodeDeploymentOut, 201)
async def post_code_deployment(
    organization: Organization, project: str, data: NewCodeDeployment
) -> tuple[CodeDeploymentOut, int]:
    """Create a code deployment (a repository) of the project, with its code source if given.

    Its slug is unique in the organization (409 when taken): register_deploy's URL names only the
    organization and the deployment. A code source is saved only once its host said yes to the token
    (400 with the host's refusal in a sentence otherwise, and nothing is created)."""
    stored = await get_project(organization, project)
    services = sleuth_app().code_source_services()
    fields = await checked_code_source(data.code_source, stored=None, **services) if data.code_source else None
    deployment = await create_code_deployment(stored, data.name, data.slug, data.repository_url)
    source = await CodeSource.create(code_deployment=deployment, **fields) if fields is not None else None
    return CodeDeploymentOut.of(deployment, stored.slug, source), 201


@blueprint.patch("/orgs/<org>/projects/<project>/deployments/<deployment>")
@require_org_key()
@validate_request(CodeDeploymentChange)
@validate_response(CodeDeploymentOut)
async def patch_code_deployment(
    organization: Organization, project: str, deployment: str, data: CodeDeploymentChange
) -> CodeDeploymentOut:
    """Rename a code deployment, or set, replace or (`"code_source": null`) remove its code source. A
    code source sent without `token` keeps the stored one. A refused code source changes nothing."""
    stored_project = await get_project(organization, project)
    stored = await _code_deployment_of(stored_project, organization, deployment)
    if "code_source" in data.model_fields_set:  # first: the host's refusal leaves the name as it was
        source = await set_code_source(stored, data.code_source, **sleuth_app().code_source_services())
    else:
        source = await CodeSource.get_or_none(code_deployment=stored)
    if data.name is not None:
        await rename_code_deployment(stored, data.name)
    return CodeDeploymentOut.of(stored, stored_project.slug, source)


@blueprint.get("/orgs/<org>/projects/<project>/deployments")
@require_org_key()
@validate_response(list[CodeDeploymentOut])
async def get_code_deployments(organization: Organization, project: str) -> list[CodeDeploymentOut]:
    """The project's code deployments, by slug, with their code sources (never a token)."""
    stored = await get_project(organization, project)
    deployments = await list_code_deployments(stored)
    found = await CodeSource.filter(code_deployment_id__in=[deployment.id for deployment in deployments])
    sources = {source.code_deployment_id: source for source in found}
    return [CodeDeploymentOut.of(deployment, stored.slug, sources.get(deployment.id)) for deployment in deployments]


async def _code_deployment_of(project: Project, organization: Organization, slug: str) -> CodeDeployment:
    deployment = await get_code_deployment(organization, slug)
    if deployment.project_id != project.id:  # type: ignore[attr-defined]
        raise NotFound(f"Project {project.slug!r} has no code deployment {slug!r}.")
    return deployment
