"""The Quart application class: the one place where app-wide state (settings, the secret box, the
shared outbound HTTP session) lives, typed, so views never reach into an untyped config dict."""

from __future__ import annotations

from typing import cast

from quart import Quart, current_app

from app.connect.install_keys import InstallKeys
from app.crypto import SecretBox
from app.forge.fit import ForgeKeys
from app.issue_summaries import IssueSummaryCache
from app.jira.client import JiraClient
from app.settings import Settings
from app.sign_in_limiter import SignInLimiter
from app.web_session import session_config

USER_AGENT = "sleuth-jira/0.1"


class SleuthJira(Quart):
    settings: Settings
    secret_box: SecretBox
    jira: JiraClient
    forge_keys: ForgeKeys
    install_keys: InstallKeys
    sign_in_limiter: SignInLimiter
    issue_summaries: IssueSummaryCache

    def configure(self, settings: Settings) -> None:
        self.settings = settings
        self.secret_box = SecretBox(settings.secret_key)
        self.jira = JiraClient(allow_private_urls=settings.allow_private_urls, user_agent=f"{USER_AGENT} {settings.app_key}")
        self.forge_keys = ForgeKeys(settings.forge_jwks_url)
        self.install_keys = InstallKeys(settings.connect_install_keys_url)
        self.config["SECRET_KEY"] = settings.secret_key
        self.config.update(session_config(settings))
        self.sign_in_limiter = SignInLimiter()
        self.issue_summaries = IssueSummaryCache()


def sleuth_app() -> SleuthJira:
    """The running application, typed (use inside a request or app context)."""
    return cast(SleuthJira, current_app._get_current_object())  # noqa: SLF001 - Quart's documented proxy target
