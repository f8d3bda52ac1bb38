"""Imported deploy history (Sleuth's `import_deploys`, sleuth-api/deploy-import.md): a CSV of `sha,date`
rows that replaces the code deployment's deploys in one environment.

The file is read twice as a stream, never held whole: once to check every row (the first bad one is
refused with its line number, and nothing is stored), then again to store the rows in batches, inside one
transaction with the removal of the environment's previous deploys, so a failed import leaves the history
as it was. Each imported deploy is then treated like any deploy that names only a sha: its commits are
read from the code source (since the deploy before it) and it is pushed to the Jira sites, but as
backfill, whose jobs are claimed only after every live one. The deploys it replaced are deleted from
the Jira sites that were sent them (app/db/outbox.py `enqueue_history_removal`).
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any, TextIO

from pydantic import BaseModel, ValidationError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from app.db.commit_discovery import enqueue_imported_discoveries
from app.db.outbox import enqueue_history_removal, enqueue_imported, pushes_in_flight_until
from app.db.statements import insert_statement, placeholder_style
from app.jira.deployments_api import history_tag
from app.sleuth.deploys import DEPLOY_COLUMNS, NO_CODE_SOURCE, IsoDate, Sha, UnknownDeployment, deploy_values
from app.sleuth.environments import environment_slug, find_or_create_environment
from app.sleuth.errors import InvalidInput, NotFound, TooLarge
from app.sleuth.projects import get_code_deployment
from models import CodeSource, CommitsStatus, Deploy, Environment, Organization, Project

log = logging.getLogger(__name__)

MAX_ROWS = 100_000
BATCH_ROWS = 500
PROGRESS_EVERY = 1_000
HEADER = "sha,date"



class ImportedRow(BaseModel):
    sha: Sha
    date: IsoDate


@dataclass(frozen=True, slots=True)
class ImportResult:
    imported: int
    replaced: int  # the environment's deploys of that code deployment before the import
    environment: str  # its slug
    discovering: bool  # wake the commit-discovery worker
    deliveries: int  # rows for Jira, backfill and deletes (wake the delivery worker when there are any)


def imported_rows(lines: Iterable[str]) -> Iterator[tuple[int, ImportedRow]]:
    """(line number, row) of each data line; InvalidInput naming the first line that is not one, a sha
    given twice, or a file without the `sha,date` header; TooLarge past MAX_ROWS rows."""
    reader = csv.reader(lines)
    try:
        header = [name.strip().lower() for name in next(reader, [])]
    except csv.Error:
        header = []
    if "sha" not in header or "date" not in header:
        raise InvalidInput(f"The CSV file's first line must be the header {HEADER}.")
    sha_at, date_at = header.index("sha"), header.index("date")
    seen: dict[str, int] = {}
    while True:
        try:
            cells = next(reader, None)
        except csv.Error:
            raise InvalidInput(f"Line {reader.line_num} of the CSV file is not valid CSV.") from None
        if cells is None:
            return
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(seen) >= MAX_ROWS:
            raise TooLarge(f"An import may hold at most {MAX_ROWS:,} deploys.")
        row = _row(line, cells, sha_at, date_at, len(header))
        if row.sha in seen:
            raise InvalidInput(f"Line {line}: the sha {row.sha} is already on line {seen[row.sha]}.")
        seen[row.sha] = line
        yield line, row


def _row(line: int, cells: list[str], sha_at: int, date_at: int, width: int) -> ImportedRow:
    if len(cells) != width:
        raise InvalidInput(f"Line {line}: expected {width} columns ({HEADER}), found {len(cells)}.")
    try:
        row = ImportedRow(sha=cells[sha_at].strip(), date=cells[date_at].strip())
        row.date.astimezone(UTC)  # a date at the edge of the calendar whose UTC does not exist
    except ValidationError as error:
        field = str(error.errors()[0]["loc"][0])
        value = cells[sha_at if field == "sha" else date_at].strip()[:80]
        raise InvalidInput(f"Line {line}: the {field} {value!r} {error.errors()[0]['msg']}.") from None
    except OverflowError:
        raise InvalidInput(f"Line {line}: the date {cells[date_at].strip()[:80]!r} is out of range.") from None
    return row


@contextmanager
def _lines(stream: IO[bytes]) -> Iterator[TextIO]:
    """The upload read as text from its start, as long as the block runs."""
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        yield text
    except UnicodeDecodeError:
        raise InvalidInput("The CSV file is not UTF-8 text.") from None
    finally:
        text.detach()  # the upload's own stream stays open


async def import_deploys(
    organization: Organization,
    deployment_slug: str,
    environment: str | None,
    csv_file: IO[bytes],
    *,
    now: datetime | None = None,
) -> ImportResult:
    """Replace the deploys of the code deployment `deployment_slug` in `environment` (default: the
    project's default environment) with those of `csv_file`."""
    try:
        code_deployment = await get_code_deployment(organization, deployment_slug)
    except NotFound as error:
        raise UnknownDeployment(error.message) from None
    project = await Project.get(id=code_deployment.project_id).select_related("issue_tracker")  # type: ignore[attr-defined]
    environment_name = environment or project.default_environment
    environment_slug(environment_name)
    with _lines(csv_file) as lines:
        rows = sum(1 for _ in imported_rows(lines))  # every row checked before anything is written
    has_source = await CodeSource.exists(code_deployment=code_deployment)
    status, error = (CommitsStatus.PENDING, None) if has_source else (CommitsStatus.FAILED, NO_CODE_SOURCE)
    when = now or datetime.now(UTC)
    where = f"{organization.slug}/{deployment_slug}"
    async with in_transaction() as connection:
        stored_environment = await find_or_create_environment(project, environment_name)
        ids = (code_deployment.id, stored_environment.id)
        replaced, removals = await _remove_history(*ids, stored_environment.history_generation, project, now=when)
        statement = insert_statement(placeholder_style(connection), "deploy", DEPLOY_COLUMNS)
        fixed: dict[str, Any] = {"code_deployment_id": code_deployment.id, "environment_id": stored_environment.id}
        fixed |= {"commits_status": status.value, "commits_error": error, "created_at": when}
        stored, batch = 0, []
        with _lines(csv_file) as lines:
            for _, row in imported_rows(lines):
                batch.append(_values(fixed, row))
                if len(batch) == BATCH_ROWS:
                    await connection.execute_many(statement, batch)
                    stored, batch = stored + len(batch), []
                    if stored % PROGRESS_EVERY == 0:
                        log.info("Importing deploys of %s into %s: %d of %d.", where, environment_name, stored, rows)
        if batch:
            await connection.execute_many(statement, batch)
        if has_source:
            await enqueue_imported_discoveries(connection, *ids, when)
            deliveries = removals
        else:
            deliveries = removals + await enqueue_imported(*ids, project.issue_tracker, now=when)
    log.info("Imported %d deploys of %s into %s, replacing %d.", rows, where, environment_name, replaced)
    return ImportResult(rows, replaced, stored_environment.slug, has_source and rows > 0, deliveries)


async def _remove_history(
    code_deployment_id: int, environment_id: int, generation: int, project: Project, *, now: datetime
) -> tuple[int, int]:
    """Delete the code deployment's deploys in the environment, and have them deleted from the Jira sites
    that were sent them, by every history tag they may carry (one per `generation` so far); the
    environment's generation then moves on, and deploys sent afterwards carry the next tag, so that the
    deletes and later pushes may reach Jira in any order. Returns how many deploys were deleted, and how
    many deletes were queued for Jira."""
    deploys = Deploy.filter(code_deployment_id=code_deployment_id, environment_id=environment_id)
    replaced = await deploys.count()  # not what the DELETE says: SQLite counts the rows it cascades to as well
    if not replaced:
        return 0, 0
    in_flight_until = await pushes_in_flight_until(code_deployment_id, environment_id, now=now)
    await deploys.delete()
    await Environment.filter(id=environment_id).update(history_generation=F("history_generation") + 1)
    histories = [history_tag(code_deployment_id, environment_id, past) for past in range(generation + 1)]
    removals = await enqueue_history_removal(histories, project.issue_tracker, now=now, due=in_flight_until)
    return replaced, removals


def _values(fixed: dict[str, Any], row: ImportedRow) -> tuple[Any, ...]:
    columns = fixed | {
        "sha": row.sha, "date": row.date.astimezone(UTC), "author_email": "", "author_name": "", "branch": "",
        "tags": [], "links": {}, "name": "", "description": "", "imported": True, "commits_note": None,
    }  # fmt: skip
    return tuple(deploy_values(columns))
