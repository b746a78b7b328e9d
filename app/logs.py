"""Logging as JSON lines on stderr: one object per record, ready for a log shipper.

The `newsstore` logger (and its children, e.g. `newsstore.request`) gets the JSON handler;
the level comes from NEWSSTORE_LOG_LEVEL. Records carry only what their caller puts in
`extra`: the request log never sees headers, keys or bodies.
"""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter

LOGGER_NAME = "newsstore"
_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
_RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}


def json_formatter() -> logging.Formatter:
    return JsonFormatter(_FORMAT, rename_fields=_RENAMED, datefmt="%Y-%m-%dT%H:%M:%S%z")


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
