"""Deploys: registration (`register_deploy`, as Sleuth's clients call it) and the deploy cards.

A registration is validated whole before anything is written, then stored in one transaction: the
environment when this is its first deploy, the deploy, its commits and its issue links, the last two
with one bulk insert each, so a deploy of 1,000 commits costs a handful of round trips, not 1,000.
Issue keys come from the branch, the pull request titles and the commit messages (app/sleuth/issue_keys.py).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Annotated, Any, cast

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.fields import JSONField
from tortoise.query_utils import Prefetch
from tortoise.transactions import in_transaction

from app.db.commit_discovery import enqueue_discovery
from app.db.outbox import enqueue_deploy
from app.db.statements import (
    columns_of,
    fetch_rows,
    insert_statement,
    model_from_row,
    placeholder_style,
    placeholders,
    saved_model,
)
from app.sleuth.environments import environment_slug, find_or_create_environment
from app.sleuth.errors import InvalidInput, NotFound, TooLarge
from app.sleuth.issue_keys import find_issue_keys
from models import CodeDeployment, CommitsStatus, Deploy, DeployIssue, Environment, IssueTracker, Organization, Project

MAX_COMMITS = 5_000
MAX_PULL_REQUESTS = 1_000
MAX_TAGS = 50
MAX_LINKS = 50
MAX_CARDS_PER_PAGE = 200
MAX_DEPLOY_ID = 2**31 - 1  # ids are 32-bit integers in both databases

_SHA = re.compile(r"[0-9a-fA-F]{7,40}")
_TAG = re.compile(r"#[a-z0-9_-]{1,63}")
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]+")
_URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)


def _sha(value: str) -> str:
    if not _SHA.fullmatch(value):
        raise PydanticCustomError("sha", "must be a git commit sha: 7 to 40 hexadecimal digits")
    return value.lower()


def _iso_date(value: Any) -> datetime:
    """ISO 8601 only (`2024-05-01T12:00:00Z`, `2024-05-01`); a date without a zone is UTC. A date whose
    UTC falls outside the calendar (`9999-12-31T23:59:59-14:00`) is refused: it is stored in UTC."""
    parsed = value if isinstance(value, datetime) else _parse_iso(value)
    aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    try:
        aware.astimezone(UTC)
    except OverflowError:
        raise PydanticCustomError("date", "is out of range once converted to UTC") from None
    return aware


def _parse_iso(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("date", "must be an ISO 8601 date, like 2024-05-01T12:00:00Z")


def tag_list(value: Any) -> list[str]:
    """One tag, a comma-separated string of them, or a list (of such strings: a form repeats the
    field); each `#` then lowercase letters, digits, '-' or '_'. Duplicates are dropped."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise PydanticCustomError("tags", "must be a string of comma-separated tags or a list of tags")
    tags = [tag for tag in (part.strip() for item in items for part in item.split(",")) if tag]
    for tag in tags:
        if not _TAG.fullmatch(tag):
            raise PydanticCustomError(
                "tags",
                "'{tag}' is not a tag: a tag is '#' followed by up to 63 lowercase letters, digits, '-' or '_'",
                {"tag": tag[:80]},
            )
    unique = list(dict.fromkeys(tags))
    if len(unique) > MAX_TAGS:
        raise PydanticCustomError("tags", f"at most {MAX_TAGS} tags are allowed")
    return unique


