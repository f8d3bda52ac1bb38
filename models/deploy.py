from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Deploy(Model):
    """One change (a sha) of one code deployment reaching one environment; or a manual change (its
    change source of kind `manual`), which has a `name` and a `description` and a generated sha."""

    id = fields.IntField(primary_key=True)
    code_deployment = fields.ForeignKeyField(
        "models.CodeDeployment", related_name="deploys", on_delete=fields.CASCADE
    )
    environment = fields.ForeignKeyField("models.Environment", related_name="deploys", on_delete=fields.CASCADE)
    sha = fields.CharField(max_length=40)
    date = fields.DatetimeField(db_index=True)
    author_email = fields.CharField(max_length=255, default="")
    author_name = fields.CharField(max_length=255, default="")
    branch = fields.CharField(max_length=255, default="")
    tags = fields.JSONField(default=list)
    links = fields.JSONField(default=dict)
    name = fields.CharField(max_length=255, default="", description="a manual change's name")
    description = fields.TextField(default="", description="a manual change's description")
    imported = fields.BooleanField(default=False, description="from import_deploys: history, pushed to Jira as backfill")
    commits_status = fields.CharField(max_length=16, default="given", description="models.code_source.CommitsStatus")
    commits_error = fields.TextField(null=True, description="why the code source gave no commits")
    commits_note = fields.TextField(null=True, description="e.g. a range cut to the newest commits")
    created_at = fields.DatetimeField(auto_now_add=True)

    issues: fields.ReverseRelation[DeployIssue]

    class Meta:
        table = "deploy"
        unique_together = (("code_deployment", "environment", "sha"),)
        indexes = (("environment", "date"),)  # the deploy cards of an environment, newest first


class DeployCommit(Model):
    id = fields.IntField(primary_key=True)
    deploy = fields.ForeignKeyField("models.Deploy", related_name="commits", on_delete=fields.CASCADE)
    revision = fields.CharField(max_length=40)
    message = fields.TextField(default="")
    author_name = fields.CharField(max_length=255, default="")
    author_email = fields.CharField(max_length=255, default="")
    date = fields.DatetimeField(null=True)
    url = fields.CharField(max_length=2000, default="")

    class Meta:
        table = "deploy_commit"
        indexes = (("deploy",),)  # a deploy's commits, and the cascade when a deploy is deleted


class DeployIssue(Model):
    """A Jira issue key that a deploy's commits mention. Looked up by key on every panel load, through an
    index that holds the deploy too: the panel reads its deploys without reading these rows at all (on
    SQLite, half of a 250-deploy panel's statement went to reading them: bench/results/why.md)."""

    id = fields.IntField(primary_key=True)
    deploy = fields.ForeignKeyField("models.Deploy", related_name="issues", on_delete=fields.CASCADE)
    issue_key = fields.CharField(max_length=255)

    class Meta:
        table = "deploy_issue"
        unique_together = (("deploy", "issue_key"),)
        indexes = (("issue_key", "deploy_id"),)
