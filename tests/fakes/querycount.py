"""Counting the statements the ORM sends to the database, from its own debug log (one record per
statement; a bulk insert is one `executemany`).

Only the statements of the counting block are counted: those sent from its task or from tasks it
starts (a test client's request runs in a task that copies the block's context). Background tasks that
started before it, such as the app's delivery worker, do not count."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_counting: ContextVar[_Counter | None] = ContextVar("counting_statements", default=None)


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if _counting.get() is not self:
            return
        has_query = isinstance(record.args, tuple) and record.args
        self.statements.append(str(record.args[0]) if has_query else record.getMessage())  # type: ignore[index]


@contextmanager
def count_statements() -> Iterator[list[str]]:
    """The statements sent inside the block (a list filled as they go)."""
    logger = logging.getLogger("tortoise.db_client")
    counter = _Counter()
    level = logger.level
    token = _counting.set(counter)
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        yield counter.statements
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
        _counting.reset(token)
