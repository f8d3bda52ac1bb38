"""How the Jira client proves who it is: one small class per credential kind.

Each returns the headers for one request; the Connect JWT must be made per request because its qsh
binds the method, path and query of that very request.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Protocol

from app.connect.jwt import sign_outbound


class JiraAuth(Protocol):
    def headers(self, method: str, path_and_query: str) -> dict[str, str]:
        """Headers for a request; `path_and_query` is relative to the site URL."""
        ...


@dataclass(frozen=True, slots=True)
class BasicAuth:
    """Jira Cloud with an API token (email:token), or Data Center with a username and password."""

    username: str
    password: str = field(repr=False)

    def headers(self, method: str, path_and_query: str) -> dict[str, str]:
        credentials = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        return {"Authorization": f"Basic {credentials}"}


@dataclass(frozen=True, slots=True)
class BearerAuth:
    """Jira Data Center personal access token (or a Forge app system token)."""

    token: str = field(repr=False)

    def headers(self, method: str, path_and_query: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass(frozen=True, slots=True)
class ConnectJwtAuth:
    """The installed Connect app calling its tenant: a fresh HS256 token per request."""

    app_key: str
    shared_secret: str = field(repr=False)

    def headers(self, method: str, path_and_query: str) -> dict[str, str]:
        token = sign_outbound(method, path_and_query, app_key=self.app_key, shared_secret=self.shared_secret)
        return {"Authorization": f"JWT {token}"}
