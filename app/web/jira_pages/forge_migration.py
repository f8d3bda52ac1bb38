"""`GET /jira/forge-migration`: the statement Jira administrators read about the move from Connect to Forge.

The fully adopted manifest (forge/manifest.yml) names this page in `connectToForgeMigration`, which Jira
links from the Connected apps page of every site still on the Connect version. A public page: it says
only what every administrator may know (what the update asks for, what stays, where things are).
"""

from __future__ import annotations

from quart import Blueprint, render_template

blueprint = Blueprint("forge_migration", __name__)

CONNECT_END_OF_SUPPORT = "31 January 2027"


@blueprint.get("/jira/forge-migration")
async def statement() -> str:
    return await render_template("jira/forge_migration.html", end_of_support=CONNECT_END_OF_SUPPORT)
