from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Project(Model):
    id = fields.IntField(primary_key=True)
    organization = fields.ForeignKeyField("models.Organization", related_name="projects", on_delete=fields.CASCADE)
    slug = fields.CharField(max_length=64)
    name = fields.CharField(max_length=255)
    issue_tracker = fields.ForeignKeyField(
        "models.IssueTracker", related_name="projects", null=True, on_delete=fields.SET_NULL
    )
    default_environment = fields.CharField(max_length=64, default="production")
    created_at = fields.DatetimeField(auto_now_add=True)

    organization_id: int
    issue_tracker_id: int | None

    class Meta:
        table = "project"
        unique_together = (("organization", "slug"),)


class JiraEnvironmentType(StrEnum):
    """The environment types of Jira's Deployments API."""

    PRODUCTION = "production"
    STAGING = "staging"
    TESTING = "testing"
    DEVELOPMENT = "development"
    UNMAPPED = "unmapped"


class Environment(Model):
    id = fields.IntField(primary_key=True)
    project = fields.ForeignKeyField("models.Project", related_name="environments", on_delete=fields.CASCADE)
    slug = fields.CharField(max_length=64)
    name = fields.CharField(max_length=255)
    jira_type = fields.CharEnumField(JiraEnvironmentType, max_length=16, default=JiraEnvironmentType.UNMAPPED)
    # One more for each import that replaced deploys here. The deploys Jira is sent are tagged with it, so that an
    # import can delete from Jira exactly what it replaced (app/jira/deployments_api.py `history_tag`).
    history_generation = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "environment"
        unique_together = (("project", "slug"),)


class ChangeSourceKind(StrEnum):
    CODE = "code"  # a repository's deploys, registered by CI
    MANUAL = "manual"  # the project's manual changes (register_manual_deploy): one per project, never named in a URL


class CodeDeployment(Model):
    """A change source of a project: a repository's deploys, or (kind `manual`) the project's manual
    changes. Its slug is unique in the organization because register_deploy's URL names only the
    organization and the deployment; a manual source's slug is not a valid slug, so no URL reaches it."""

    id = fields.IntField(primary_key=True)
    organization = fields.ForeignKeyField(
        "models.Organization", related_name="code_deployments", on_delete=fields.CASCADE
    )
    project = fields.ForeignKeyField("models.Project", related_name="code_deployments", on_delete=fields.CASCADE)
    slug = fields.CharField(max_length=64)
    name = fields.CharField(max_length=255)
    repository_url = fields.CharField(max_length=1000, default="")
    kind = fields.CharEnumField(ChangeSourceKind, max_length=8, default=ChangeSourceKind.CODE)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "code_deployment"
        unique_together = (("organization", "slug"),)
