from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class TrackerProvider(StrEnum):
    JIRA = "jira"  # Jira Cloud: email + API token, or the installed app
    JIRA_DC = "jira_dc"  # Jira Data Center: personal access token, or username + password
    BITBUCKET = "bitbucket"  # a Bitbucket workspace linked to a Jira Cloud site; its issues are that site's


class SiteConsent(StrEnum):
    """Whether the Jira site agreed to show and receive this organization's deploys. A connection only
    proves its token is some user's of the site; the site's panel and Deployments API get the
    organization's deploys only once the site consented."""

    GRANTED = "granted"  # a Jira admin linked or approved the organization, or the token holds ADMINISTER
    PENDING = "pending"  # works on Sleuth's side; waits for a Jira admin on the app's admin page
    REFUSED = "refused"  # a Jira admin of the site said no


class IssueTracker(Model):
    """An organization-level connection to an issue tracker; a project picks at most one."""

    id = fields.IntField(primary_key=True)
    organization = fields.ForeignKeyField(
        "models.Organization", related_name="issue_trackers", on_delete=fields.CASCADE
    )
    provider = fields.CharEnumField(TrackerProvider, max_length=16)
    label = fields.CharField(max_length=255, default="")
    url = fields.CharField(max_length=255, db_index=True, description="normalized: scheme://host[:port][/path]")
    credentials = fields.TextField(null=True, description="encrypted JSON, purpose 'issue_tracker.credentials'")
    custom_header_names = fields.JSONField(default=list)
    custom_headers = fields.TextField(null=True, description="encrypted JSON, purpose 'issue_tracker.custom_headers'")
    workspace = fields.CharField(
        max_length=255, default="", description="the Bitbucket workspace of a bitbucket connection"
    )
    tenant = fields.ForeignKeyField(
        "models.Tenant",
        related_name="issue_trackers",
        null=True,
        on_delete=fields.SET_NULL,
        description="set when the connection authenticates through the installed Jira app",
    )
    site_consent = fields.CharEnumField(SiteConsent, max_length=8, default=SiteConsent.PENDING)
    consent_source = fields.CharField(
        max_length=32, default="", description="admin_link, administer_permission or admin_approval"
    )
    healthy = fields.BooleanField(default=True)  # whether the site said yes at the last check
    last_error = fields.TextField(null=True)  # that check's refusal, one sentence
    checked_at = fields.DatetimeField(null=True, description="when the site was last asked (save, edit, Test again)")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "issue_tracker"
