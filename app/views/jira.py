"""Pages Jira loads in iframes: the deploy panel of an issue and the admin page (descriptor modules).

Both sit behind `@connect_page` (real qsh, framing headers of the verified tenant). Their bodies are
placeholders until the panel and admin issues land; the routes and their protection are final.
"""

from __future__ import annotations

from quart import Blueprint, render_template

from app.connect.auth import connect_page

blueprint = Blueprint("jira_views", __name__, url_prefix="/jira")


@blueprint.get("/panel")
@connect_page
async def panel() -> str:
    return await render_template("jira/coming_soon.html", title="Sleuth deploys")


@blueprint.get("/admin")
@connect_page
async def admin() -> str:
    return await render_template("jira/coming_soon.html", title="Sleuth")
