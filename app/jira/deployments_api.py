"""Deploys in the shape of Jira's Deployments API (`POST /rest/deployments/0.1/bulk`).

Pure transforms: no I/O. The identity of a deployment in Jira is (pipeline.id, environment.id,
deploymentSequenceNumber); Jira keeps the data with the highest updateSequenceNumber
(connect-platform.md §6.2, sleuth-product.md §7.3).

Each request tags its deployments with properties, which `DELETE bulkByProperties` matches (all of those it
is given) to delete them later: the connection, for when it is removed, and the deploys' history tag, for
when an import replaces them (`history_tag`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

MAX_ASSOCIATION_VALUES = 500  # per deployment, summed over association types
MAX_TEXT = 255
PROVIDER_PRODUCT = "Sleuth for Jira"
CONNECTION_PROPERTY = "sleuthConnection"
HISTORY_PROPERTY = "sleuthHistory"


def history_tag(code_deployment_id: int, environment_id: int, generation: int) -> str:
    """The deploys of a code deployment in an environment, between two imports that replaced them there
    (`generation`: how many had, models/project.py `Environment.history_generation`)."""
    return f"{code_deployment_id}.{environment_id}.{generation}"


@dataclass(frozen=True, slots=True)
class DeploymentRecord:
    """What Jira is told about one deploy; gathered from the database by the delivery worker."""

    deploy_id: int
    sha: str
    date: datetime
    author_email: str
    manual_change: str | None  # a manual change's name; None for a deploy of code
    issue_keys: Sequence[str]
    organization_slug: str
    project_slug: str
    code_deployment_slug: str
    code_deployment_name: str
    environment_slug: str
    environment_name: str
    environment_type: str
    deploy_url: str
    pipeline_url: str
    history: str  # its history tag


def _text(value: str) -> str:
    return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"


def pipeline_id(record: DeploymentRecord) -> str:
    # Unique per provider (our app on one site), and several organizations may link one site.
    return _text(f"{record.organization_slug}/{record.code_deployment_slug}")


def environment_id(record: DeploymentRecord) -> str:
    return _text(f"{record.organization_slug}/{record.project_slug}/{record.environment_slug}")


def deployment(record: DeploymentRecord, update_sequence_number: int) -> dict[str, Any]:
    """One deployment. Jira takes at most 500 association values per deployment and *replaces* a
    deployment's data when a higher updateSequenceNumber arrives, so a deploy cannot be split across
    submissions: the issue-key finder caps keys at 500 per deploy, and this keeps that bound."""
    short_sha = record.sha[:7]
    if record.manual_change is None:
        display_name = f"{record.code_deployment_name} {short_sha} to {record.environment_name}"
        description = f"Deploy of {short_sha} ({record.code_deployment_name}) to {record.environment_name}"
        label = short_sha
    else:
        display_name = f"{record.manual_change} in {record.environment_name}"
        description, label = f"Manual change: {record.manual_change}", "manual"
    data: dict[str, Any] = {
        "deploymentSequenceNumber": record.deploy_id,
        "updateSequenceNumber": update_sequence_number,
        "associations": [
            {"associationType": "issueIdOrKeys", "values": list(record.issue_keys[:MAX_ASSOCIATION_VALUES])}
        ],
        "displayName": _text(display_name),
        "url": record.deploy_url,
        "description": _text(description),
        "lastUpdated": record.date.isoformat(),
        "label": label,
        "state": "successful",
        "pipeline": {
            "id": pipeline_id(record),
            "displayName": _text(record.code_deployment_name),
            "url": record.pipeline_url,
        },
        "environment": {
            "id": environment_id(record),
            "displayName": _text(record.environment_name),
            "type": record.environment_type,
        },
        "schemaVersion": "1.0",
    }
    if record.author_email:
        data["triggeredBy"] = {"email": _text(record.author_email)}
    return data


def bulk_properties(connection_id: int, record: DeploymentRecord) -> dict[str, str]:
    """The properties of a request (at most 5, no ':' in keys); every deploy of it has the same."""
    return {
        CONNECTION_PROPERTY: str(connection_id),
        "sleuthOrganization": record.organization_slug,
        HISTORY_PROPERTY: record.history,
    }


def bulk_request(deployments: Sequence[dict[str, Any]], properties: dict[str, str]) -> dict[str, Any]:
    """One POST body for several deployments of one site, tagged with `properties` (`bulk_properties`)."""
    return {"properties": properties, "deployments": list(deployments), "providerMetadata": {"product": PROVIDER_PRODUCT}}


def remarks(answer: Any, record: DeploymentRecord) -> dict[str, Any] | None:
    """What Jira's 202 answer says about one deployment of the request, or None when it says nothing:
    `rejected`, the messages of a deployment Jira refused (a verdict on its data, so it is recorded,
    never resent), and `unknownIssueKeys`, the deployment's keys that name no issue on the site."""
    if not isinstance(answer, dict):
        return None
    key = {
        "pipelineId": pipeline_id(record),
        "environmentId": environment_id(record),
        "deploymentSequenceNumber": record.deploy_id,
    }
    found: dict[str, Any] = {}
    rejections = [item for item in _dicts(answer.get("rejectedDeployments")) if item.get("key") == key]
    if rejections:
        errors = [error for item in rejections for error in _dicts(item.get("errors"))]
        found["rejected"] = [str(error.get("message", "")) for error in errors]
    unknown = {value for value in _list(answer.get("unknownIssueKeys")) if isinstance(value, str)}
    for association in _dicts(answer.get("unknownAssociations")):
        if association.get("associationType") in ("issueKeys", "issueIdOrKeys"):
            unknown.update(value for value in _list(association.get("values")) if isinstance(value, str))
    unknown_keys = [issue_key for issue_key in record.issue_keys[:MAX_ASSOCIATION_VALUES] if issue_key in unknown]
    if unknown_keys:
        found["unknownIssueKeys"] = unknown_keys
    return found or None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in _list(value) if isinstance(item, dict)]
