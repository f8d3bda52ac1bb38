"""PostgreSQL's plan of a hot statement as the app's calls meet it: a prepared statement past the plan
cache's switch. PostgreSQL plans the first five executions for their values, then may keep one generic
plan for every later call (issue 18: the panel's generic plan walked every deploy), so a test reads the
plan after ten executions, not the first one."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

EXECUTIONS = 10  # past the switch, which comes after five


def _literal(value: Any) -> str:
    """A value as an untyped SQL literal of EXECUTE's argument list: PostgreSQL casts it to the parameter's
    type, as it does a driver's parameter."""
    if value is None:
        return "NULL"
    if isinstance(value, bool | int):
        return str(value).lower() if isinstance(value, bool) else str(value)
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    return "'" + text.replace("'", "''") + "'"


async def plan_after_switch(raw: Any, statement: str, values: Sequence[Any]) -> str:
    """The plan (EXPLAIN's text, one node a line) of `statement` (with $1, $2... marks) PREPAREd on the raw
    asyncpg connection `raw` with the types PostgreSQL infers, after EXECUTIONS executions with `values`.
    A statement that writes has written EXECUTIONS times."""
    name = f"hot_{secrets.token_hex(4)}"  # a fresh name: asyncpg caches what it prepared under an old one
    execute = f"EXECUTE {name}({', '.join(_literal(value) for value in values)})"
    await raw.execute(f"PREPARE {name} AS {statement}")
    try:
        for _ in range(EXECUTIONS):
            await raw.execute(execute)
        return "\n".join(row[0] for row in await raw.fetch(f"EXPLAIN {execute}"))
    finally:
        await raw.execute(f"DEALLOCATE {name}")