def _links(value: Any) -> dict[str, str]:
    """A dict `{name: url}` (JSON), or `name=url` strings (a form field, given once per link)."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        pairs = [item.partition("=") for item in value]
        if not all(separator for _, separator, _ in pairs):
            raise PydanticCustomError("links", "each link must be given as name=url")
        value = {name.strip(): url.strip() for name, _, url in pairs}
    if not isinstance(value, dict) or not all(isinstance(url, str) for url in value.values()):
        raise PydanticCustomError("links", "must be an object of name to URL, or name=url form fields")
    if len(value) > MAX_LINKS:
        raise PydanticCustomError("links", f"at most {MAX_LINKS} links are allowed")
    for name, url in value.items():
        if not name or len(name) > 255:
            raise PydanticCustomError("links", "each link needs a name of 1 to 255 characters")
        if len(url) > 2000 or not _URL.fullmatch(url):
            raise PydanticCustomError("links", "the link '{name}' is not an http(s) URL", {"name": name[:80]})
    return value


def _email(value: str) -> str:
    if len(value) > 254 or not _EMAIL.fullmatch(value):
        raise PydanticCustomError("email", "must be an email address")
    return value


def blank_is_none(value: Any) -> Any:
    """Form fields arrive as strings; an empty one means the field was left out."""
    return None if isinstance(value, str) and not value.strip() else value


# The patterns are the validators' rules as the OpenAPI document shows them (the validators still decide, with
# their own sentences).
Sha = Annotated[str, AfterValidator(_sha), Field(json_schema_extra={"pattern": f"^{_SHA.pattern}$"})]
IsoDate = Annotated[datetime, BeforeValidator(_iso_date)]
Email = Annotated[str, AfterValidator(_email)]
Text = Annotated[str, Field(max_length=255)]


class CommitAuthor(BaseModel):
    name: Text = ""
    email: Text = ""
    username: Text = ""


class Commit(BaseModel):
    """A commit of the deploy, as Sleuth's CLI sends it (`files` and `parents` are accepted and ignored)."""

    revision: Sha
    message: str = ""
    author: CommitAuthor | None = None
    date: IsoDate | None = None
    url: Annotated[str, Field(max_length=2000)] = ""


class PullRequest(BaseModel):
    """A pull request of the deploy; its title is scanned for issue keys."""

    title: Annotated[str, Field(max_length=10_000)] = ""


class DeployRegistration(BaseModel):
    """A deploy, in the fields of Sleuth's `register_deploy` (JSON or form-encoded).

    `sha` is required. `environment` is a slug or a name (default: the project's default environment,
    `production`); `date` is ISO 8601 (default: now); `tags` a string, a comma-separated string or a
    list of `#lowercase-tags`; `ignore_if_duplicate` answers 200 instead of 400 for a sha already
    registered in that environment; `links` is `{name: url}` (or `name=url` form fields); `commits`
    and `pull_requests` replace the repository lookup and are scanned for Jira issue keys, with
    `branch`."""

    model_config = ConfigDict(extra="ignore")

    sha: Sha
    environment: Annotated[Text | None, BeforeValidator(blank_is_none)] = None
    date: Annotated[IsoDate | None, BeforeValidator(blank_is_none)] = None
    tags: Annotated[list[str], BeforeValidator(tag_list)] = []
    ignore_if_duplicate: bool = False
    email: Annotated[Email | None, BeforeValidator(blank_is_none)] = None
    links: Annotated[dict[str, str], BeforeValidator(_links)] = {}
    branch: Annotated[Text | None, BeforeValidator(blank_is_none)] = None
    commits: Annotated[list[Commit], Field(max_length=MAX_COMMITS)] = []
    pull_requests: Annotated[list[PullRequest], Field(max_length=MAX_PULL_REQUESTS)] = []

    @field_validator("environment")
    @classmethod
    def _environment_has_a_slug(cls, value: str | None) -> str | None:
        if value is not None:
            environment_slug(value)
        return value

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> DeployRegistration:
        """Validate a parsed JSON or form body; refuses an oversized list of commits as too large
        (413) before spending time on validating it."""
        for field, limit in (("commits", MAX_COMMITS), ("pull_requests", MAX_PULL_REQUESTS)):
            items = payload.get(field)
            if isinstance(items, list) and len(items) > limit:
                what = field.replace("_", " ")
                raise TooLarge(f"A deploy may carry at most {limit} {what}; this one has {len(items)}.")
        return cls.model_validate(payload)

    def texts(self) -> Iterator[str]:
        """Where issue keys are looked for, in this order: branch, pull request titles, commit messages."""
        if self.branch:
            yield self.branch
        yield from (pull_request.title for pull_request in self.pull_requests)
        yield from (commit.message for commit in self.commits)


