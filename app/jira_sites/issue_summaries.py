"""The summary and status of the Jira issues on a page of deploy cards, read from the project's site.

One page costs at most one request, whatever its number of issues: a JQL search `key in (...)` for
the keys the cache does not hold (`GET /rest/api/3/search/jql` on Jira Cloud and for Bitbucket's Jira
site, `GET /rest/api/2/search` with `validateQuery=warn` on Data Center, so a key of a project that
does not exist drops out of the answer instead of failing the whole search; Cloud's search/jql already
answers that way). It goes through the one Jira client with the connection's own credentials, or the
installed app's for a site linked through it.

Answers are cached on the app for a minute, keys Jira did not return included (deleted or hidden
issues are not asked for again on every page load), with a bounded number of entries. A site that
fails (unreachable, slow, refusing, answering nonsense) is not asked again for half a minute: its
pages show the issue keys as plain links, and load at once.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from app.crypto import SecretBox, SecretDecryptionError
from app.jira.auth import JiraAuth
from app.jira.client import JiraClient, JiraError, RetryPolicy
from app.jira_sites.access import tenant_access
from app.settings import Settings
from app.sleuth.issue_keys import find_issue_keys
from app.sleuth.issue_trackers import connection_auth
from models import IssueTracker, Tenant, TrackerProvider

log = logging.getLogger(__name__)

MAX_KEYS_PER_REQUEST = 100
MAX_SUMMARY_LENGTH = 500
PAGE_TIMEOUT_SECONDS = 4.0
NO_RETRY = RetryPolicy(max_retries=0)  # a person is waiting for the page; the keys alone will do

CacheKey = tuple[int, str, str]  # connection id, its site URL, issue key


@dataclass(frozen=True, slots=True)
class IssueSummary:
    summary: str
    status: str
    category: str  # Jira's status category: "new", "indeterminate", "done", or "" when not given


@dataclass(frozen=True, slots=True)
class SiteAccess:
    url: str
    auth: JiraAuth
    headers: dict[str, str]


class IssueSummaryCache:
    """What Jira said about issues, per connection, for `ttl` seconds; lives on the app."""

    def __init__(
        self,
        *,
        ttl: float = 60.0,
        failure_ttl: float = 30.0,
        max_entries: int = 5_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.failure_ttl = failure_ttl
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[CacheKey, tuple[float, IssueSummary | None]] = OrderedDict()
        self._failing: OrderedDict[tuple[int, str], float] = OrderedDict()

    def lookup(self, tracker: IssueTracker, key: str) -> tuple[bool, IssueSummary | None]:
        """(whether the cache knows the issue, what it knows: None when Jira did not return it)."""
        entry = self._entries.get((tracker.id, tracker.url, key))
        if entry is None or entry[0] <= self._clock():
            return False, None
        return True, entry[1]

    def store(self, tracker: IssueTracker, key: str, summary: IssueSummary | None) -> None:
        cache_key = (tracker.id, tracker.url, key)
        self._entries[cache_key] = (self._clock() + self.ttl, summary)
        self._entries.move_to_end(cache_key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def is_failing(self, tracker: IssueTracker) -> bool:
        until = self._failing.get((tracker.id, tracker.url))
        return until is not None and until > self._clock()

    def mark_failing(self, tracker: IssueTracker) -> None:
        site = (tracker.id, tracker.url)
        self._failing[site] = self._clock() + self.failure_ttl
        self._failing.move_to_end(site)
        while len(self._failing) > self.max_entries:
            self._failing.popitem(last=False)


async def issue_summaries(
    tracker: IssueTracker | None,
    issue_keys: Iterable[str],
    *,
    jira: JiraClient,
    cache: IssueSummaryCache,
    secret_box: SecretBox,
    settings: Settings,
) -> dict[str, IssueSummary | None]:
    """What the tracker's site says of `issue_keys` (from the cache, or from one search): a summary for each
    issue it returned, None for a key it was asked about and did not return (no such issue, or hidden from
    the connection's user: "not found in Jira"), and nothing for a key it was not asked about. An empty
    answer for a project without a tracker or a site that fails."""
    if tracker is None:
        return {}
    known: dict[str, IssueSummary | None] = {}
    missing: list[str] = []
    for key in dict.fromkeys(issue_keys):
        cached, summary = cache.lookup(tracker, key)
        if cached:
            known[key] = summary
        elif find_issue_keys([key]) == [key]:  # only well-formed keys ever reach a JQL query
            missing.append(key)
    if missing and not cache.is_failing(tracker):
        batch = missing[:MAX_KEYS_PER_REQUEST]
        fetched = await _fetch(tracker, batch, jira=jira, secret_box=secret_box, settings=settings)
        if fetched is None:
            cache.mark_failing(tracker)
        else:
            for key in batch:
                cache.store(tracker, key, fetched.get(key))
                known[key] = fetched.get(key)
    return known


async def _site_access(tracker: IssueTracker, secret_box: SecretBox, settings: Settings) -> SiteAccess | None:
    """How to call the tracker's site: its own credentials, else the installed app's."""
    try:
        own = connection_auth(tracker, secret_box)
    except SecretDecryptionError:  # stored under another SLEUTH_SECRET_KEY
        return None
    if own is not None:
        return SiteAccess(tracker.url, *own)
    if tracker.tenant_id is None:
        return None
    tenant = await Tenant.get_or_none(id=tracker.tenant_id)
    access = tenant_access(tenant, settings=settings, secret_box=secret_box) if tenant else None
    return SiteAccess(access.site_url, access.auth, {}) if access else None


async def _fetch(
    tracker: IssueTracker, keys: list[str], *, jira: JiraClient, secret_box: SecretBox, settings: Settings
) -> dict[str, IssueSummary] | None:
    """One search for `keys`; None when the site cannot be asked or does not answer as Jira does."""
    access = await _site_access(tracker, secret_box, settings)
    if access is None:
        return None
    params: dict[str, str | int] = {
        "jql": "key in (" + ", ".join(f'"{key}"' for key in keys) + ")",
        "fields": "summary,status",
        "maxResults": len(keys),
    }
    path = "/rest/api/3/search/jql"
    if tracker.provider is TrackerProvider.JIRA_DC:
        path, params["validateQuery"] = "/rest/api/2/search", "warn"
    try:
        response = await jira.request(
            "GET",
            access.url,
            path,
            auth=access.auth,
            params=params,
            custom_headers=access.headers,
            timeout=PAGE_TIMEOUT_SECONDS,
            retry=NO_RETRY,
        )
    except JiraError as error:
        log.info("Issue summaries of connection %s not read: %s", tracker.id, error.reason)
        return None
    if response.status != 200:
        log.info("Issue summaries of connection %s not read: Jira answered %s", tracker.id, response.status)
        return None
    return _parse(response.json())


def _parse(body: Any) -> dict[str, IssueSummary] | None:
    issues = body.get("issues") if isinstance(body, dict) else None
    if not isinstance(issues, list):
        return None
    return {issue["key"]: _summary(issue.get("fields")) for issue in issues if _is_issue(issue)}


def _is_issue(issue: Any) -> bool:
    return isinstance(issue, dict) and isinstance(issue.get("key"), str)


def _summary(fields: Any) -> IssueSummary:
    fields = fields if isinstance(fields, dict) else {}
    status = fields.get("status") if isinstance(fields.get("status"), dict) else {}
    category = status.get("statusCategory") if isinstance(status.get("statusCategory"), dict) else {}
    return IssueSummary(
        summary=_text(fields.get("summary"))[:MAX_SUMMARY_LENGTH],
        status=_text(status.get("name"))[:100],
        category=_text(category.get("key"))[:20],
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
