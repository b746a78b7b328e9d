"""What goes wrong on a first start, said in one line that names the setting to change.

A taken port, a store whose directory cannot be made, a read-only store and an unreachable
database server otherwise end `newsstore` with a traceback (or uvicorn's bare `[Errno 98]`).
"""

from __future__ import annotations

import errno
import socket
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from app.domain_errors import NewsstoreError

URL_SETTING = "NEWSSTORE_DATABASE_URL"
PORT_SETTING = "NEWSSTORE_PORT"


class StartupError(NewsstoreError):
    """A setting must change before newsstore can run; the detail says which."""


def check_port_free(host: str, port: int) -> None:
    """StartupError when nothing can listen on host:port (the check binds and lets go)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                reason = "is already in use"
            else:
                reason = f"cannot be listened on ({error.strerror})"
            raise StartupError(
                f"port {port} on {host} {reason}: set {PORT_SETTING} (or pass --port) to a "
                "free port, or stop the server that holds it"
            ) from error


def explain(error: BaseException, database_url: str) -> str | None:
    """One line for a store that cannot be opened or written, or None for any other error."""
    if isinstance(error, StartupError):
        return error.detail
    url = make_url(database_url)
    shown = url.render_as_string(hide_password=True)
    if isinstance(error, OSError) and _is_store_path(error, url.database):
        return (
            f"cannot create the store's directory {error.filename} ({error.strerror}): set "
            f"{URL_SETTING} to a file in a writable directory (now {shown})"
        )
    if not isinstance(error, OperationalError):
        return None
    message = str(error.orig).lower()
    if "readonly" in message or "read-only" in message:
        return (
            f"the store {shown} is read-only ({error.orig}): make the file and its directory "
            f"writable, or set {URL_SETTING} to a writable store"
        )
    if "unable to open database file" in message:
        return (
            f"cannot open the store {shown}: its directory is missing or not writable; set "
            f"{URL_SETTING} to a file in a writable directory"
        )
    if url.get_backend_name() == "postgresql":
        first_line = str(error.orig).strip().splitlines()[0]
        return f"cannot reach the database {shown} ({first_line}): check {URL_SETTING}"
    return None


def _is_store_path(error: OSError, database: str | None) -> bool:
    """Whether the failed path is the store file or one of its parent directories."""
    if not database or not error.filename:
        return False
    failed = Path(error.filename).resolve()
    store = Path(database).resolve()
    return failed == store or failed in store.parents