class UnknownDeployment(NotFound):
    pass


class DuplicateDeploy(InvalidInput):
    pass


@dataclass(frozen=True, slots=True)
class CommitsAtRegistration:
    status: CommitsStatus
    error: str | None = None


NO_CODE_SOURCE = (
    "No commits were sent, and the code deployment has no code source to read them from: send `commits`, "
    "or give the code deployment a code source."
)


def commits_at_registration(*, given: bool, has_code_source: bool) -> CommitsAtRegistration:
    """Where a new deploy's commits come from: the registration, its code source (later), or nowhere."""
    if given:
        return CommitsAtRegistration(CommitsStatus.GIVEN)
    if has_code_source:
        return CommitsAtRegistration(CommitsStatus.PENDING)
    return CommitsAtRegistration(CommitsStatus.FAILED, NO_CODE_SOURCE)


@dataclass(frozen=True, slots=True)
class RegisteredDeploy:
    """The stored deploy (its environment and code deployment loaded), its issue keys in first-seen
    order, the project's current issue tracker, whether this call created it, and how many Jira sites
    it is to be pushed to (outbox rows committed with it: wake the delivery worker when there are any)."""

    deploy: Deploy
    issue_keys: list[str]
    tracker: IssueTracker | None
    created: bool
    deliveries: int = 0

    @property
    def discovering(self) -> bool:
        """Its commits are to be read from the code source: wake the discovery worker."""
        return self.created and self.deploy.commits_status == CommitsStatus.PENDING


def _author(registration: DeployRegistration) -> tuple[str, str]:
    """(email, name) of the deploy: the `email` field, else the author of the deployed commit."""
    head = next((commit for commit in registration.commits if commit.revision == registration.sha), None)
    head = head or (registration.commits[0] if registration.commits else None)
    author = head.author if head and head.author else None
    email = registration.email or (author.email if author else "")
    name = author.name if author and (not registration.email or author.email == registration.email) else ""
    return email, name


async def _find_code_deployment(
    organization: Organization, slug: str, environment_slug: str | None, sha: str
) -> tuple[CodeDeployment, Environment | None, int | None, bool]:
    """The code deployment `slug` (its project and issue tracker loaded) and, when `environment_slug` is
    given, the project's environment of that slug and the id of a deploy of `sha` already in it (None
    for either that is not there), and whether it has a code source: every read of a registration in
    one round trip."""
    rows = await fetch_rows(_code_deployment_by_slug, [environment_slug, sha, organization.id, slug])
    code_deployment = model_from_row(rows[0], "c", CodeDeployment) if rows else None
    if code_deployment is None:
        raise UnknownDeployment(f"Organization {organization.slug!r} has no code deployment {slug!r}.")
    project = model_from_row(rows[0], "p", Project)
    project.issue_tracker = model_from_row(rows[0], "t", IssueTracker)  # type: ignore[union-attr]
    code_deployment.project = project  # type: ignore[assignment]
    environment = model_from_row(rows[0], "e", Environment)
    return code_deployment, environment, rows[0]["deploy_id"], rows[0]["code_source_id"] is not None


def _existing_deploy_join(code_deployment: str, sha: str) -> str:
    """A deploy of that code deployment and sha already in the environment `e` (NULLs when there is none)."""
    return (
        f'LEFT JOIN "deploy" d ON d."environment_id" = e."id" AND d."code_deployment_id" = {code_deployment} '
        f'AND d."sha" = {sha}'
    )


