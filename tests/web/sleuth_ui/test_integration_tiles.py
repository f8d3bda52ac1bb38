"""The Integrations page's read model (app/web/sleuth_ui/integration_tiles.py): tiles, connections and who uses them."""

from __future__ import annotations

import pytest

from app.sleuth.errors import NotFound
from app.web.sleuth_ui.integration_tiles import connection_name, connection_use, integration_tiles
from models import IssueTracker, Organization, Project, TrackerProvider


async def test_tiles_list_each_providers_connections_with_their_projects(database: str) -> None:
    acme = await Organization.create(slug="acme", name="Acme")
    globex = await Organization.create(slug="globex", name="Globex")
    prod = await IssueTracker.create(
        organization=acme, provider="jira", label="Production", url="https://acme.atlassian.net"
    )
    qa = await IssueTracker.create(organization=acme, provider="jira", url="https://qa.atlassian.net")
    theirs = await IssueTracker.create(organization=globex, provider="jira_dc", url="https://jira.globex.test")
    await Project.create(organization=acme, slug="web", name="Web", issue_tracker=prod)
    await Project.create(organization=acme, slug="api", name="API", issue_tracker=prod)
    await Project.create(organization=globex, slug="web", name="Web", issue_tracker=theirs)

    tiles = await integration_tiles(acme)
    assert [(tile.name, tile.connected) for tile in tiles] == [
        ("Jira Cloud", True), ("Jira Data Center", False), ("Bitbucket", False)
    ]  # fmt: skip
    jira = tiles[0]
    assert [use.name for use in jira.connections] == ["Jira Cloud (Production)", "Jira Cloud (qa.atlassian.net)"]
    assert [[project.slug for project in use.projects] for use in jira.connections] == [["api", "web"], []]
    assert tiles[1].connections == []  # globex's Data Center connection is not acme's

    use = await connection_use(acme, prod.id)
    assert [project.name for project in use.projects] == ["API", "Web"]
    for other in (theirs.id, 0, 2**40):
        with pytest.raises(NotFound):
            await connection_use(acme, other)
    assert connection_name(qa) == "Jira Cloud (qa.atlassian.net)"
    assert connection_name(theirs) == "Jira Data Center (jira.globex.test)"
    assert TrackerProvider.BITBUCKET in {tile.provider for tile in tiles}
