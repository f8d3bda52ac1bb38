"""Sleuth for Jira: the backend that links Sleuth deploys to Jira issues and shows them inside Jira.

`create_app(settings)` builds the Quart application (the composition root is `app/main.py`). The package
itself imports nothing, so importing a domain module (`app.sleuth.issue_keys`) loads no web framework;
`create_app` is looked up on first use, which is what `uvicorn app:create_app` and the tests do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.main import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from app.main import create_app

        return create_app
    raise AttributeError(f"module 'app' has no attribute {name!r}")
