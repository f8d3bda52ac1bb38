"""The Enable forms of the Integrations tiles: which fields each provider asks for, with the wording
of Sleuth's own dialogs (reference §5), and how a submitted form becomes a `NewConnection`.

Field names are NewConnection's, so the domain's refusals (`InvalidInput.field`) land next to the
field at fault. Secret fields (tokens, passwords, custom headers, whose values are credentials for a
proxy) are never sent back to the browser: after a refusal they are empty again, except the custom
headers' names, which are not secret and take long to type again. A site URL typed without a scheme is
taken as https.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import ValidationError

from app.sleuth.errors import InvalidInput
from app.sleuth.issue_trackers import ConnectionChange, NewConnection
from models import TrackerProvider

API_TOKEN_PAGE = "https://id.atlassian.com/manage-profile/security/api-tokens"
CUSTOM_HEADERS_HELP = (
    "Comma-separated list of custom headers Sleuth will send with every request. Specify in the format: "
    "my-header=my-value,my-other-header=value2 (for a Jira behind Cloudflare Access or a similar proxy)."
)


@dataclass(frozen=True, slots=True)
class FormField:
    name: str  # a NewConnection field
    label: str
    kind: str = "text"  # the input's type: text, url, email or password
    help: str = ""
    placeholder: str = ""
    autocomplete: str = "off"
    required: bool = False
    advanced: bool = False  # under "Advanced settings"

    @property
    def secret(self) -> bool:
        return self.kind == "password" or self.name == "custom_headers"


@dataclass(frozen=True, slots=True)
class ConnectionForm:
    provider: TrackerProvider
    title: str
    intro: str
    fields: tuple[FormField, ...]
    token_link: str | None = None  # the "generate" link of the title

    def field(self, name: str) -> FormField | None:
        return next((field for field in self.fields if field.name == name), None)

    @property
    def has_advanced(self) -> bool:
        return any(field.advanced for field in self.fields)

    def kept_values(self, form: Mapping[str, str]) -> dict[str, str]:
        """What the page shows again after a refusal: everything typed but the secrets, and the custom
        headers' names with their values left to type again (`name=,other=`)."""
        kept = {field.name: form.get(field.name, "") for field in self.fields if not field.secret}
        if self.field("custom_headers") and form.get("custom_headers", "").strip():
            kept["custom_headers"] = header_names_only(form["custom_headers"])
        return kept

    def retyped(self, form: Mapping[str, str]) -> set[str]:
        """The secret fields that were typed and are shown empty (or names only) after a refusal."""
        return {field.name for field in self.fields if field.secret and form.get(field.name, "").strip()}

    def missing(self, form: Mapping[str, str]) -> list[FormField]:
        """The required fields left empty, all of them, so that one Save names every one."""
        return [field for field in self.fields if field.required and not form.get(field.name, "").strip()]

    def connection(self, form: Mapping[str, str]) -> NewConnection:
        """The connection the form describes; a value the model refuses names its field."""
        values: dict[str, str | None] = {"provider": self.provider.value}
        for field in self.fields:
            value = form.get(field.name, "")
            if field.name == "url":
                value = with_scheme(value)
            values[field.name] = value if value.strip() or field.name in ("url", "label") else None
        try:
            return NewConnection.model_validate(values)
        except ValidationError as error:
            raise self._invalid(error) from None

    def change(self, form: Mapping[str, str]) -> ConnectionChange:
        """The edit the form describes. A field left empty keeps its stored value, but for the label, which
        the page shows filled in (emptied, it is cleared); `remove_custom_headers` removes the headers."""
        values: dict[str, str] = {}
        for field in self.fields:
            value = form.get(field.name, "")
            if field.name == "label" or (field.name != "url" and value.strip()):
                values[field.name] = value
        if form.get("remove_custom_headers"):
            values["custom_headers"] = ""
        try:
            return ConnectionChange.model_validate(values)
        except ValidationError as error:
            raise self._invalid(error) from None

    def _invalid(self, error: ValidationError) -> InvalidInput:
        """The model's first refusal as one sentence naming the field."""
        first = error.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "url"
        field = self.field(name)
        message = str(first["msg"]).rstrip(".")
        label = field.label if field else name
        return InvalidInput(f"The {label} is not valid: {message[:1].lower()}{message[1:]}.", field=name)


