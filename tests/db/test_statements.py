"""The helpers of hand-written statements: one row of a join carries several models, read by name."""

from __future__ import annotations

from tortoise import connections

from app.db.statements import columns_of, model_from_row
from models import IssueTracker, Organization, Project


async def test_one_row_of_a_join_carries_several_models(database: str) -> None:
    organization = await Organization.create(slug="acme", name="Acme")
    project = await Project.create(organization=organization, slug="web", name="Web")  # no issue tracker
    connection = connections.get("default")
    (row,) = await connection.execute_query_dict(
        f'SELECT {columns_of("o", Organization)}, {columns_of("p", Project)}, {columns_of("t", IssueTracker)} '
        'FROM "organization" o JOIN "project" p ON p."organization_id" = o."id" '
        'LEFT JOIN "issue_tracker" t ON t."id" = p."issue_tracker_id"'
    )
    read_organization = model_from_row(row, "o", Organization)
    read_project = model_from_row(row, "p", Project)
    assert read_organization is not None and (read_organization.id, read_organization.slug) == (organization.id, "acme")
    assert read_project is not None and read_project.created_at == project.created_at  # converted as the ORM does
    assert read_project.organization_id == organization.id  # type: ignore[attr-defined]
    assert model_from_row(row, "t", IssueTracker) is None  # the LEFT JOIN found nothing
