"""Signing in and out of the Sleuth UI, and its front door.

A wrong password and an unknown email get the same sentence (and cost the same time), so the page
does not tell who has an account. Attempts are limited per address and email (app/web/sign_in_limiter.py):
past the limit the answer is 429 before any password is checked.
"""

from __future__ import annotations

from quart import Response, flash, redirect, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from app.sleuth.users import MAX_EMAIL_LENGTH, authenticate
from app.web.application import sleuth_app
from app.web.session import current_user, sign_out_everywhere, start_session
from app.web.sleuth_ui.access import render_page, safe_next, sleuth_blueprint

blueprint = sleuth_blueprint("sleuth_auth", __name__)

WRONG_CREDENTIALS = "The email or password is not right."

Page = tuple[str, int] | Response | WerkzeugResponse


def _home(org_slug: str) -> str:
    return url_for("sleuth_projects.organization_home", org=org_slug)


@blueprint.get("/")
async def front_door() -> WerkzeugResponse:
    user = await current_user(sleuth_app().settings.secret_key)
    return redirect(_home(user.organization.slug) if user else url_for("sleuth_auth.sign_in"))


@blueprint.get("/sign-in")
async def sign_in() -> Page:
    user = await current_user(sleuth_app().settings.secret_key)
    if user is not None:
        return redirect(safe_next(request.args.get("next")) or _home(user.organization.slug))
    return await render_page("sleuth/sign_in.html", next=safe_next(request.args.get("next")) or "")


@blueprint.post("/sign-in")
async def submit_sign_in() -> Page:
    app = sleuth_app()
    form = await request.form
    email, password = form.get("email", "").strip()[:MAX_EMAIL_LENGTH], form.get("password", "")
    target = safe_next(form.get("next"))
    address = request.remote_addr or "unknown"

    async def refused(status: int, message: str) -> Page:
        body, _ = await render_page("sleuth/sign_in.html", email=email, next=target or "", error=message)
        return Response(body, status, {"Retry-After": str(wait * 60)} if wait else None)

    wait = await app.sign_in_limiter.attempt(address, email)
    if wait:
        return await refused(
            429, f"Too many sign-in attempts: wait {wait} minute{'s' if wait > 1 else ''} and try again."
        )
    if not email or not password:
        return await refused(400, "Enter your email and your password.")
    user = await authenticate(email, password)
    if user is None:
        return await refused(401, WRONG_CREDENTIALS)
    await app.sign_in_limiter.succeeded(address, email)
    start_session(user, app.settings.secret_key)
    return redirect(target or _home(user.organization.slug))


@blueprint.post("/sign-out")
async def sign_out() -> WerkzeugResponse:
    await sign_out_everywhere(sleuth_app().settings.secret_key)
    await flash("You are signed out.")
    return redirect(url_for("sleuth_auth.sign_in"))
