"""Logging as JSON lines on stderr: one object per record, ready for a log shipper.

The `newsstore` logger (and its children, e.g. `newsstore.request`) gets the JSON handler;
the level comes from NEWSSTORE_LOG_LEVEL. Records carry only what their caller puts in
`extra`: the request log never sees headers, keys or bodies.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from pythonjsonlogger.json import JsonFormatter

LOGGER_NAME = "newsstore"
_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
_RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def json_formatter() -> logging.Formatter:
    return JsonFormatter(_FORMAT, rename_fields=_RENAMED, datefmt=_DATE_FORMAT)


def server_log_config(level: str) -> dict[str, Any]:
    """uvicorn's own log (start, stop, errors) as the same JSON lines, at the same level; its
    access log is off, the app's request log replaces it."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": JsonFormatter,
                "fmt": _FORMAT,
                "rename_fields": _RENAMED,
                "datefmt": _DATE_FORMAT,
            }
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn.access": {"handlers": [], "propagate": False},
        },
    }


def configure_logging(level: str) -> logging.Logger:
    """Give the newsstore logger one JSON handler on stderr at `level` (idempotent: a second
    app in the same process replaces the handler rather than doubling every line)."""
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level.upper())
    for handler in list(logger.handlers):
        if getattr(handler, "_newsstore", False):
            logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(json_formatter())
    handler._newsstore = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.propagate = False
    return logger
