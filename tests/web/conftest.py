"""The app of every web test trusts the test's Atlassian key server (the `key_server` fixture), so any of
them can install a site the way Jira does (`signed_install`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.settings import Settings
from tests.fakes.atlassian import KeyServer


@pytest.fixture
def settings(make_settings: Callable[..., Settings], key_server: KeyServer) -> Settings:
    return make_settings(CONNECT_INSTALL_KEYS_URL=key_server.server.url)
