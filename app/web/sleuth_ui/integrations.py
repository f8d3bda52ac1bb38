"""The organization's Integrations page (owners and admins): the Jira Cloud, Jira Data Center and
Bitbucket tiles, each provider's form to add a connection, the edit of one (a rotated token, a header, a
label: projects keep it), "Test again", and the removal of a connection.

Saving goes through app/sleuth/issue_trackers.py (create_connection, update_connection), which checks
the site exactly as the REST API does and stores nothing on a refusal; its sentence is shown next to the
field it names, and every required field left empty is named at once, before the site is asked. Removal
asks first, naming the projects that will lose their issue tracker, on a page of its own so it works
without JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from quart import flash, redirect, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from app.sleuth.errors import InvalidInput
from app.sleuth.issue_trackers import (
    check_connection,
    create_connection,
    provider_status,
    remove_connection,
    update_connection,
)
from app.web.application import sleuth_app
from app.web.sleuth_ui.access import Refusal, Viewer, org_page, render_page, sleuth_blueprint
from app.web.sleuth_ui.integration_tiles import PROVIDER_NAMES, connection_name, connection_use, integration_tiles
from app.web.sleuth_ui.issue_tracker_forms import FORMS, ConnectionForm, FormField

blueprint = sleuth_blueprint("sleuth_integrations", __name__)


def _form_of(provider: str) -> ConnectionForm:
    form = next((form for kind, form in FORMS.items() if kind.value == provider), None)
    if form is None:
        raise Refusal(404, "There is no such integration.")
    return form


def _integrations_url(viewer: Viewer) -> str:
    return url_for("sleuth_integrations.integrations", org=viewer.organization.slug)


@blueprint.get("/<org>/settings/integrations")
@org_page(manage=True)
async def integrations(viewer: Viewer) -> tuple[str, int]:
    return await render_page("sleuth/integrations.html", tiles=await integration_tiles(viewer.organization))


@blueprint.get("/<org>/settings/integrations/<provider>/enable")
@org_page(manage=True)
async def enable(viewer: Viewer, provider: str) -> tuple[str, int]:
    return await render_page("sleuth/enable_integration.html", form=_form_of(provider), values={}, error=None)


@blueprint.post("/<org>/settings/integrations/<provider>/enable")
@org_page(manage=True)
async def submit_enable(viewer: Viewer, provider: str) -> tuple[str, int] | WerkzeugResponse:
    form = _form_of(provider)
    submitted = await request.form
    missing = form.missing(submitted)
    if missing:
        names = ", ".join(field.label for field in missing)
        refusal = InvalidInput(f"Not saved: fill in {names}.")
        return await _refused("sleuth/enable_integration.html", form, submitted, refusal, missing=missing)
    app = sleuth_app()
    try:
        connection = await create_connection(
            viewer.organization,
            form.connection(submitted),
            jira=app.jira,
            secret_box=app.secret_box,
            allow_private_urls=app.settings.allow_private_urls,
        )
    except InvalidInput as error:
        return await _refused("sleuth/enable_integration.html", form, submitted, error)
    await flash(f"{form.title} is enabled: {connection.label or connection.url} is connected.")
    return redirect(_integrations_url(viewer))


async def _refused(
    template: str,
    form: ConnectionForm,
    submitted: Mapping[str, str],
    error: InvalidInput,
    *,
    missing: Sequence[FormField] = (),
    **context: Any,
) -> tuple[str, int]:
    """The form again with what was typed (secrets emptied, header names kept), the sentence on top and
    next to each field at fault, and Advanced settings open when they hold a fault or typed headers."""
    errors = {field.name: f"{field.label} is required." for field in missing}
    if error.field and form.field(error.field):
        errors[error.field] = error.message
    retyped = form.retyped(submitted)
    advanced_open = any(field.advanced and (field.name in errors or field.name in retyped) for field in form.fields)
    return await render_page(
        template, 400, form=form, values=form.kept_values(submitted), error=error.message, errors=errors,
        first_error=next(iter(errors), None), retyped=retyped, advanced_open=advanced_open, **context,
    )  # fmt: skip


@blueprint.get("/<org>/settings/integrations/connections/<int:connection_id>/edit")
@org_page(manage=True)
async def edit(viewer: Viewer, connection_id: int) -> tuple[str, int]:
    use = await connection_use(viewer.organization, connection_id)
    form = _form_of(use.connection.provider.value)
    values = {"label": use.connection.label, "workspace": use.connection.workspace or ""}
    return await render_page("sleuth/edit_connection.html", form=form, use=use, values=values, error=None)


@blueprint.post("/<org>/settings/integrations/connections/<int:connection_id>/edit")
@org_page(manage=True)
async def submit_edit(viewer: Viewer, connection_id: int) -> tuple[str, int] | WerkzeugResponse:
    use = await connection_use(viewer.organization, connection_id)
    form = _form_of(use.connection.provider.value)
    submitted = await request.form
    app = sleuth_app()
    try:
        updated = await update_connection(
            viewer.organization, connection_id, form.change(submitted), jira=app.jira, secret_box=app.secret_box
        )
    except InvalidInput as error:
        return await _refused("sleuth/edit_connection.html", form, submitted, error, use=use)
    await flash(f"{connection_name(updated)} is saved: its site said yes, and its projects keep it.")
    return redirect(_integrations_url(viewer))


@blueprint.post("/<org>/settings/integrations/connections/<int:connection_id>/check")
@org_page(manage=True)
async def test_again(viewer: Viewer, connection_id: int) -> WerkzeugResponse:
    app = sleuth_app()
    try:
        checked = await check_connection(viewer.organization, connection_id, jira=app.jira, secret_box=app.secret_box)
    except InvalidInput as error:
        await flash(error.message)
    else:
        name = connection_name(checked)
        await flash(f"{name} works: its site said yes." if checked.healthy else f"{name} failed: {checked.last_error}")
    return redirect(_integrations_url(viewer))


@blueprint.get("/<org>/settings/integrations/connections/<int:connection_id>/remove")
@org_page(manage=True)
async def confirm_remove(viewer: Viewer, connection_id: int) -> tuple[str, int]:
    return await render_page(
        "sleuth/remove_connection.html", use=await connection_use(viewer.organization, connection_id)
    )


@blueprint.post("/<org>/settings/integrations/connections/<int:connection_id>/remove")
@org_page(manage=True)
async def remove(viewer: Viewer, connection_id: int) -> WerkzeugResponse:
    use = await connection_use(viewer.organization, connection_id)
    if await remove_connection(viewer.organization, connection_id):
        sleuth_app().delivery.wake()  # committed: the Jira sites' deletes are due now, as after the API's DELETE
    provider = PROVIDER_NAMES[use.connection.provider]
    await flash(f"{use.name} is removed.")
    if not (await provider_status(viewer.organization))[use.connection.provider]:
        await flash(f"{provider} is fully disconnected: this organization has no {provider} connection left.")
    return redirect(_integrations_url(viewer))
