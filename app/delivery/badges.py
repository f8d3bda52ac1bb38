"""The badge on the issue view's "Sleuth deploys" context: how many environments (the panel's groups:
production, staging, testing, development, others) an issue's deploys reached on a site.

Jira shows it from the issue property `com.atlassian.jira.issue:{appKey}:{moduleKey}:status`
(connect-platform.md §1.4), which the delivery worker sets after a site accepted new deploys. Only
sites with a Connect install have the Connect issue context the property belongs to; a Forge-only
site's issue context would need a Forge function for a badge (forge.md §4.1), so it gets none.

Bounded: at most MAX_KEYS_PER_DEPLOY issues of one deploy are updated (a deploy may name 500), each
issue once per batch, one short call each; the first refusal or failure stops the site's badges for
that batch. A badge is a hint: failures are logged, never retried, and never fail a delivery.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from urllib.parse import quote

from app.jira.client import JiraClient, JiraError, RetryPolicy
from app.jira_sites.access import TenantAccess
from app.jira_sites.issue_deploys import deploys_for_issue, site_urls
from models import Tenant

log = logging.getLogger(__name__)

MAX_KEYS_PER_DEPLOY = 50
TIMEOUT = 5.0  # a badge is not worth holding a site's deliveries for
NO_RETRY = RetryPolicy(max_retries=0)


async def environment_count(tenant: Tenant, issue_key: str) -> int:
    """The environment groups the site's panel shows for the issue (one query, one row per group)."""
    return len((await deploys_for_issue(site_urls(tenant), issue_key, per_environment=1)).groups)


def badge(environments: int) -> dict[str, object]:
    return {"type": "badge", "value": {"label": str(environments)}}


async def update_badges(
    jira: JiraClient, tenant: Tenant, access: TenantAccess, property_key: str, issue_keys: Sequence[str]
) -> None:
    """Set the badge of each issue on the tenant's site (Connect installs only)."""
    if not tenant.client_key:
        return
    for issue_key in issue_keys:
        path = f"/rest/api/3/issue/{quote(issue_key)}/properties/{quote(property_key, safe=':')}"
        value = badge(await environment_count(tenant, issue_key))
        try:
            response = await jira.request(
                "PUT", access.site_url, path, auth=access.auth, json=value, timeout=TIMEOUT, retry=NO_RETRY
            )
        except JiraError as error:
            log.warning("Badges of %s stopped: %s", tenant.base_url, error.reason)
            return
        if not response.ok:
            log.warning("Badges of %s stopped: Jira answered %s for %s.", tenant.base_url, response.status, issue_key)
            return