@lru_cache(maxsize=4)
def _code_deployment_by_slug(style: str) -> str:
    """Every registration starts here: written out once rather than built by the ORM per call, which
    with its joins cost more than the query."""
    environment, sha, organization, slug = placeholders(style, 4)  # in the order they appear: `?` is positional
    existing_deploy = _existing_deploy_join('c."id"', sha)
    return (
        f'SELECT {columns_of("c", CodeDeployment)}, {columns_of("p", Project)}, {columns_of("t", IssueTracker)}, '
        f'{columns_of("e", Environment)}, d."id" AS "deploy_id", s."id" AS "code_source_id" '
        'FROM "code_deployment" c JOIN "project" p ON p."id" = c."project_id" '
        'LEFT JOIN "code_source" s ON s."code_deployment_id" = c."id" '
        'LEFT JOIN "issue_tracker" t ON t."id" = p."issue_tracker_id" '
        f'LEFT JOIN "environment" e ON e."project_id" = p."id" AND e."slug" = {environment} {existing_deploy} '
        f'WHERE c."organization_id" = {organization} AND c."slug" = {slug} AND c."kind" = \'code\''
    )


@lru_cache(maxsize=4)
def _environment_and_deploy_by_slug(style: str) -> str:
    """For a registration that names no environment: the project's default one, known only once the
    project is read, and the id of a deploy of that sha already in it (NULL when there is none)."""
    code_deployment, sha, project, slug = placeholders(style, 4)
    return (
        f'SELECT {columns_of("e", Environment)}, d."id" AS "deploy_id" FROM "environment" e '
        f'{_existing_deploy_join(code_deployment, sha)} WHERE e."project_id" = {project} AND e."slug" = {slug}'
    )


async def _environment_and_deploy(
    code_deployment: CodeDeployment, environment_name: str, sha: str
) -> tuple[Environment | None, int | None]:
    values = [code_deployment.id, sha, code_deployment.project_id, environment_slug(environment_name)]
    rows = await fetch_rows(_environment_and_deploy_by_slug, values)
    if not rows:
        return None, None
    return model_from_row(rows[0], "e", Environment), rows[0]["deploy_id"]


async def _existing(code_deployment: CodeDeployment, environment: Environment, sha: str) -> RegisteredDeploy | None:
    deploy = await Deploy.get_or_none(code_deployment=code_deployment, environment=environment, sha=sha)
    if deploy is None:
        return None
    deploy.code_deployment, deploy.environment = code_deployment, environment
    keys: list[str] = await (  # type: ignore[assignment]
        DeployIssue.filter(deploy=deploy).order_by("id").values_list("issue_key", flat=True)
    )
    return RegisteredDeploy(deploy, keys, code_deployment.project.issue_tracker, created=False)


def _duplicate(
    existing: RegisteredDeploy, registration: DeployRegistration, environment: Environment
) -> RegisteredDeploy:
    if registration.ignore_if_duplicate:
        return existing
    raise DuplicateDeploy(
        f"The sha {registration.sha} is already registered in the environment {environment.slug!r} "
        "(send ignore_if_duplicate=true to accept repeats)."
    )


