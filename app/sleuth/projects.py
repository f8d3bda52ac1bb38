"""Projects of an organization and their code deployments (the repositories whose deploys they track)."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from app.sleuth.errors import Conflict, InvalidInput, NotFound
from app.sleuth.slugs import is_valid_slug, slugify
from models import ChangeSourceKind, CodeDeployment, Organization, Project

SLUG_RULE = "1 to 64 lowercase letters, digits, '-' or '_', starting and ending with a letter or digit"


def _slug(slug: str | None, name: str) -> str:
    """The slug given, or Sleuth's slug of the name when none is given."""
    chosen = slugify(name) if slug is None else slug
    if not is_valid_slug(chosen):
        raise InvalidInput(f"{chosen!r} is not a valid slug: use {SLUG_RULE}.")
    return chosen


def _name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise InvalidInput("The name must not be blank.")
    return cleaned


async def create_project(organization: Organization, name: str, slug: str | None = None) -> Project:
    project_slug = _slug(slug, name)
    try:
        return await Project.create(organization=organization, slug=project_slug, name=_name(name))
    except IntegrityError:
        raise Conflict(f"Organization {organization.slug!r} already has a project {project_slug!r}.") from None


async def get_project(organization: Organization, slug: str) -> Project:
    """The project with its current issue tracker loaded (None when it has none)."""
    project = await Project.get_or_none(organization=organization, slug=slug).select_related("issue_tracker")
    if project is None:
        raise NotFound(f"Organization {organization.slug!r} has no project {slug!r}.")
    return project


async def list_projects(organization: Organization) -> list[Project]:
    return await Project.filter(organization=organization).order_by("slug")


async def rename_project(project: Project, name: str) -> None:
    project.name = _name(name)
    await project.save(update_fields=["name"])


async def rename_code_deployment(deployment: CodeDeployment, name: str) -> None:
    deployment.name = _name(name)
    await deployment.save(update_fields=["name"])


async def create_code_deployment(
    project: Project, name: str, slug: str | None = None, repository_url: str = ""
) -> CodeDeployment:
    """A code deployment of `project`; its slug is unique in the whole organization because
    register_deploy's URL names only the organization and the deployment."""
    deployment_slug = _slug(slug, name)
    try:
        return await CodeDeployment.create(
            organization_id=project.organization_id,
            project=project,
            slug=deployment_slug,
            name=_name(name),
            repository_url=repository_url.strip(),
        )
    except IntegrityError:
        raise Conflict(f"This organization already has a code deployment {deployment_slug!r}.") from None


async def get_code_deployment(organization: Organization, slug: str) -> CodeDeployment:
    """The organization's code deployment `slug` (slugs are unique in an organization)."""
    code_deployment = await CodeDeployment.get_or_none(organization=organization, slug=slug, kind=ChangeSourceKind.CODE)
    if code_deployment is None:
        raise NotFound(f"Organization {organization.slug!r} has no code deployment {slug!r}.")
    return code_deployment


async def list_code_deployments(project: Project) -> list[CodeDeployment]:
    return await CodeDeployment.filter(project=project, kind=ChangeSourceKind.CODE).order_by("slug")
