"""What every page of the Sleuth UI shares: who may see it, CSRF on every form, HTML refusals and the
security headers (NUL characters are refused for the whole app by app/web/request_guards.py). Each
blueprint of the UI is made by `sleuth_blueprint`.

Access, in this order: nobody signed in is sent to the sign-in page (GET) or refused (POST); a page
of another organization is 404 for everyone, admins of other organizations included, so its
existence is not revealed; pages that change the organization (`manage=True`) are 403 for members.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from quart import Blueprint, Response, g, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from app.sleuth.errors import DomainError, NotFound
from app.sleuth.users import can_manage
from app.web.application import sleuth_app
from app.web.csrf import csrf_token, csrf_token_is_valid
from app.web.session import current_user
from models import IssueTracker, Organization, User

R = TypeVar("R")

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SECURITY_HEADERS = {
    # Every script and style is a file the app serves: nothing inline, nothing from elsewhere.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",  # pages hold one person's view of their organization
}


class Refusal(Exception):
    """A page refuses the request: a status code and one sentence, shown as a page."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in person looking at a page of their own organization."""

    user: User
    organization: Organization

    @property
    def can_manage(self) -> bool:
        return can_manage(self.user)

    async def has_issue_trackers(self) -> bool:
        """Whether the organization holds any issue-tracker connection (a page asks only when it matters;
        Jinja awaits the call)."""
        return await IssueTracker.exists(organization=self.organization)

    @property
    def initials(self) -> str:
        words = (self.user.name or self.user.email.split("@")[0]).replace(".", " ").split()
        return "".join(word[0] for word in words[:2]).upper() or "?"


async def render_page(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    return await render_template(template, **context), status


_UNSAFE_IN_PATH = re.compile(r"[\x00-\x20\x7f-\x9f\\\u2028\u2029]")


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path of this app (where to go after signing in), else None: an address
    elsewhere would make the sign-in page an open redirect. Browsers drop tabs and line breaks from a
    `Location` (`/\t/evil.example` is `//evil.example`) and read `\\` as `/`, so a path holding any space,
    control character or backslash, or one that parses with a scheme or a host, is refused whole."""
    base = sleuth_app().settings.base_path
    if not target or len(target) > 2000 or _UNSAFE_IN_PATH.search(target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith(base + "/") or target.startswith("//"):
        return None
    return target


def org_page(*, manage: bool = False) -> Callable[[Callable[..., Awaitable[R]]], Callable[..., Awaitable[Any]]]:
    """A page of the organization `org` in the URL: the view gets `viewer` instead of `org`."""

    def decorator(view: Callable[..., Awaitable[R]]) -> Callable[..., Awaitable[Any]]:
        @wraps(view)
        async def wrapper(*args: Any, org: str, **kwargs: Any) -> Any:
            user = await current_user(sleuth_app().settings.secret_key)
            if user is None:
                if request.method == "GET":
                    return redirect(url_for("sleuth_auth.sign_in", next=request.full_path.rstrip("?")))
                raise Refusal(401, "Your session has ended: sign in again.")
            g.viewer = Viewer(user, user.organization)  # first: a refusal page keeps the header and menu
            if user.organization.slug != org:
                raise Refusal(404, "There is nothing at this address.")
            if manage and not can_manage(user):
                raise Refusal(403, "Only owners and admins of this organization can use this page.")
            return await view(*args, viewer=g.viewer, **kwargs)

        return wrapper

    return decorator


async def _refuse_forged_posts() -> tuple[str, int] | None:
    if request.method in UNSAFE_METHODS and not await csrf_token_is_valid():
        return await render_page(
            "sleuth/error.html",
            403,
            message="This form has expired or was not sent from this site: reload the page and try again.",
        )
    return None


async def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


async def _refusal_page(error: Refusal) -> tuple[str, int]:
    return await render_page("sleuth/error.html", error.status_code, message=error.message)


async def _domain_error_page(error: DomainError) -> tuple[str, int]:
    return await render_page("sleuth/error.html", 404 if isinstance(error, NotFound) else 400, message=error.message)


async def _http_error_page(error: HTTPException) -> tuple[str, int]:
    status = error.code or 500
    return await render_page(
        "sleuth/error.html", status, message="There is nothing at this address." if status == 404 else f"{error.name}."
    )


def _template_globals() -> dict[str, Any]:
    return {"csrf_token": csrf_token, "viewer": g.get("viewer")}


def sleuth_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint of the Sleuth UI: CSRF-checked forms, HTML refusals, security headers."""
    blueprint = Blueprint(name, import_name)
    blueprint.before_request(_refuse_forged_posts)
    blueprint.after_request(_security_headers)
    blueprint.context_processor(_template_globals)
    blueprint.register_error_handler(Refusal, _refusal_page)
    blueprint.register_error_handler(DomainError, _domain_error_page)
    blueprint.register_error_handler(HTTPException, _http_error_page)
    return blueprint
