from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class CodeHostProvider(StrEnum):
    GITHUB = "github"
    GITHUB_ENTERPRISE = "github_enterprise"
    GITLAB = "gitlab"
    BITBUCKET = "bitbucket"
    AZURE_DEVOPS = "azure_devops"
    CUSTOM_GIT = "custom_git"


class CodeSource(Model):
    """Where a code deployment's commits are read when a deploy names only its sha: one repository on a
    code host (or any git remote), with the credential to read it (encrypted, never shown back)."""

    id = fields.IntField(primary_key=True)
    code_deployment = fields.OneToOneField(
        "models.CodeDeployment", related_name="code_source", on_delete=fields.CASCADE
    )
    provider = fields.CharEnumField(CodeHostProvider, max_length=24)
    repository = fields.CharField(max_length=255, default="", description="owner/name, a project path, or org/project/repo")
    url = fields.CharField(max_length=1000, default="", description="custom_git's clone URL")
    api_url = fields.CharField(max_length=1000, default="", description="the API of a self-hosted GitHub or GitLab")
    branch = fields.CharField(max_length=255, default="", description="the deployed branch; empty: the default one")
    token = fields.TextField(null=True, description="encrypted")
    path_includes = fields.JSONField(default=list)
    path_excludes = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    code_deployment_id: int

    class Meta:
        table = "code_source"


class CommitsStatus(StrEnum):
    """Where a deploy's commits came from: the registration (`given`), the code source (`found`, or
    `pending` until then), or nowhere (`failed`, with the reason)."""

    GIVEN = "given"
    PENDING = "pending"
    FOUND = "found"
    FAILED = "failed"


class DiscoveryStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class CommitDiscovery(Model):
    """A background job: read a deploy's commits from its code source. Written in the transaction that
    stores the deploy, claimed with a lease like the outbox, retried with backoff, given up after a day."""

    id = fields.IntField(primary_key=True)
    deploy = fields.OneToOneField("models.Deploy", related_name="discovery", on_delete=fields.CASCADE)
    status = fields.CharEnumField(DiscoveryStatus, max_length=16, default=DiscoveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    claimed_until = fields.DatetimeField(null=True)
    last_error = fields.TextField(null=True)
    backfill = fields.BooleanField(default=False, description="an imported deploy's: claimed after every live job")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    deploy_id: int

    class Meta:
        table = "commit_discovery"
        indexes = (("status", "backfill", "next_attempt_at"),)  # a claim's order: live first, then oldest due
