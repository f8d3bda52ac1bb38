"""Counting the statements the ORM sends to the database, from its own debug log (one record per
statement; a bulk insert is one `executemany`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        has_query = isinstance(record.args, tuple) and record.args
        self.statements.append(str(record.args[0]) if has_query else record.getMessage())  # type: ignore[index]


@contextmanager
def count_statements() -> Iterator[list[str]]:
    """The statements sent inside the block (a list filled as they go)."""
    logger = logging.getLogger("tortoise.db_client")
    counter = _Counter()
    level = logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        yield counter.statements
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
