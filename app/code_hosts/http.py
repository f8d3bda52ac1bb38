"""One call to a code host's REST API through the app's outbound client (app/jira/client.py, named
"code host" in its sentences: the same address policy, timeouts and redirect rules as Jira calls), with
every answer that is not a success turned into a `CodeHostError` of the right kind."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from app.code_hosts.hosts import CodeHostError, UnknownRevision
from app.jira.auth import JiraAuth
from app.jira.client import JiraAddressRefused, JiraClient, JiraError, JiraResponse, RetryPolicy, parse_retry_after

NO_RETRY = RetryPolicy(max_retries=0)  # the job retries, later, with the host's own wait
TIMEOUT = 20.0
BAD_TOKEN = "The code host refused the token (401): check that it is valid and not expired."
NO_REPOSITORY = "The code host has no such repository, or the token cannot see it (404)."
NO_BRANCH = "The code host has no such branch in the repository (404): check the code source's branch."
FORBIDDEN = "The token may not read this repository (403): give it read access to the repository's contents."


async def call(
    client: JiraClient,
    base_url: str,
    path: str,
    auth: JiraAuth,
    *,
    method: str = "GET",
    params: Mapping[str, str | int] | None = None,
    json: Any = None,
    missing: str = "repository",
) -> JiraResponse:
    """The host's successful answer to one call. `missing` says what a 404 means: the repository or a
    branch (permanent refusals) or a revision (not pushed yet: retried)."""
    try:
        response = await client.request(
            method, base_url, path, auth=auth, params=params, json=json, timeout=TIMEOUT, retry=NO_RETRY
        )
    except JiraAddressRefused as error:
        raise CodeHostError(error.reason, permanent=True) from None
    except JiraError as error:
        raise CodeHostError(error.reason) from None
    if response.ok:
        return response
    raise _refusal(response, missing)


def _refusal(response: JiraResponse, missing: str) -> CodeHostError:
    status, headers = response.status, response.headers
    if status == 429 or (status == 403 and headers.get("x-ratelimit-remaining") == "0"):
        return CodeHostError(
            f"The code host's rate limit was reached ({status}).", retry_after=_rate_limit_wait(headers)
        )
    if status == 401:
        return CodeHostError(BAD_TOKEN, permanent=True)
    if status == 403:
        return CodeHostError(FORBIDDEN, permanent=True)
    if status in (404, 422) and missing == "revision":
        return UnknownRevision("The code host does not know one of the deploy's commits (not pushed yet?).")
    if status == 404:
        return CodeHostError(NO_BRANCH if missing == "branch" else NO_REPOSITORY, permanent=True)
    if status >= 500:
        return CodeHostError(
            f"The code host answered {status}; trying again later.", retry_after=_rate_limit_wait(headers)
        )
    return CodeHostError(f"The code host refused the request ({status}).", permanent=True)


def _rate_limit_wait(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait: `Retry-After`, or GitHub's `x-ratelimit-reset` (epoch seconds) when nothing is left."""
    retry_after = parse_retry_after(headers.get("Retry-After"))
    if retry_after is not None:
        return retry_after
    reset = headers.get("x-ratelimit-reset")
    if reset and reset.isdigit() and headers.get("x-ratelimit-remaining") == "0":
        return max(0.0, int(reset) - time.time())
    return None


def json_of(response: JiraResponse) -> Any:
    document = response.json()
    if document is None:
        raise CodeHostError("The code host answered something that is not JSON.")
    return document


class RestHost:
    """What the REST providers share: their API's address, their credential, and a JSON read."""

    def __init__(self, client: JiraClient, api_url: str, auth: JiraAuth) -> None:
        self.client = client
        self.api_url = api_url.rstrip("/")
        self.auth = auth

    async def read(
        self,
        path: str,
        *,
        missing: str = "revision",
        method: str = "GET",
        params: Mapping[str, str | int] | None = None,
        json: Any = None,
    ) -> Any:
        """The JSON of a successful call (see `call` for `missing`)."""
        response = await call(
            self.client, self.api_url, path, self.auth, method=method, params=params, json=json, missing=missing
        )
        return json_of(response)
