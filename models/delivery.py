from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # ended for good (401/403/404, or the tenant went away); last_error says why


class JiraDelivery(Model):
    """The outbox: a deploy that must still reach one tenant's Deployments API. Written in the
    transaction that stores the deploy, claimed by the delivery worker, never held only in memory."""

    id = fields.IntField(primary_key=True)
    tenant = fields.ForeignKeyField("models.Tenant", related_name="deliveries", on_delete=fields.CASCADE)
    deploy = fields.ForeignKeyField("models.Deploy", related_name="deliveries", on_delete=fields.CASCADE)
    status = fields.CharEnumField(DeliveryStatus, max_length=16, default=DeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(db_index=True)
    last_error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "jira_delivery"
