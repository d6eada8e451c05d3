"""Log lines as JSON objects (production) or text, and the one line each request gets.

A record's structured fields travel in `extra={"fields": {...}}`: the JSON formatter puts
them beside the message, the text formatter after it as `key=value`. Nothing of what the
caller sent is logged but the method, the path and the operation's name: no variables,
no headers, no tokens.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import Any

import orjson

from gateway.settings import Settings

access_logger = logging.getLogger("gateway.access")

FIELDS = "fields"


def as_json(value: Any) -> str:
    """Compact JSON (orjson: a request's line is written on every request); what JSON has
    no form for is written as its `str`."""
    return orjson.dumps(value, default=str).decode()


def fields_of(record: logging.LogRecord) -> dict[str, Any]:
    fields = getattr(record, FIELDS, None)
    return fields if isinstance(fields, dict) else {}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the record's fields, and
    the stack trace (`exception`) when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **fields_of(record),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return as_json(line)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        pairs = " ".join(
            f"{k}={as_json(v)}" for k, v in fields_of(record).items() if v not in (None, [], {})
        )
        text = super().formatMessage(record)
        return f"{text} {pairs}" if pairs else text


def configure_logging(settings: Settings, level: int = logging.INFO) -> None:
    """The process's log lines go to stderr, as JSON or text (GATEWAY_LOG_FORMAT), uvicorn's
    included (serve runs it with `log_config=None`)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if settings.logs_as_json else TextFormatter())
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    # uvicorn's access lines repeat the gateway's own (which carry the request id).
    logging.getLogger("uvicorn.access").disabled = True


def log_request(fields: dict[str, Any], status: int, error_codes: list[str]) -> None:
    """The request's one line: ERROR for a 5xx or an internal error, WARNING when
    DynamoDB was unavailable, else INFO."""
    if status >= 500 or "INTERNAL_SERVER_ERROR" in error_codes:
        level = logging.ERROR
    elif "SERVICE_UNAVAILABLE" in error_codes:
        level = logging.WARNING
    else:
        level = logging.INFO
    message = f"{fields.get('method')} {fields.get('path')} {status}"
    access_logger.log(level, message, extra={FIELDS: fields})
