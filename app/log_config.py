"""How `sleuth-jira serve` and `worker` write their logs: uvicorn's configuration, plus the app's own loggers,
as text or (SLEUTH_LOG_FORMAT=json) one JSON object per line.

The access log (`--access-log`) never holds the secrets that travel in query strings: Connect puts the page
token in `?jwt=`, Terraform Cloud's webhook the API key in `?api_key=`. Their values are replaced before a
line is written; the proxy in front of the app logs them unless told not to."""

from __future__ import annotations

import copy
import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

SECRET_IN_QUERY = re.compile(r"([?&](?:jwt|api_key|apikey|access_token|token)=)[^&#\s]*", re.IGNORECASE)
REDACTED = "[redacted]"
_PATH_ARGUMENT = 2  # uvicorn's access line: client, method, path with query, HTTP version, status


def redact(path_and_query: str) -> str:
    return SECRET_IN_QUERY.sub(rf"\g<1>{REDACTED}", path_and_query)


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) > _PATH_ARGUMENT and isinstance(args[_PATH_ARGUMENT], str):
            record.args = (*args[:_PATH_ARGUMENT], redact(args[_PATH_ARGUMENT]), *args[_PATH_ARGUMENT + 1 :])
        return True


class JsonLines(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, and the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def log_config(log_format: str = "text") -> dict[str, Any]:
    """Uvicorn's own logging configuration, its access handler behind RedactSecrets, and the app's loggers
    (`app.*`, INFO and up) written by its default handler: applied in every worker process, which a filter
    or handler added in this process would not reach. `json` formats every line as JsonLines."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"redact_secrets": {"()": f"{__name__}.RedactSecrets"}}
    config["handlers"]["access"]["filters"] = ["redact_secrets"]
    config["loggers"]["app"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    if log_format == "json":
        config["formatters"] = {name: {"()": f"{__name__}.JsonLines"} for name in config["formatters"]}
    return config
