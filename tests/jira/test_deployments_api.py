"""Deploys in the shape Jira's Deployments API takes (connect-platform.md §6.2)."""

from __future__ import annotations

from datetime import UTC, datetime

from app.jira.deployments_api import DeploymentRecord, bulk_properties, bulk_request, deployment, history_tag, remarks


def record(**overrides: object) -> DeploymentRecord:
    values: dict[str, object] = {
        "deploy_id": 42,
        "sha": "0123456789abcdef0123456789abcdef01234567",
        "date": datetime(2026, 11, 27, 10, 15, tzinfo=UTC),
        "author_email": "dev@acme.test",
        "manual_change": None,
        "issue_keys": ["ACME-12", "ACME-13"],
        "organization_slug": "acme",
        "project_slug": "web",
        "code_deployment_slug": "web-app",
        "code_deployment_name": "Web app",
        "environment_slug": "production",
        "environment_name": "Production",
        "environment_type": "production",
        "deploy_url": "https://sleuth.example/acme/web/deploys/42",
        "pipeline_url": "https://sleuth.example/acme/web",
        "history": "7.9.0",
    }
    values.update(overrides)
    return DeploymentRecord(**values)  # type: ignore[arg-type]


def test_a_deployment_carries_every_required_field() -> None:
    data = deployment(record(), update_sequence_number=1764260000123)
    assert data["deploymentSequenceNumber"] == 42
    assert data["updateSequenceNumber"] == 1764260000123
    assert data["associations"] == [{"associationType": "issueIdOrKeys", "values": ["ACME-12", "ACME-13"]}]
    assert data["pipeline"] == {"id": "acme/web-app", "displayName": "Web app", "url": "https://sleuth.example/acme/web"}
    assert data["environment"] == {"id": "acme/web/production", "displayName": "Production", "type": "production"}
    assert data["state"] == "successful" and data["label"] == "0123456"
    assert data["displayName"] == "Web app 0123456 to Production"
    assert data["url"] == "https://sleuth.example/acme/web/deploys/42"
    assert data["lastUpdated"] == "2026-11-27T10:15:00+00:00"
    assert data["triggeredBy"] == {"email": "dev@acme.test"}
    assert data["description"]


def test_a_manual_change_is_named_by_its_name_not_a_sha() -> None:
    data = deployment(record(manual_change="Flip the checkout flag", code_deployment_name="Manual changes"), 1)
    assert data["displayName"] == "Flip the checkout flag in Production"
    assert data["label"] == "manual"
    assert data["description"] == "Manual change: Flip the checkout flag"
    assert data["pipeline"]["displayName"] == "Manual changes"


def test_no_author_means_no_triggered_by() -> None:
    assert "triggeredBy" not in deployment(record(author_email=""), 1)


def test_long_names_are_cut_to_jira_limits() -> None:
    data = deployment(record(code_deployment_name="x" * 400, environment_name="y" * 400), 1)
    assert len(data["displayName"]) <= 255 and len(data["pipeline"]["displayName"]) <= 255
    assert len(data["environment"]["displayName"]) <= 255 and len(data["description"]) <= 255


def test_association_values_never_exceed_500() -> None:
    keys = [f"ACME-{number}" for number in range(1, 701)]
    values = deployment(record(issue_keys=keys), 1)["associations"][0]["values"]
    assert values == keys[:500]


def test_a_bulk_request_carries_properties_for_later_cleanup() -> None:
    """By connection (its removal) and by history tag (an import that replaces the deploys), within Jira's
    limit of 5 properties, none with ':' in its key."""
    properties = bulk_properties(7, record())
    assert properties == {"sleuthConnection": "7", "sleuthOrganization": "acme", "sleuthHistory": "7.9.0"}
    assert len(properties) <= 5 and not any(":" in key for key in properties)
    body = bulk_request([deployment(record(), 1)], properties)
    assert body["properties"] == properties
    assert len(body["deployments"]) == 1 and body["providerMetadata"]["product"]


def test_a_history_tag_names_the_code_deployment_the_environment_and_the_generation() -> None:
    tags = {history_tag(1, 2, 0), history_tag(1, 2, 1), history_tag(1, 3, 0), history_tag(12, 3, 0)}
    assert len(tags) == 4  # each part tells deploys apart


def test_remarks_pick_what_jira_said_about_one_deployment() -> None:
    mine, other = record(deploy_id=42, issue_keys=["ACME-12", "NOPE-1", "GONE-2"]), record(deploy_id=43)
    key = {"pipelineId": "acme/web-app", "environmentId": "acme/web/production"}
    answer = {
        "acceptedDeployments": [key | {"deploymentSequenceNumber": 43}],
        "rejectedDeployments": [
            {"key": key | {"deploymentSequenceNumber": 42}, "errors": [{"message": "Bad environment.", "errorTraceId": "t"}]}
        ],
        "unknownIssueKeys": ["NOPE-1"],
        "unknownAssociations": [{"associationType": "issueIdOrKeys", "values": ["GONE-2", "ACME-99"]}],
    }
    assert remarks(answer, mine) == {"rejected": ["Bad environment."], "unknownIssueKeys": ["NOPE-1", "GONE-2"]}
    assert remarks(answer, other) is None


def test_remarks_of_an_answer_that_is_not_jiras_are_none() -> None:
    for answer in (None, "accepted", [], {"rejectedDeployments": "nonsense", "unknownIssueKeys": [1, None]}):
        assert remarks(answer, record()) is None
