"""The bodies of the calls Sleuth's clients make (register_deploy, register_manual_deploy,
import_deploys): JSON or a form, with the query string's fields under them, and the key wherever those
clients put it (the Authorization header, or `api_key` in the body or the query)."""

from __future__ import annotations

from typing import Any

from quart import request

from app.sleuth.errors import InvalidInput
from app.web.api.auth import authenticate
from app.web.application import NotText, sleuth_app
from models import ApiKeyScope, Organization

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


async def client_payload() -> dict[str, Any]:
    """The body (JSON or form) over the query string's fields: Terraform Cloud's webhook puts
    `api_key` and `environment` in the query. Its size was bounded before (app/web/request_guards.py)."""
    fields: dict[str, Any] = {key: values[0] for key, values in request.args.lists()}
    if request.mimetype in _FORM_TYPES:
        form = await request.form
        fields.update({key: values[0] if len(values) == 1 else values for key, values in form.lists()})
        return fields
    body = await request.get_data()
    if body.strip():
        try:
            parsed = sleuth_app().json.loads(body)
        except NotText as error:
            raise InvalidInput(str(error)) from None
        except ValueError:  # UnicodeDecodeError is one
            raise InvalidInput("The body is neither JSON nor a form (application/x-www-form-urlencoded).") from None
        if not isinstance(parsed, dict):
            raise InvalidInput("The JSON body must be an object of the call's fields.")
        fields.update(parsed)
    return fields


async def client_organization(org: str, payload: dict[str, Any]) -> Organization:
    """The organization `org`, if the call carries one of its keys able to register deploys."""
    api_key = payload.get("api_key")
    payload_key = api_key if isinstance(api_key, str) else None
    return await authenticate(org, ApiKeyScope.REGISTER_DEPLOY, payload_key=payload_key)
