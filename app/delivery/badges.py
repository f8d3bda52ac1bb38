"""The badge on the issue view's "Sleuth deploys" context: how many environments (the panel's groups:
production, staging, testing, development, others) an issue's deploys reached on a site.

The delivery worker writes it after a site accepted new deploys, as the issue property
`com.atlassian.jira.issue:{appKey}:{moduleKey}:status`, with the site's own credential (Connect JWT or
Forge app token, app/jira_sites/access.py). Connect's issue context reads that property by itself
(connect-platform.md §1.4); Forge's reads it through the app's one Forge function, `dynamicProperties`
of jira:issueContext (forge/src/index.js), the way Forge documents to show a status on an issue
context. One key for both, so a site's badges survive its move from Connect to Forge.

Bounded: at most MAX_KEYS_PER_DEPLOY issues of one deploy are updated (a deploy may name 500), each
issue once per batch, one short call each. Jira's per-issue write limit (429 `jira-per-issue-on-write`)
skips that issue's badge until its next deploy and goes on with the others; any other refusal or failure
stops the site's badges for that batch, so a site over its rate limit is not pushed further. A badge is
a hint: failures are logged, never retried, and never fail a delivery.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from urllib.parse import quote

from app.jira.client import PER_ISSUE_WRITE_LIMIT, JiraClient, JiraError, RetryPolicy, rate_limit_reason
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
    """Set the badge of each issue on the tenant's site."""
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
        limit = rate_limit_reason(response.headers) if response.status == 429 else None
        if limit == PER_ISSUE_WRITE_LIMIT:
            log.info("Badge of %s on %s skipped: Jira limits writes to that issue (429).", issue_key, tenant.base_url)
            continue
        if not response.ok:
            log.warning("Badges of %s stopped: Jira answered %s%s for %s.", tenant.base_url, response.status,
                        f" ({limit})" if limit else "", issue_key)  # fmt: skip
            return
