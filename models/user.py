from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class UserRole(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"  # owners and admins manage integrations
    MEMBER = "member"


class User(Model):
    """A person who signs in to the Sleuth web UI; a member of one organization."""

    id = fields.IntField(primary_key=True)
    organization = fields.ForeignKeyField("models.Organization", related_name="users", on_delete=fields.CASCADE)
    email = fields.CharField(max_length=255, unique=True, description="stored lowercased")
    name = fields.CharField(max_length=255, default="")
    password_hash = fields.CharField(max_length=255, description="argon2id")
    role = fields.CharEnumField(UserRole, max_length=16, default=UserRole.MEMBER)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_sign_in_at = fields.DatetimeField(null=True)
    session_version = fields.IntField(default=0, description="raised by signing out: every earlier session ends")

    class Meta:
        table = "user"


class SignInAttempt(Model):
    """One sign-in attempt, counted under each of its keys (its email, its address, both) for the rate
    limit, in the database so that every worker process counts the same attempts."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=320)
    attempted_at = fields.DatetimeField()

    class Meta:
        table = "sign_in_attempt"
        indexes = (("key", "attempted_at"), ("attempted_at",))
