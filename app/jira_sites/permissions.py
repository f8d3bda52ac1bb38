"""Is this user a Jira administrator of this site? Asked of the site itself, on every admin request.

The `user_is_admin` condition of the descriptor only hides the admin page's menu entry; anyone can load
its URL or call its routes with a token of the site (connect-platform.md §1.4). So the server asks Jira
with `POST /rest/api/3/permissions/check` for the verified account id, as ACE's `authorizeJira` does
(with `X-Atlassian-Token: nocheck`), through the one Jira client and the tenant's own credential (the
Connect JWT, or the Forge app system token).

Anything but a clear yes is a no: no account id, no credential, Jira unreachable, slow, refusing or
answering something else. Answers are not cached: rights can be taken away at any moment, admin actions
are rare, and one call per action keeps the rule simple and always current.
"""

from __future__ import annotations

import logging

from app.crypto import SecretBox, SecretDecryptionError
from app.jira.client import INTERACTIVE_RETRY, JiraClient, JiraError
from app.jira_sites.access import tenant_access
from app.settings import Settings
from models import Tenant

log = logging.getLogger(__name__)

PERMISSIONS_CHECK_PATH = "/rest/api/3/permissions/check"
ADMINISTER = "ADMINISTER"
CHECK_TIMEOUT_SECONDS = 5.0  # a person waits for the page

NOT_ADMIN = "Only a Jira administrator of this site can manage its Sleuth links."
UNCONFIRMED = "Jira could not confirm that you are an administrator of this site; please try again."


class NotJiraAdmin(Exception):
    """Jira did not confirm the user as an administrator; `reason` is one sentence for them."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def require_jira_admin(
    tenant: Tenant,
    account_id: str | None,
    *,
    jira: JiraClient,
    settings: Settings,
    secret_box: SecretBox,
    timeout: float = CHECK_TIMEOUT_SECONDS,
) -> None:
    """Return if Jira says `account_id` holds the global ADMINISTER permission on `tenant`'s site;
    raise NotJiraAdmin otherwise."""
    if not account_id:
        raise NotJiraAdmin(NOT_ADMIN)  # an anonymous or system token acts for no user
    try:
        access = tenant_access(tenant, settings=settings, secret_box=secret_box)
    except SecretDecryptionError:
        log.error("The stored credential of site %s cannot be decrypted (was SLEUTH_SECRET_KEY changed?)", tenant.id)
        raise NotJiraAdmin(UNCONFIRMED) from None
    if access is None:
        log.warning("No usable credential to check an admin on site %s", tenant.id)
        raise NotJiraAdmin(UNCONFIRMED)
    body = {"accountId": account_id, "globalPermissions": [ADMINISTER]}
    try:
        response = await jira.request(
            "POST",
            access.site_url,
            PERMISSIONS_CHECK_PATH,
            auth=access.auth,
            json=body,
            custom_headers={"X-Atlassian-Token": "nocheck"},
            timeout=timeout,
            retry=INTERACTIVE_RETRY,
        )
    except JiraError as error:
        log.warning("The permission check on site %s failed: %s", tenant.id, error.reason)
        raise NotJiraAdmin(UNCONFIRMED) from None
    if response.status != 200:
        log.warning("The permission check on site %s answered %s", tenant.id, response.status)
        raise NotJiraAdmin(UNCONFIRMED)
    answer = response.json()
    granted = answer.get("globalPermissions") if isinstance(answer, dict) else None
    if not isinstance(granted, list) or ADMINISTER not in granted:
        raise NotJiraAdmin(NOT_ADMIN)
