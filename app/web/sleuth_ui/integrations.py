"""The organization's Integrations page (owners and admins): the Jira Cloud, Jira Data Center and
Bitbucket tiles, each provider's Enable form, and the removal of a connection.

Saving goes through app/sleuth/issue_trackers.py's create_connection, which checks the site exactly as the REST
API does and stores nothing on a refusal; its sentence is shown next to the field it names. Removal
asks first, naming the projects that will lose their issue tracker, on a page of its own so it works
without JavaScript.
"""

from __future__ import annotations

from quart import flash, redirect, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from app.sleuth.errors import InvalidInput
from app.sleuth.issue_trackers import create_connection, provider_status, remove_connection
from app.web.application import sleuth_app
from app.web.sleuth_ui.access import Refusal, Viewer, org_page, render_page, sleuth_blueprint
from app.web.sleuth_ui.integration_tiles import PROVIDER_NAMES, connection_use, integration_tiles
from app.web.sleuth_ui.issue_tracker_forms import FORMS, ConnectionForm

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
        field = error.field if error.field and form.field(error.field) else None
        return await render_page(
            "sleuth/enable_integration.html",
            400,
            form=form,
            values=form.kept_values(submitted),
            error=error.message,
            error_field=field,
        )
    await flash(f"{form.title} is enabled: {connection.label or connection.url} is connected.")
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
