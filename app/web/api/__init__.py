"""The Sleuth REST API (`/api/1`): one blueprint per resource, each made by `api_blueprint`, which
turns the domain's refusals (app/sleuth/errors.py) into the status code of their class."""

from __future__ import annotations

from quart import Blueprint, Response
from quart_schema import tag_blueprint

from app.sleuth.errors import Conflict, DomainError, InvalidInput, NotFound, TooLarge, Unavailable, Unprocessable
from app.web.errors import error_response

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
