"""One error type for everything a user can get wrong, and the handlers that turn every failure
into one clear sentence with the right status code: never a traceback, never a secret."""

from __future__ import annotations

import logging

from pydantic import BaseModel
from quart import Quart, Response, jsonify
from quart_schema import RequestSchemaValidationError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from app.db.setup import is_unreachable

log = logging.getLogger(__name__)
DATABASE_RETRY_AFTER = 5  # seconds


class ErrorBody(BaseModel):
    """Every refusal's body: one sentence that says what to change."""

    error: str


class APIError(Exception):
    """A refusal with a status code and one sentence that says what to change."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


def error_response(status_code: int, message: str) -> tuple[Response, int]:
    return jsonify({"error": message}), status_code


def _validation_message(error: RequestSchemaValidationError) -> str:
    validation_error = error.validation_error
    errors = getattr(validation_error, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
        message = str(first.get("msg", "is invalid")).rstrip(".")
        return f"The field {where!r} is invalid: {message}." if where else f"The request body is invalid: {message}."
    return "The request body is not valid JSON of the expected shape."


def register_error_handlers(app: Quart) -> None:
    @app.errorhandler(APIError)
    async def handle_api_error(error: APIError) -> tuple[Response, int]:
        return error_response(error.status_code, error.message)

    @app.errorhandler(RequestSchemaValidationError)
    async def handle_validation_error(error: RequestSchemaValidationError) -> tuple[Response, int]:
        return error_response(400, _validation_message(error))

    @app.errorhandler(UnicodeDecodeError)
    async def handle_undecodable_body(_: UnicodeDecodeError) -> tuple[Response, int]:
        # Quart decodes a JSON body as UTF-8 before parsing it, outside the parser's own error handling.
        return error_response(400, "The request body is not UTF-8 text.")

    @app.errorhandler(HTTPException)
    async def handle_http_exception(error: HTTPException) -> tuple[Response, int]:
        status_code = error.code or 500
        messages = {
            400: "The request is malformed.",
            404: "There is nothing at this address.",
            405: "This address does not accept that method.",
            413: "The request body is larger than 10 MB.",
        }
        response, status = error_response(status_code, messages.get(status_code, error.name + "."))
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)  # what HTTP asks of a 405
        return response, status

    @app.errorhandler(Exception)
    async def handle_unexpected(error: Exception) -> tuple[Response, int]:
        if is_unreachable(error):  # not a bug: the database is away; a client may try again shortly
            log.warning("The database did not answer (%s); answered 503.", type(error).__name__)
            response, status = error_response(503, "The database is not answering; try again in a few seconds.")
            response.headers["Retry-After"] = str(DATABASE_RETRY_AFTER)
            return response, status
        log.error("Unhandled %s while serving a request", type(error).__name__, exc_info=error)
        return error_response(500, "Something went wrong on our side; please try again.")
