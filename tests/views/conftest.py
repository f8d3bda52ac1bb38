"""Fixtures of the Sleuth UI's tests: organizations, their users, a fake Jira (helpers live in sleuth_ui.py)."""

from tests.fake_jira import fake_jira  # noqa: F401 - fixture
from tests.views.sleuth_ui import acme, acme_admin, acme_member, globex, globex_admin, password_hash  # noqa: F401
