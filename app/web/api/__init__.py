"""The Sleuth REST API (`/api/1`): one blueprint per resource, each made by `api_blueprint`, which
turns the domain's refusals (app/sleuth/errors.py) into the status code of their class."""

from __future__ import annotations

from quart import Blueprint, Quart, Response
from quart_schema import document_response, hide, tag_blueprint
from quart_schema.validation import QUART_SCHEMA_RESPONSE_ATTRIBUTE

from app.sleuth.errors import Conflict, DomainError, InvalidInput, NotFound, TooLarge, Unavailable, Unprocessable
from app.web.errors import ErrorBody, error_response

API_PREFIX = "/api/1"

_STATUS_OF: tuple[tuple[type[DomainError], int], ...] = (
    (InvalidInput, 400),
    (NotFound, 404),
    (Conflict, 409),
    (TooLarge, 413),
    (Unprocessable, 422),
    (Unavailable, 503),
)


async def _domain_error(error: DomainError) -> tuple[Response, int]:
    status = next((code for kind, code in _STATUS_OF if isinstance(error, kind)), 400)
    return error_response(status, error.message)


def api_blueprint(name: str, import_name: str, tag: str) -> Blueprint:
    """A blueprint under /api/1 whose routes appear under `tag` in the OpenAPI document."""
    blueprint = Blueprint(name, import_name, url_prefix=API_PREFIX)
    blueprint.register_error_handler(DomainError, _domain_error)
    tag_blueprint(blueprint, [tag])
    return blueprint


ERROR_STATUSES = (400, 401, 403, 404, 503)  # every API route: bad input, key, scope, what it names, database away
WRITE_ERROR_STATUSES = (409, 413, 422)  # and the routes that take a body


def document_the_api(app: Quart, base_path: str) -> None:
    """The OpenAPI document (`/api/1/openapi.json`) is the REST API's and GraphQL's alone, each route with
    the refusals it may answer, in ErrorBody's shape; the routes of Jira's pages, Connect, Forge and the
    Sleuth UI are left out."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions.get(rule.endpoint)
        if view is None:
            continue
        view = getattr(view, "__func__", view)  # a bound method (the static files') keeps its attributes there
        if not rule.rule.startswith((f"{base_path}{API_PREFIX}/", f"{base_path}/graphql")):
            hide(view)
            continue
        writes = bool(rule.methods and rule.methods & {"POST", "PATCH", "PUT"})
        documented = getattr(view, QUART_SCHEMA_RESPONSE_ATTRIBUTE, {})
        for status in ERROR_STATUSES + (WRITE_ERROR_STATUSES if writes else ()):
            if status not in documented:  # a route that answers a status in a shape of its own says so itself
                document_response(ErrorBody, status)(view)
