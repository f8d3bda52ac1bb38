"""A project's Settings > Code deployments tab: each code deployment with its code source, where its
commits are read when a deploy names only its sha (app/sleuth/code_sources.py).

The form takes what the REST API takes. The host is called once before anything is saved, and its
refusal is shown above the form; the token is never shown back, and a save with the token left empty
keeps the stored one (its field says so).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from quart import flash, redirect, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as WerkzeugResponse

from app.sleuth.code_sources import NewCodeSource, set_code_source
from app.sleuth.errors import Conflict, DomainError, InvalidInput, NotFound
from app.sleuth.projects import create_code_deployment, get_code_deployment, get_project, list_code_deployments
from app.web.application import sleuth_app
from app.web.sleuth_ui.access import Viewer, org_page, render_page, sleuth_blueprint
from models import CodeDeployment, CodeHostProvider, CodeSource, Project

blueprint = sleuth_blueprint("sleuth_code_deployments", __name__)

PROVIDERS = {
    CodeHostProvider.GITHUB: "GitHub",
    CodeHostProvider.GITHUB_ENTERPRISE: "GitHub Enterprise Server",
    CodeHostProvider.GITLAB: "GitLab",
    CodeHostProvider.BITBUCKET: "Bitbucket Cloud",
    CodeHostProvider.AZURE_DEVOPS: "Azure DevOps",
    CodeHostProvider.CUSTOM_GIT: "Any git remote (custom git)",
}
TEXT_FIELDS = ("provider", "repository", "url", "api_url", "branch")
PATH_FIELDS = ("path_includes", "path_excludes")


@blueprint.get("/<org>/<project>/settings/deployments")
@org_page(manage=True)
async def code_deployments(viewer: Viewer, project: str) -> tuple[str, int]:
    return await _listing(await get_project(viewer.organization, project))


async def _listing(project: Project, status: int = 200, **context: Any) -> tuple[str, int]:
    deployments = await list_code_deployments(project)
    found = await CodeSource.filter(code_deployment_id__in=[item.id for item in deployments])
    sources = {source.code_deployment_id: source for source in found}
    return await render_page(
        "sleuth/code_deployments.html", status, project=project, deployments=deployments, sources=sources,
        providers=PROVIDERS, **context,
    )  # fmt: skip


@blueprint.post("/<org>/<project>/settings/deployments")
@org_page(manage=True)
async def new_code_deployment(viewer: Viewer, project: str) -> tuple[str, int] | WerkzeugResponse:
    stored = await get_project(viewer.organization, project)
    form = await request.form
    try:
        created = await create_code_deployment(stored, form.get("name", ""), form.get("slug", "").strip() or None)
    except DomainError as error:
        status = 409 if isinstance(error, Conflict) else 400
        return await _listing(stored, status, error=error.message, values=dict(form))
    await flash(f"{created.name} is created: CI names it {created.slug} in register_deploy. Set its code source below.")
    page = url_for("sleuth_code_deployments.code_deployment", org=viewer.organization.slug, project=stored.slug,
                   deployment=created.slug)  # fmt: skip
    return redirect(page)


async def _found(viewer: Viewer, project: str, deployment: str) -> tuple[Project, CodeDeployment]:
    stored = await get_project(viewer.organization, project)
    code_deployment = await get_code_deployment(viewer.organization, deployment)
    if code_deployment.project_id != stored.id:  # type: ignore[attr-defined]
        raise NotFound(f"{stored.name} has no code deployment {deployment!r}.")
    return stored, code_deployment


def _values_of(source: CodeSource | None) -> dict[str, str]:
    if source is None:
        return {"provider": CodeHostProvider.GITHUB.value}
    values = {name: str(getattr(source, name) or "") for name in TEXT_FIELDS}
    return values | {name: "\n".join(getattr(source, name)) for name in PATH_FIELDS}


async def _form_page(
    project: Project,
    code_deployment: CodeDeployment,
    source: CodeSource | None,
    values: dict[str, str],
    *,
    status: int = 200,
    error: str | None = None,
    error_field: str | None = None,
) -> tuple[str, int]:
    return await render_page(
        "sleuth/code_deployment.html",
        status,
        project=project,
        code_deployment=code_deployment,
        source=source,
        values=values,
        providers=PROVIDERS,
        error=error,
        error_field=error_field,
    )


@blueprint.get("/<org>/<project>/settings/deployments/<deployment>")
@org_page(manage=True)
async def code_deployment(viewer: Viewer, project: str, deployment: str) -> tuple[str, int]:
    stored, code_deployment = await _found(viewer, project, deployment)
    source = await CodeSource.get_or_none(code_deployment=code_deployment)
    return await _form_page(stored, code_deployment, source, _values_of(source))


def _new_source(form: MultiDict[str, str]) -> NewCodeSource:
    fields: dict[str, Any] = {name: form.get(name, "") for name in TEXT_FIELDS}
    fields |= {name: [line.strip() for line in form.get(name, "").splitlines() if line.strip()] for name in PATH_FIELDS}
    if form.get("token"):  # left empty: the stored token is kept
        fields["token"] = form["token"]
    return NewCodeSource.model_validate(fields)


@blueprint.post("/<org>/<project>/settings/deployments/<deployment>")
@org_page(manage=True)
async def save_code_deployment(viewer: Viewer, project: str, deployment: str) -> tuple[str, int] | WerkzeugResponse:
    stored, code_deployment = await _found(viewer, project, deployment)
    source = await CodeSource.get_or_none(code_deployment=code_deployment)
    form = await request.form
    values = {name: form.get(name, "") for name in (*TEXT_FIELDS, *PATH_FIELDS)}
    services = sleuth_app().code_source_services()
    try:
        if form.get("action") == "remove":
            await set_code_source(code_deployment, None, **services)
            await flash(f"Removed the code source of {code_deployment.name}.")
        else:
            await set_code_source(code_deployment, _new_source(form), **services)
            await flash(f"Saved: {code_deployment.name}'s commits are read from its code source.")
    except ValidationError as invalid:
        first = invalid.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else None
        return await _form_page(
            stored, code_deployment, source, values, status=400, error=_sentence(first["msg"]), error_field=field
        )
    except InvalidInput as refused:
        return await _form_page(stored, code_deployment, source, values, status=400, error=refused.message)
    listing = url_for("sleuth_code_deployments.code_deployments", org=viewer.organization.slug, project=stored.slug)
    return redirect(listing)


def _sentence(message: str) -> str:
    text = message.removeprefix("Value error, ")
    return text[:1].upper() + text[1:].rstrip(".") + "."
