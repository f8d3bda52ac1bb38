from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Organization(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=255)
    disconnected_providers = fields.JSONField(
        default=list, description="issue-tracker providers whose last connection was removed (their tiles say so)"
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "organization"

    def __str__(self) -> str:
        return self.slug


class ApiKeyKind(StrEnum):
    ORG_KEY = "org_key"  # the legacy organization API key: `Authorization: apikey ...` or `api_key=`
    ACCESS_TOKEN = "access_token"  # `Authorization: Bearer ...`


class ApiKeyScope(StrEnum):
    ALL = "all"
    REGISTER_DEPLOY = "register_deploy"


class ApiKey(Model):
    """A credential of one organization. Only a SHA-256 of the key is stored: keys are 256-bit random,
    so a fast hash is as safe as a slow one and keeps authentication off the CPU's critical path."""

    id = fields.IntField(primary_key=True)
    organization = fields.ForeignKeyField("models.Organization", related_name="api_keys", on_delete=fields.CASCADE)
    kind = fields.CharEnumField(ApiKeyKind, max_length=16)
    scope = fields.CharEnumField(ApiKeyScope, max_length=16, default=ApiKeyScope.ALL)
    key_hash = fields.CharField(max_length=64, unique=True)
    label = fields.CharField(max_length=255, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True, description="when it last authenticated a request, to the hour")

    class Meta:
        table = "api_key"
