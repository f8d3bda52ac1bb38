"""What a delivery worker does with each answer of Jira's Deployments API: pure rules, no I/O.

202 is delivered (a rejected deployment is Jira's verdict on its data: recorded, never retried); 429,
5xx and no answer at all are tried again later; 413 means "send fewer at once"; 401, 403 and 404 say
the site refuses the app itself (401 mostly after an uninstall), which ends every delivery to that site
in hand; any other status ends the delivery it answered. Each end is one sentence saying why
(connect-platform.md §6.1, §5.1). Retries wait for
`Retry-After` when Jira gives one (retrying earlier fails again, §5.3), else back off exponentially
with jitter, and stop after a day.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from enum import Enum

FIRST_DELAY = 5.0  # seconds before the second attempt
MAX_DELAY = 600.0  # backoff cap: a failing site is tried at least every 10 minutes (jitter aside)
GIVE_UP_AFTER = timedelta(hours=24)


class Disposition(Enum):
    DELIVERED = "delivered"
    RETRY = "retry"
    TOO_LARGE = "too large"
    REFUSED = "refused"  # the site refuses the app, whatever is sent
    FAILED = "failed"  # this request is refused


def disposition(status: int) -> Disposition:
    if 200 <= status < 300:
        return Disposition.DELIVERED
    if status == 413:
        return Disposition.TOO_LARGE
    if status == 429 or status >= 500:
        return Disposition.RETRY
    if status in (401, 403, 404):
        return Disposition.REFUSED
    return Disposition.FAILED


_REASONS = {
    400: "Jira refused the request as malformed (400).",
    401: "Jira refused the app's credentials (401); the app was probably uninstalled from the site.",
    403: "Jira refused access (403); the app may lack the deployments module or its scope on this site.",
    404: "The site or its Deployments API was not found (404).",
    413: "Jira refused the deployment as too large (413), even sent on its own.",
    429: "Jira limited the rate of the app's requests (429).",
}


def reason(status: int, rate_limit: str | None = None) -> str:
    """One sentence for `last_error`; never Jira's body, which is not ours to store or show. A 429 names
    the limit Jira said it hit (`RateLimit-Reason`), so an operator can tell a burst from a spent quota."""
    if status == 429 and rate_limit:
        return f"Jira limited the rate of the app's requests (429, {rate_limit})."
    if status in _REASONS:
        return _REASONS[status]
    if status >= 500:
        return f"The Jira site answered with a server error ({status})."
    return f"Jira answered {status}."


def retry_delay(attempts: int, retry_after: float | None) -> float:
    """Seconds until the next attempt after `attempts` failed ones: `Retry-After` (plus up to 20 %),
    else 5 s doubling up to 10 min, times a jitter of 0.7 to 1.3 so that many rows do not return at once."""
    if retry_after is not None:
        return retry_after * random.uniform(1.0, 1.2)
    backoff: float = min(MAX_DELAY, FIRST_DELAY * 2.0 ** max(0, attempts - 1))
    return backoff * random.uniform(0.7, 1.3)


def next_attempt(created_at: datetime, now: datetime, delay: float) -> datetime | None:
    """When to try again, or None once that would be more than a day after the row was written."""
    when = now + timedelta(seconds=delay)
    return None if when - created_at > GIVE_UP_AFTER else when


def gave_up(attempts: int, last_reason: str) -> str:
    return f"Gave up after {attempts} attempts in {GIVE_UP_AFTER.days * 24} hours; the last: {last_reason}"
