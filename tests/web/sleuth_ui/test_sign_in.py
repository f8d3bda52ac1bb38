"""Signing in and out of the Sleuth UI: session cookie, CSRF, no account enumeration, rate limit,
no open redirect, and sessions that end when they should."""

from __future__ import annotations

from collections.abc import Callable

from quart.typing import TestClientProtocol as QuartClient

from app import create_app
from app.settings import Settings
from app.sleuth.passwords import hash_password
from app.web.application import SleuthJira
from app.web.request_guards import NUL_REFUSAL
from models import User
from tests.web.sleuth_ui.pages import PASSWORD, csrf_token, post_form, sign_in, text


async def test_pages_send_a_stranger_to_the_sign_in_form(client: QuartClient, acme_admin: User) -> None:
    response = await client.get("/acme/settings/integrations")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/acme/settings/integrations"
    assert (await client.get("/")).headers["Location"] == "/sign-in"
    page = await client.get("/sign-in?next=/acme/settings/integrations")
    body = await text(page)
    assert page.status_code == 200
    assert 'name="next" value="/acme/settings/integrations"' in body and 'type="password"' in body
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert page.headers["X-Content-Type-Options"] == "nosniff" and page.headers["Cache-Control"] == "no-store"


async def test_signing_in_sets_a_safe_session_cookie_and_goes_where_it_was_asked(
    client: QuartClient, acme_admin: User
) -> None:
    token = await csrf_token(client)
    response = await client.post(
        "/sign-in",
        form={
            "csrf_token": token,
            "email": "ADA@acme.test",
            "password": PASSWORD,
            "next": "/acme/settings/integrations",
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == "/acme/settings/integrations"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("sleuth_session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in tests; see the production test below
    assert (await client.get("/acme/settings/integrations")).status_code == 200
    assert (await client.get("/")).headers["Location"] == "/acme"
    assert (await User.get(id=acme_admin.id)).last_sign_in_at is not None


async def test_the_session_cookie_is_secure_in_production(
    database: str, make_settings: Callable[..., Settings], acme_admin: User
) -> None:
    settings = make_settings(
        SLEUTH_ENV="production", SLEUTH_BASE_URL="https://sleuth.example", SLEUTH_ALLOW_PRIVATE_URLS="0"
    )
    app = create_app(settings)
    async with app.test_app():
        client = app.test_client()
        response = await sign_in(client, acme_admin)
        cookie = response.headers["Set-Cookie"]  # type: ignore[attr-defined]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


async def test_a_wrong_password_and_an_unknown_email_get_the_same_sentence(
    client: QuartClient, acme_admin: User
) -> None:
    answers = []
    for email, password in (("ada@acme.test", "not the password"), ("nobody@acme.test", PASSWORD)):
        response = await post_form(client, "/sign-in", {"email": email, "password": password})
        body = await text(response)
        assert response.status_code == 401
        assert "The email or password is not right." in body
        assert f'value="{email}"' in body and password not in body  # the email is kept, never the password
        answers.append(body.replace(email, "EMAIL"))
    assert answers[0] == answers[1]  # nothing tells an unknown email from a wrong password
    assert (await client.get("/acme")).status_code == 302  # still nobody signed in


async def test_sign_in_refuses_a_post_without_this_sessions_csrf_token(app: SleuthJira, acme_admin: User) -> None:
    attacker, victim = app.test_client(), app.test_client()
    form = {"email": acme_admin.email, "password": PASSWORD}
    missing = await victim.post("/sign-in", form=form)
    assert missing.status_code == 403 and "reload the page" in await text(missing)
    foreign = await victim.post("/sign-in", form={**form, "csrf_token": await csrf_token(attacker)})
    assert foreign.status_code == 403
    await csrf_token(victim)  # the victim's session now has a token of its own
    still_foreign = await victim.post("/sign-in", form={**form, "csrf_token": await csrf_token(attacker)})
    assert still_foreign.status_code == 403
    assert (await victim.get("/acme")).status_code == 302


async def test_after_five_attempts_even_the_right_password_waits(client: QuartClient, acme_admin: User) -> None:
    for _ in range(5):
        response = await post_form(client, "/sign-in", {"email": acme_admin.email, "password": "guess guess guess"})
        assert response.status_code == 401
    limited = await post_form(client, "/sign-in", {"email": acme_admin.email, "password": PASSWORD})
    assert limited.status_code == 429
    assert "Too many sign-in attempts: wait 15 minutes and try again." in await text(limited)
    assert limited.headers["Retry-After"] == "900"
    assert (await client.get("/acme")).status_code == 302


async def test_a_next_address_elsewhere_is_ignored(app: SleuthJira, acme_admin: User) -> None:
    hostile = (
        "https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
        "/\t/evil.example", "/\r\n/evil.example", "/acme\r\nSet-Cookie: x=1", "/\x0b/evil.example",
        "/\x0c/evil.example", "/ /evil.example", "/\u2028/evil.example", "https:/evil.example",
    )  # fmt: skip
    for target in hostile:
        client = app.test_client()
        page = await text(await client.get("/sign-in", query_string={"next": target}))
        assert 'name="next" value=""' in page
        token = await csrf_token(client)
        response = await client.post(
            "/sign-in", form={"csrf_token": token, "email": acme_admin.email, "password": PASSWORD, "next": target}
        )
        assert response.headers["Location"] == "/acme", target


async def test_signing_out_needs_the_token_and_ends_the_session(client: QuartClient, acme_admin: User) -> None:
    await sign_in(client, acme_admin)
    refused = await client.post("/sign-out")
    assert refused.status_code == 403
    assert (await client.get("/acme")).status_code == 200
    response = await post_form(client, "/sign-out", {}, token_from="/acme")
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in"
    assert "You are signed out." in await text(await client.get("/sign-in"))
    assert (await client.get("/acme")).status_code == 302


async def test_a_tampered_cookie_signs_nobody_in(app: SleuthJira, client: QuartClient, acme_admin: User) -> None:
    await sign_in(client, acme_admin)
    [cookie] = [cookie for cookie in client.cookie_jar if cookie.name == "sleuth_session"]  # type: ignore[union-attr]
    payload, _, signature = cookie.value.partition(".")  # type: ignore[union-attr]
    forged = app.test_client()
    forged.set_cookie("localhost", "sleuth_session", f"{payload}.{signature[:-2]}xx")
    assert (await forged.get("/acme")).status_code == 302


async def test_a_new_password_ends_the_sessions_made_with_the_old_one(client: QuartClient, acme_admin: User) -> None:
    await sign_in(client, acme_admin)
    assert (await client.get("/acme")).status_code == 200
    acme_admin.password_hash = await hash_password("a brand new passphrase")
    await acme_admin.save(update_fields=["password_hash"])
    assert (await client.get("/acme")).status_code == 302


async def test_a_deleted_user_is_signed_out(client: QuartClient, acme_member: User) -> None:
    await sign_in(client, acme_member)
    await acme_member.delete()
    assert (await client.get("/acme")).status_code == 302


async def test_under_a_base_path_everything_lives_below_it(
    database: str, make_settings: Callable[..., Settings], acme_admin: User
) -> None:
    app = create_app(make_settings(SLEUTH_BASE_URL="http://127.0.0.1:8000/sleuth"))
    async with app.test_app():
        client = app.test_client()
        assert (await client.get("/sleuth/acme")).headers["Location"] == "/sleuth/sign-in?next=/sleuth/acme"
        page = await text(await client.get("/sleuth/sign-in"))
        assert 'action="/sleuth/sign-in"' in page and 'href="/sleuth/static/sleuth/sleuth.css"' in page
        assert (await client.get("/sleuth/static/sleuth/sleuth.css")).status_code == 200
        token = await csrf_token(client, "/sleuth/sign-in")
        response = await client.post(
            "/sleuth/sign-in",
            form={"csrf_token": token, "email": acme_admin.email, "password": PASSWORD, "next": "/acme"},
        )
        assert response.headers["Location"] == "/sleuth/acme"  # a path outside the base path is not followed
        assert "Path=/sleuth" in response.headers["Set-Cookie"]
        assert (await client.get("/sleuth/acme")).status_code == 200


async def test_a_nul_character_anywhere_is_refused_before_any_query(client: QuartClient, acme_admin: User) -> None:
    for path in ("/acme/we%00b/deploys", "/acme/web/deploys?issue=WEB-%001"):
        response = await client.get(path)
        assert response.status_code == 400, path
        assert NUL_REFUSAL in await text(response)
    refused = await post_form(client, "/sign-in", {"email": "ada\x00@acme.test", "password": PASSWORD})
    assert refused.status_code == 400  # type: ignore[attr-defined]


async def test_a_cookie_copied_before_signing_out_no_longer_works(app: SleuthJira, acme_admin: User) -> None:
    client = app.test_client()
    await sign_in(client, acme_admin)
    thief = app.test_client()
    for cookie in client.cookie_jar:  # type: ignore[attr-defined]
        thief.cookie_jar.set_cookie(cookie)  # type: ignore[attr-defined]
    assert (await thief.get("/acme")).status_code == 200
    assert (await post_form(client, "/sign-out", {}, token_from="/acme")).status_code == 302  # type: ignore[attr-defined]
    assert (await thief.get("/acme")).status_code == 302  # sent to sign in: the session ended server-side
    await sign_in(client, acme_admin)  # signing in again works, with a new session
    assert (await client.get("/acme")).status_code == 200
