"""Sleuth for Jira: `create_app(settings)` builds the Quart application."""

from __future__ import annotations

from collections.abc import AsyncGenerator

from quart import Blueprint
from quart_schema import QuartSchema

from app import db
from app.application import JSONBodies, SleuthJira
from app.errors import register_error_handlers
from app.request_guards import register_request_guards
from app.settings import Settings

__all__ = ["create_app"]


def _blueprints() -> list[Blueprint]:
    from app import assets, health
    from app.connect import descriptor, lifecycle, whoami
    from app.forge import admin as forge_admin
    from app.forge import events as forge_events
    from app.forge import ui as forge_ui
    from app.api import deployments, deploys, issue_trackers, projects
    from app.views import jira as jira_views
    from app.views import sleuth_auth, sleuth_deploys, sleuth_integrations, sleuth_projects
    from app.views import jira_admin

    return [
        health.blueprint,
        assets.blueprint,
        descriptor.blueprint,
        lifecycle.blueprint,
        whoami.blueprint,
        jira_views.blueprint,
        jira_admin.blueprint,
        projects.blueprint,
        deployments.blueprint,
        issue_trackers.blueprint,
        deploys.blueprint,
        forge_events.blueprint,
        forge_ui.blueprint,
        forge_admin.blueprint,
        # The Sleuth UI's pages live at /<org>/...: werkzeug matches the fixed paths above first.
        sleuth_auth.blueprint,
        sleuth_projects.blueprint,
        sleuth_deploys.blueprint,
        sleuth_integrations.blueprint,
    ]


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
    for blueprint in _blueprints():
        # Every route lives under the base URL's path (SLEUTH_BASE_URL may be https://host/sleuth).
        app.register_blueprint(blueprint, url_prefix=settings.base_path + (blueprint.url_prefix or ""))
    from app.views.panel_fast_path import PanelFastPath

    app.asgi_app = PanelFastPath(app, app.asgi_app)  # type: ignore[method-assign]

    @app.before_serving
    async def open_database() -> None:
        await db.connect(settings.database_url)

    @app.before_serving
    async def open_jira_client() -> None:
        await app.jira.start()

    @app.after_serving
    async def close_jira_client() -> None:
        await app.jira.close()

    @app.before_serving
    async def open_install_keys() -> None:
        await app.install_keys.open()

    @app.after_serving
    async def close_install_keys() -> None:
        await app.install_keys.close()

    @app.before_serving
    async def open_forge_keys() -> None:
        await app.forge_keys.open()

    @app.after_serving
    async def close_forge_keys() -> None:
        await app.forge_keys.close()

    @app.after_serving
    async def close_database() -> None:
        await db.disconnect()

    @app.while_serving
    async def deliver_to_jira() -> AsyncGenerator[None, None]:
        # Starts after every before_serving (database, Jira client) and stops before any after_serving.
        app.delivery.start()
        yield
        await app.delivery.stop()

    return app