async def register_deploy(
    organization: Organization, deployment_slug: str, registration: DeployRegistration, *, now: datetime | None = None
) -> RegisteredDeploy:
    """Store a deploy of the code deployment `deployment_slug` with its commits and issue links.

    A sha already registered in that environment is refused (DuplicateDeploy), or, with
    `ignore_if_duplicate`, answered with the stored deploy and nothing changed."""
    # Read before the transaction, which then only writes (SQLite's single writer is held the least);
    # a registration of the same sha that commits in between fails the unique index, handled below.
    named = registration.environment
    code_deployment, environment, existing_id, has_code_source = await _find_code_deployment(
        organization, deployment_slug, environment_slug(named) if named else None, registration.sha
    )
    project: Project = code_deployment.project
    keys = find_issue_keys(registration.texts())
    environment_name = named or project.default_environment
    if not named:
        environment, existing_id = await _environment_and_deploy(code_deployment, environment_name, registration.sha)
    if environment is not None and existing_id is not None:
        existing = await _existing(code_deployment, environment, registration.sha)
        if existing is not None:
            return _duplicate(existing, registration, environment)
    try:
        async with in_transaction() as connection:
            environment = environment or await find_or_create_environment(project, environment_name)
            when = now or datetime.now(UTC)
            commits = commits_at_registration(given=bool(registration.commits), has_code_source=has_code_source)
            deploy = await store_deploy(connection, code_deployment, environment, registration, keys, commits, when)
            if commits.status is CommitsStatus.PENDING:  # pushed to Jira once its commits (and issues) are known
                await enqueue_discovery(connection, deploy.id, when)
                deliveries = 0
            else:
                deliveries = await enqueue_deploy(deploy, project.issue_tracker)  # the outbox, in this transaction
    except IntegrityError:  # the same sha registered concurrently in the same environment
        environment = await Environment.get(project=project, slug=environment_slug(environment_name))
        concurrent = await _existing(code_deployment, environment, registration.sha)
        if concurrent is None:
            raise
        return _duplicate(concurrent, registration, environment)
    return RegisteredDeploy(deploy, keys, project.issue_tracker, created=True, deliveries=deliveries)


# A registration's rows are written by statements built once per placeholder style (app/db/setup.py), the
# commits and issue links passed as plain tuples to the driver's executemany: through the ORM's models
# and query builder, a 10-commit deploy cost about twice the CPU.
_COMMIT_COLUMNS = ("deploy_id", "revision", "message", "author_name", "author_email", "date", "url")
_ISSUE_COLUMNS = ("deploy_id", "issue_key")
_JSON_COLUMNS = frozenset({"tags", "links"})
_json = cast(JSONField, Deploy._meta.fields_map["tags"]).encoder  # the ORM's own encoding of JSON columns
DEPLOY_COLUMNS = (  # what a new deploy is written with, registered, manual or imported
    "code_deployment_id", "environment_id", "sha", "date", "author_email", "author_name", "branch", "tags", "links",
    "name", "description", "imported", "commits_status", "commits_error", "commits_note", "created_at",
)  # fmt: skip


def deploy_values(columns: Mapping[str, Any]) -> list[Any]:
    """`columns` (a value for each of DEPLOY_COLUMNS) in that order, the JSON ones encoded as the ORM does."""
    return [_json(columns[column]) if column in _JSON_COLUMNS else columns[column] for column in DEPLOY_COLUMNS]


async def store_deploy(
    connection: BaseDBAsyncClient,
    code_deployment: CodeDeployment,
    environment: Environment,
    registration: DeployRegistration,
    keys: list[str],
    commits: CommitsAtRegistration,
    now: datetime,
    *,
    name: str = "",
    description: str = "",
) -> Deploy:
    """Insert the deploy, its commits and its issue links: three statements, whatever the number of rows.
    `name` and `description` are a manual change's (app/sleuth/manual_changes.py)."""
    author_email, author_name = _author(registration)
    columns = {
        "code_deployment_id": code_deployment.id,
        "environment_id": environment.id,
        "sha": registration.sha,
        "date": _utc(registration.date or now),
        "author_email": author_email,
        "author_name": author_name,
        "branch": registration.branch or "",
        "tags": registration.tags,
        "links": registration.links,
        "name": name,
        "description": description,
        "imported": False,
        "commits_status": commits.status.value,
        "commits_error": commits.error,
        "commits_note": None,
        "created_at": _utc(now),
    }
    style = placeholder_style(connection)
    statement = insert_statement(style, "deploy", DEPLOY_COLUMNS, "id")
    inserted = await connection.execute_query_dict(statement, deploy_values(columns))
    deploy = saved_model(Deploy, {"id": inserted[0]["id"], **columns})
    deploy.code_deployment, deploy.environment = code_deployment, environment
    commit_rows = [_commit_row(deploy.id, commit) for commit in registration.commits]
    await insert_commits_and_issues(connection, commit_rows, deploy.id, keys)
    return deploy


