"""Write the next aerich migration, with SQL for both SQLite and PostgreSQL, into migrations/models/.

aerich writes SQL for the dialect it runs against, but one history must serve both databases. This
script lets aerich diff the models against a scratch SQLite and a scratch PostgreSQL database (each
brought up to the current head first) and merges the two outputs into one file whose upgrade and
downgrade return the statements for the dialect at hand.

    .venv/bin/python scripts/make_migration.py NAME [--postgres postgres://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import asyncpg
from aerich import Command
from aerich.ddl.sqlite import SqliteDDL

from app.db.setup import APP_LABEL, MIGRATIONS_DIR, tortoise_config

_SQL_FUNCTION = re.compile(r'async def (upgrade|downgrade)\(db: BaseDBAsyncClient\) -> str:\n    return """(.*?)"""', re.S)
_STATE = re.compile(r"\nMODELS_STATE = \(.*", re.S)
_NOTHING = re.compile(r"\n\s*;(?=\n|$)")  # the empty statement left where SQLite had no comment to change


def _generate(database_url: str, workdir: Path, name: str) -> Path | None:
    """Run aerich in a child process: Tortoise caches queries per model for the first dialect it
    meets, so one process cannot serve two databases of different dialects."""
    location = workdir / "migrations"
    shutil.copytree(MIGRATIONS_DIR, location, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, __file__, name, "--aerich-only", database_url, str(location)], check=True)
    known = {path.name for path in (MIGRATIONS_DIR / APP_LABEL).glob("*.py")}
    return next((path for path in sorted((location / APP_LABEL).glob("*.py")) if path.name not in known), None)


async def _run_aerich(database_url: str, location: Path, name: str) -> None:
    if database_url.startswith("sqlite://"):
        # SQLite has no column comments, so there is nothing to write when one changes (as a CharEnumField's
        # does when its enum gains a member); aerich would refuse the whole migration instead.
        SqliteDDL.set_comment = lambda self, model, field_describe: ""  # type: ignore[method-assign]
    command = Command(tortoise_config(database_url), app=APP_LABEL, location=str(location))
    try:
        if not any((location / APP_LABEL).glob("*.py")):
            await command.init_db(safe=True)
        else:
            await command.init()
            await command.upgrade(run_in_transaction=True)
            await command.init()  # reload the head's model state, now that it is applied
            await command.migrate(name, no_input=True)
    finally:
        await command.aclose()


def _merge(sqlite_file: Path, postgres_file: Path) -> str:
    sqlite_text, postgres_text = sqlite_file.read_text(), postgres_file.read_text()
    sqlite_sql = {key: _NOTHING.sub("", sql) for key, sql in _SQL_FUNCTION.findall(sqlite_text)}
    postgres_sql = dict(_SQL_FUNCTION.findall(postgres_text))
    parts = ['from tortoise import BaseDBAsyncClient\n\nRUN_IN_TRANSACTION = True\n']
    for direction in ("upgrade", "downgrade"):
        parts.append(
            f"\n\nasync def {direction}(db: BaseDBAsyncClient) -> str:\n"
            f"    if db.capabilities.dialect == \"postgres\":\n"
            f"        return {direction.upper()}_POSTGRES\n"
            f"    return {direction.upper()}_SQLITE\n"
        )
    for direction in ("upgrade", "downgrade"):
        # Raw strings: aerich escapes '/' in column comments, which a plain string would warn about.
        parts.append(f'\n\n{direction.upper()}_SQLITE = r"""{sqlite_sql[direction]}"""\n')
        parts.append(f'\n{direction.upper()}_POSTGRES = r"""{postgres_sql[direction]}"""\n')
    parts.append(_STATE.search(sqlite_text).group(0))
    return "".join(parts)


async def main(name: str, postgres_url: str) -> None:
    scratch_db = f"sleuth_migration_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(postgres_url)
    await admin.execute(f'CREATE DATABASE "{scratch_db}"')
    try:
        with tempfile.TemporaryDirectory() as sqlite_dir, tempfile.TemporaryDirectory() as postgres_dir:
            sqlite_file = _generate(f"sqlite://{sqlite_dir}/scratch.sqlite3", Path(sqlite_dir), name)
            postgres_file = _generate(
                postgres_url.rsplit("/", 1)[0] + "/" + scratch_db, Path(postgres_dir), name
            )
            if sqlite_file is None or postgres_file is None:
                print("The models match the migrations: nothing to write.")
                return
            target = MIGRATIONS_DIR / APP_LABEL / sqlite_file.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_merge(sqlite_file, postgres_file))
            print(f"Wrote {target.relative_to(MIGRATIONS_DIR.parent)}")
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{scratch_db}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/test")
    parser.add_argument("--aerich-only", nargs=2, metavar=("DATABASE_URL", "LOCATION"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.aerich_only:
        database_url, location = arguments.aerich_only
        asyncio.run(_run_aerich(database_url, Path(location), arguments.name))
    else:
        asyncio.run(main(arguments.name, arguments.postgres))
