from tortoise import fields
from tortoise.models import Model


class Tenant(Model):
    """A Jira site that installed the app, through Connect, Forge or both.

    A Connect install is keyed by its clientKey; a Forge installation by its installation id and by the
    site's cloud id with the app's Forge environment. A Connect-on-Forge install carries the
    installation id too, so both arrive on one row and a site that moves from Connect to Forge keeps
    everything linked to it (forge.md §2.6).
    """

    id = fields.IntField(primary_key=True)
    client_key = fields.CharField(max_length=255, unique=True, null=True, description="Connect tenants only")
    shared_secret = fields.TextField(
        null=True, description="Connect tenants only; encrypted with SecretBox, purpose 'tenant.shared_secret'"
    )
    base_url = fields.CharField(max_length=255, db_index=True)
    display_url = fields.CharField(max_length=255, null=True, db_index=True)
    product_type = fields.CharField(max_length=32, default="jira")
    cloud_id = fields.CharField(max_length=64, null=True, db_index=True)
    installation_id = fields.CharField(
        max_length=255, null=True, unique=True, description="the Forge installation, a bare UUID"
    )
    forge_environment_id = fields.CharField(max_length=64, null=True)
    forge_api_base_url = fields.CharField(max_length=255, null=True)
    forge_system_token = fields.TextField(
        null=True, description="encrypted with SecretBox, purpose 'tenant.forge_system_token'"
    )
    forge_token_expires_at = fields.DatetimeField(
        null=True, description="the stored system token's exp: an older token never replaces a newer one"
    )
    installed = fields.BooleanField(default=True)
    enabled = fields.BooleanField(default=True)
    uninstalled_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "tenant"

    def __str__(self) -> str:
        return self.base_url


class UsedInstallToken(Model):
    """A signed install or uninstall token already accepted, kept until it expires: Atlassian's token binds
    the method and path but not the body, so the same token must never carry a second body."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True, description="sha256 of the token")
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "used_install_token"
