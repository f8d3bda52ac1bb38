"""JWT verification cost per request: our page-token path against atlassian-jwt's Authenticator.

Both verify the same iframe token of a panel load (HS256, qsh of the request). Ours is what
`@connect_page` runs apart from the tenant lookup: read `iss`, verify once, compare the qsh of the
request. Reported as the median over batches of the per-call time, in microseconds.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import jwt
from atlassian_jwt import Authenticator

from app.connect.jwt import parse_tenant_token, query_string_hash, verify_tenant_token

CLIENT_KEY = "bench-client-key"
SECRET = "bench-shared-secret-0123456789abcdef0123456789abcdef"
PATH = "/jira/panel?issueKey=BENCH-42&projectKey=BENCH&xdm_e=https%3A%2F%2Fbench.atlassian.net&xdm_c=channel-1&cp=&lic=none&cv=1001.0.0"


def page_token() -> str:
    now = int(time.time())
    claims = {"iss": CLIENT_KEY, "sub": "557058:bench-user", "iat": now, "exp": now + 900, "qsh": query_string_hash("GET", PATH)}
    return jwt.encode(claims, SECRET, algorithm="HS256")


def ours(token: str) -> Callable[[], Any]:
    def verify() -> Any:
        parsed = parse_tenant_token(token)
        return verify_tenant_token(parsed, SECRET, expected_qsh=query_string_hash("GET", PATH))

    return verify


class _Authenticator(Authenticator):  # type: ignore[misc]
    def get_shared_secret(self, client_key: str) -> str:
        return SECRET


def atlassian_jwt_authenticator(token: str) -> Callable[[], Any]:
    authenticator = _Authenticator()
    url = f"{PATH}&jwt={token}"

    def verify() -> Any:
        return authenticator.authenticate("GET", url, {})

    return verify


def median_microseconds(call: Callable[[], Any], batches: int = 30, per_batch: int = 300) -> float:
    for _ in range(per_batch):  # warm up
        call()
    timings = []
    for _ in range(batches):
        started = time.perf_counter_ns()
        for _ in range(per_batch):
            call()
        timings.append((time.perf_counter_ns() - started) / per_batch / 1000)
    return statistics.median(timings)


def run(quick: bool = False) -> dict[str, float]:
    token = page_token()
    batches = 10 if quick else 30
    return {
        "ours_us": median_microseconds(ours(token), batches=batches),
        "atlassian_jwt_us": median_microseconds(atlassian_jwt_authenticator(token), batches=batches),
    }


if __name__ == "__main__":
    print(run())