def with_scheme(url: str) -> str:
    """`acme.atlassian.net` as `https://acme.atlassian.net`: people paste a site's host as often as its URL."""
    url = url.strip()
    return f"https://{url}" if url and "://" not in url else url


def header_names_only(custom_headers: str) -> str:
    """`a=1,b=2` as `a=,b=`: the names of the typed headers, without their values."""
    names = [part.partition("=")[0].strip() for part in custom_headers.split(",")]
    return ",".join(f"{name}=" for name in names if name)


_URL = FormField(
    "url",
    "URL",
    kind="url",
    help="The fully qualified URL of your instance.",
    placeholder="https://acme.atlassian.net",
    autocomplete="url",
    required=True,
)
_EMAIL = FormField(
    "email",
    "Email",
    kind="email",
    help="The email address of the user used to create the API Token.",
    autocomplete="email",
    required=True,
)
_API_TOKEN = FormField(
    "api_token",
    "API Token",
    kind="password",
    help="Create API Token – no scope selection required.",
    autocomplete="new-password",
    required=True,
)
_LABEL = FormField("label", "Description label", placeholder="eg For QA Environment")
_CUSTOM_HEADERS = FormField("custom_headers", "Custom headers", help=CUSTOM_HEADERS_HELP, advanced=True)

FORMS: dict[TrackerProvider, ConnectionForm] = {
    TrackerProvider.JIRA: ConnectionForm(
        TrackerProvider.JIRA,
        "Jira Cloud",
        "Connect a Jira Cloud site with the email and API token of one of its users. "
        "Sleuth checks them against the site before saving.",
        (_URL, _EMAIL, _API_TOKEN, _LABEL, _CUSTOM_HEADERS),
        token_link=API_TOKEN_PAGE,
    ),
    TrackerProvider.JIRA_DC: ConnectionForm(
        TrackerProvider.JIRA_DC,
        "Jira Data Center",
        "Connect a Jira Data Center (Server) site with a personal access token, or with a username and "
        "password. Sleuth checks them against the site before saving.",
        (
            FormField(
                "url",
                "URL",
                kind="url",
                help=_URL.help,
                placeholder="https://jira.acme.com",
                autocomplete="url",
                required=True,
            ),
            FormField(
                "personal_access_token",
                "Personal access token",
                kind="password",
                help="Made in Jira under Profile > Personal Access Tokens. "
                "Leave it empty to use a username and password.",
                autocomplete="new-password",
            ),
            FormField("username", "Username", autocomplete="username"),
            FormField("password", "Password", kind="password", autocomplete="new-password"),
            _LABEL,
            _CUSTOM_HEADERS,
        ),
    ),
    TrackerProvider.BITBUCKET: ConnectionForm(
        TrackerProvider.BITBUCKET,
        "Bitbucket",
        "Use the Jira Cloud site that a Bitbucket workspace is linked to: Bitbucket links its commits to "
        "that site's issues when both use the same Atlassian account.",
        (
            FormField(
                "workspace",
                "Workspace",
                help="The Bitbucket workspace, as in bitbucket.org/<workspace>.",
                required=True,
            ),
            FormField(
                "url",
                "Jira site URL",
                kind="url",
                help="The fully qualified URL of the Jira Cloud site the workspace is linked to.",
                placeholder="https://acme.atlassian.net",
                autocomplete="url",
                required=True,
            ),
            _EMAIL,
            _API_TOKEN,
            _LABEL,
        ),
        token_link=API_TOKEN_PAGE,
    ),
}
