from tortoise import fields
from tortoise.models import Model


class Tenant(Model):
    """A Jira site that installed the app (Connect today; the same row carries its Forge installation)."""

    id = fields.IntField(primary_key=True)
    client_key = fields.CharField(max_length=255, unique=True)
    shared_secret = fields.TextField(description="encrypted with SecretBox, purpose 'tenant.shared_secret'")
    base_url = fields.CharField(max_length=255, db_index=True)
    display_url = fields.CharField(max_length=255, null=True, db_index=True)
    product_type = fields.CharField(max_length=32, default="jira")
    cloud_id = fields.CharField(max_length=64, null=True)
    installation_id = fields.CharField(max_length=255, null=True)
    installed = fields.BooleanField(default=True)
    enabled = fields.BooleanField(default=True)
    uninstalled_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "tenant"

    def __str__(self) -> str:
        return self.base_url