async def insert_commits_and_issues(
    connection: BaseDBAsyncClient, commit_rows: list[tuple[Any, ...]], deploy_id: int, keys: list[str]
) -> None:
    """A deploy's commits (rows in the order of _COMMIT_COLUMNS) and issue links, one statement each."""
    style = placeholder_style(connection)
    if commit_rows:
        await connection.execute_many(insert_statement(style, "deploy_commit", _COMMIT_COLUMNS), commit_rows)
    if keys:
        links = [(deploy_id, key) for key in keys]
        await connection.execute_many(insert_statement(style, "deploy_issue", _ISSUE_COLUMNS), links)


def _utc(when: datetime) -> datetime:
    """Stored in UTC: SQLite keeps dates as ISO text, which sorts in time order only in one zone."""
    return when.astimezone(UTC)


def _commit_row(deploy_id: int, commit: Commit) -> tuple[Any, ...]:
    """A commit's values in the order of _COMMIT_COLUMNS."""
    author = commit.author or CommitAuthor()
    date = _utc(commit.date) if commit.date else None
    return (deploy_id, commit.revision, commit.message, author.name, author.email, date, commit.url)


@dataclass(frozen=True, slots=True)
class CardPage:
    """One page of deploy cards, newest first; `next_cursor` fetches the next page (None at the end)."""

    deploys: list[Deploy]  # environment, code deployment and issues (in first-seen order) loaded
    tracker: IssueTracker | None
    next_cursor: str | None


def _encode_cursor(deploy: Deploy) -> str:
    return base64.urlsafe_b64encode(f"{deploy.date.isoformat()}|{deploy.id}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    """The (date, id) a cursor holds; anything else, an id past the database's integers or a date that
    has no UTC included, is refused with the same sentence."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        date, _, deploy_id = raw.partition("|")
        when, number = datetime.fromisoformat(date), int(deploy_id)
        if not 0 < number <= MAX_DEPLOY_ID:
            raise ValueError
        return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC), number
    except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError):
        raise InvalidInput("The cursor is not one that this API gave out; start again without it.") from None


async def deploy_cards(
    project: Project,
    *,
    limit: int,
    cursor: str | None = None,
    environment: str | None = None,
    issue: str | None = None,
) -> CardPage:
    """The project's deploys, newest first (by deploy date, then by id), `limit` per page, optionally
    those of one environment (slug or name) or linked to one issue key. Three queries, whatever the
    page size: deploys with environment and code deployment, then their issues."""
    query = Deploy.filter(environment__project_id=project.id)
    if environment:
        query = query.filter(environment__slug=environment_slug(environment))
    if issue:
        query = query.filter(issues__issue_key=issue.strip().upper())
    if cursor:
        date, deploy_id = _decode_cursor(cursor)
        query = query.filter(Q(date__lt=date) | Q(date=date, id__lt=deploy_id))
    deploys = (
        await query.order_by("-date", "-id")
        .limit(limit + 1)
        .select_related("environment", "code_deployment")
        .prefetch_related(Prefetch("issues", queryset=DeployIssue.all().order_by("id")))
    )
    page, more = deploys[:limit], len(deploys) > limit
    return CardPage(page, project.issue_tracker, _encode_cursor(page[-1]) if more else None)


async def latest_deploy(code_deployment: CodeDeployment, environment: str) -> Deploy | None:
    """The newest deploy of `code_deployment` in `environment` (a slug or a name), its project loaded;
    None when that environment has none (or does not exist yet). What Sleuth's CLI asks before it
    registers a deploy, to send only the commits since this one."""
    return (
        await Deploy.filter(code_deployment=code_deployment, environment__slug=environment_slug(environment))
        .order_by("-date", "-id")
        .select_related("code_deployment__project")
        .first()
    )
