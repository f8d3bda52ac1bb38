"""The composition root: `create_app(settings)` builds the Quart application from every part of `app/`,
with one lifespan that opens what serving needs and closes it in the reverse order. No module of `app/`
imports this one (tests/test_layout.py checks it)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

from quart import Blueprint
from quart_schema import QuartSchema

from app.db import setup as db
from app.settings import Settings
from app.web import assets, health, metrics
from app.web.api import (
    code_deployments,
    deploy_imports,
    deploys,
    document_the_api,
    graphql,
    issue_trackers,
    manual_changes,
    projects,
)
from app.web.application import JSONBodies, SleuthJira
from app.web.connect import descriptor, lifecycle, whoami
from app.web.errors import register_error_handlers
from app.web.forge import events as forge_events
from app.web.jira_pages import (
    connect_admin,
    forge_admin,
    forge_migration,
    forge_panel,
    panel,
)
from app.web.jira_pages.panel_fast_path import PanelFastPath
from app.web.request_guards import register_request_guards
from app.web.sleuth_ui import api_tokens, integrations, sign_in
from app.web.sleuth_ui import code_deployments as sleuth_code_deployments
from app.web.sleuth_ui import deploys as sleuth_deploys
from app.web.sleuth_ui import projects as sleuth_projects

__all__ = ["create_app"]

BLUEPRINTS: tuple[Blueprint, ...] = (
    health.blueprint,
    metrics.blueprint,
    assets.blueprint,
    descriptor.blueprint,
    lifecycle.blueprint,
    whoami.blueprint,
    panel.blueprint,
    connect_admin.blueprint,
    projects.blueprint,
    code_deployments.blueprint,
    issue_trackers.blueprint,
    deploys.blueprint,
    manual_changes.blueprint,
    deploy_imports.blueprint,
    graphql.blueprint,
    forge_events.blueprint,
    forge_panel.blueprint,
    forge_admin.blueprint,
    forge_migration.blueprint,
    # The Sleuth UI's pages live at /<org>/...: werkzeug matches the fixed paths above first.
    sign_in.blueprint,
    sleuth_projects.blueprint,
    sleuth_code_deployments.blueprint,
    sleuth_deploys.blueprint,
    integrations.blueprint,
    api_tokens.blueprint,
)


def create_app(settings: Settings | None = None) -> SleuthJira:
    settings = settings or Settings.from_env()
    app = SleuthJira(__name__, static_folder=None, template_folder="../templates")
    app.configure(settings)
    QuartSchema(
        app,
        info={"title": "Sleuth for Jira API", "version": "1"},
        openapi_path=f"{settings.base_path}/api/1/openapi.json",
        redoc_ui_path=None,  # the hosted UIs load scripts from a CDN; the JSON document is what clients need
        swagger_ui_path=None,
        scalar_ui_path=None,
        convert_casing=False,
    )
    app.json = JSONBodies(app, app.json)  # around the provider QuartSchema has just installed
    register_error_handlers(app)
    register_request_guards(app)
    for blueprint in BLUEPRINTS:
        # Every route lives under the base URL's path (SLEUTH_BASE_URL may be https://host/sleuth).
        app.register_blueprint(blueprint, url_prefix=settings.base_path + (blueprint.url_prefix or ""))
    document_the_api(app, settings.base_path)
    app.asgi_app = PanelFastPath(app, app.asgi_app)  # type: ignore[method-assign]

    @app.while_serving
    async def lifespan() -> AsyncGenerator[None, None]:
        """Open in order what serving needs, the delivery worker last (it uses the rest); close in reverse."""
        await db.connect(settings.database_url)
        await app.jira.start()
        await app.code_hosts.client.start()
        await app.install_keys.open()
        await app.forge_keys.open()
        if settings.background_jobs:  # off under `serve --no-worker`: `sleuth-jira worker` runs them
            app.delivery.start()
            app.commit_discovery.start()
        try:
            yield
        finally:
            await app.commit_discovery.stop()
            await app.delivery.stop()
            await app.forge_keys.close()
            await app.install_keys.close()
            await app.code_hosts.client.close()
            await app.jira.close()
            await db.disconnect()

    return app
