"""The Quart application class: the one place where app-wide state (settings, the secret box, the
shared outbound HTTP session) lives, typed, so views never reach into an untyped config dict."""

from __future__ import annotations

import re
from typing import Any, cast

from jinja2 import Environment
from quart import Quart, current_app
from quart.json.provider import JSONProvider

from app.code_hosts.registry import CodeHosts
from app.connect.install_keys import InstallKeys
from app.crypto import SecretBox
from app.delivery.commit_discovery import CommitDiscoveryWorker
from app.delivery.worker import DeliveryWorker
from app.forge.fit import ForgeKeys
from app.jira.client import JiraClient
from app.jira_sites.issue_summaries import IssueSummaryCache
from app.settings import Settings
from app.web.app_metrics import AppMetrics
from app.web.jira_pages.panel_pages import PanelPages
from app.web.jira_pages.tenant_cache import TenantCache
from app.web.session import session_config
from app.web.sign_in_limiter import SignInLimiter

USER_AGENT = "sleuth-jira/0.1"


class NotText(ValueError):
    """A JSON string holds a lone UTF-16 surrogate (`"\\ud800"`): valid JSON, but no text a database or a
    hash can take."""


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(key) or _has_lone_surrogate(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False


class JSONBodies(JSONProvider):
    """The app's JSON (quart-schema's provider, which `encoder` is), except that a document nested deeper
    than the parser can follow is invalid JSON, a 400 with a sentence, rather than a RecursionError, a
    500: `[[[[...` is any anonymous caller's to send; and that a string holding a lone surrogate is
    refused (NotText) rather than failing later, in a hash or a database driver. Only a body that spells
    a surrogate's escape is walked."""

    def __init__(self, app: Quart, encoder: JSONProvider) -> None:
        super().__init__(app)
        self.encoder = encoder

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return self.encoder.dumps(obj, **kwargs)

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            document = self.encoder.loads(s, **kwargs)
        except RecursionError:
            raise ValueError("The JSON is nested too deeply.") from None
        raw = s.encode("utf-8", "surrogatepass") if isinstance(s, str) else s
        utf_16_or_32 = b"\x00" in raw[:4]  # json.loads detects those encodings from the first bytes
        if (utf_16_or_32 or _SURROGATE_ESCAPE.search(raw)) and _has_lone_surrogate(document):
            raise NotText("The JSON holds a lone surrogate (\\ud800 to \\udfff), which is not text.")
        return document

    def response(self, *args: Any, **kwargs: Any) -> Any:
        return self.encoder.response(*args, **kwargs)


class SleuthJira(Quart):
    settings: Settings
    secret_box: SecretBox
    jira: JiraClient
    forge_keys: ForgeKeys
    install_keys: InstallKeys
    tenant_cache: TenantCache  # the deploy panel's fast path only; every entry is checked on use
    panel_pages: PanelPages  # rendered deploy panels with their answers, by issue key and site
    delivery: DeliveryWorker  # the outbox's worker task and its wake-up event
    code_hosts: CodeHosts
    commit_discovery: CommitDiscoveryWorker  # reads the commits of deploys registered with only a sha
    sign_in_limiter: SignInLimiter
    issue_summaries: IssueSummaryCache
    metrics: AppMetrics  # GET /metrics, when SLEUTH_METRICS=1

    def code_source_services(self) -> dict[str, Any]:
        """What app/sleuth/code_sources.py needs to check and store a code source."""
        allow_private_urls = self.settings.allow_private_urls
        return {"hosts": self.code_hosts, "secret_box": self.secret_box, "allow_private_urls": allow_private_urls}

    def configure(self, settings: Settings) -> None:
        self.settings = settings
        self.secret_box = SecretBox(settings.secret_key)
        self.jira = JiraClient(allow_private_urls=settings.allow_private_urls, user_agent=f"{USER_AGENT} {settings.app_key}")
        self.forge_keys = ForgeKeys(settings.forge_jwks_url)
        self.install_keys = InstallKeys(settings.connect_install_keys_url)
        self.tenant_cache = TenantCache(self.secret_box)
        self.panel_pages = PanelPages()
        self.delivery = DeliveryWorker(self.jira, settings=settings, secret_box=self.secret_box)
        code_host_client = JiraClient(
            allow_private_urls=settings.allow_private_urls, user_agent=f"{USER_AGENT} {settings.app_key}", service="code host"
        )
        self.code_hosts = CodeHosts(
            code_host_client,
            data_dir=settings.data_dir,
            allow_private_urls=settings.allow_private_urls,
            mirrors_max_bytes=settings.git_mirrors_max_mb * 2**20,
        )
        self.commit_discovery = CommitDiscoveryWorker(
            self.code_hosts, secret_box=self.secret_box, delivered=self.delivery.wake
        )
        self.config["SECRET_KEY"] = settings.secret_key
        self.config.update(session_config(settings))
        self.sign_in_limiter = SignInLimiter()
        self.issue_summaries = IssueSummaryCache()
        self.metrics = AppMetrics()
        if settings.metrics:
            self.before_request(self.metrics.started)
            self.after_request(self.metrics.answered)

    _sync_templates: Environment | None = None

    def render_sync(self, template_name: str, **context: Any) -> str:
        """Render a template without Jinja's async machinery, for hot pages whose templates await nothing.

        Quart renders with an async Jinja environment, which wraps every output chunk and call in a
        coroutine: on the deploy panel that tripled the cost of rendering. An overlay of the same
        environment (same loader, filters and globals such as url_for) renders synchronously.
        """
        if self._sync_templates is None:
            self._sync_templates = self.jinja_env.overlay(enable_async=False)
        return self._sync_templates.get_template(template_name).render(context)


def sleuth_app() -> SleuthJira:
    """The running application, typed (use inside a request or app context)."""
    return cast(SleuthJira, current_app._get_current_object())  # noqa: SLF001 - Quart's documented proxy target
