from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # ended for good (401/403/404, or the tenant went away); last_error says why


class DeliveryKind(StrEnum):
    DEPLOY = "deploy"  # tell the site's Deployments API about a deploy
    REMOVE_CONNECTION = "remove_connection"  # delete what was sent for a removed connection (bulkByProperties)
    REMOVE_HISTORY = "remove_history"  # delete the deploys an import replaced: those sent with `history` (same)


class JiraDelivery(Model):
    """The outbox: what must still reach one tenant's Deployments API. Written in the transaction that
    stores the deploy (or removes the connection), claimed by a delivery worker for a lease, and never
    held only in memory, so nothing is lost across restarts and nothing acknowledged is sent twice."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(DeliveryKind, max_length=24, default=DeliveryKind.DEPLOY)
    tenant = fields.ForeignKeyField("models.Tenant", related_name="deliveries", on_delete=fields.CASCADE)
    deploy = fields.ForeignKeyField("models.Deploy", related_name="deliveries", null=True, on_delete=fields.CASCADE)
    connection_id = fields.IntField(description="the issue tracker whose link caused it; kept after its removal")
    history = fields.CharField(max_length=64, null=True)  # remove_history: the history tag to delete
    update_sequence_number = fields.BigIntField(default=0)
    backfill = fields.BooleanField(default=False, description="imported history: claimed after every live row")
    status = fields.CharEnumField(DeliveryStatus, max_length=16, default=DeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    claimed_until = fields.DatetimeField(null=True, description="a worker's lease; expired leases are claimed again")
    last_error = fields.TextField(null=True)
    result = fields.JSONField(null=True, description="Jira's 202 answer: rejected deployments, unknown issue keys")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "jira_delivery"
        indexes = (("status", "backfill", "next_attempt_at"),)  # a claim's order: live first, then oldest due
