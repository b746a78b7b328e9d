"""A time budget per query: a slow query is aborted and answered 503 with Retry-After instead of
holding a worker. SQLite: a progress handler on the raw connection interrupts the statement;
PostgreSQL: a transaction-local statement_timeout."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter

from sqlalchemy import Connection, event, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.domain_errors import NewsstoreError

# SQLite calls the handler every this many virtual-machine instructions (~tens of microseconds).
_CHECK_EVERY = 1000
# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout.
_PG_QUERY_CANCELED = "57014"


class QueryTimeout(NewsstoreError):
    status_code = 503
    title = "Query over its time budget"

    def __init__(self, milliseconds: int) -> None:
        super().__init__(
            f"the query ran longer than its budget of {milliseconds} ms and was stopped; "
            "narrow it (fewer prefix terms, a date range, an outlet) or retry later",
            budget_ms=milliseconds,
        )
        self.headers = {"Retry-After": str(max(1, round(milliseconds / 1000)))}


@contextmanager
def query_budget(session: Session, milliseconds: int) -> Iterator[None]:
    """Every statement run on `session` inside the block shares one deadline; 0 disables."""
    if milliseconds <= 0:
        yield
        return
    connection = session.connection()
    deadline = perf_counter() + milliseconds / 1000
    if connection.dialect.name == "postgresql":
        yield from _postgres_budget(session, connection, deadline, milliseconds)
        return
    yield from _sqlite_budget(session, connection, deadline, milliseconds)


def _sqlite_budget(
    session: Session, connection: Connection, deadline: float, milliseconds: int
) -> Iterator[None]:
    """A progress handler on each connection the session holds inside the block (a pinned walk
    commits midway, and the next transaction may check out another connection).

    The handler leaves a connection when it goes back to the pool (`clear_progress_handler`,
    run by the thread that owned it): clearing it later from here could block on a connection
    another request's thread is running a query on, while holding the GIL that query's handler
    needs.
    """

    def watch(_session: Session, _transaction: object, connection: Connection) -> None:
        raw = connection.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        raw.set_progress_handler(lambda: int(perf_counter() > deadline), _CHECK_EVERY)

    watch(session, None, connection)
    event.listen(session, "after_begin", watch)
    try:
        yield
    except DBAPIError as error:
        if isinstance(error.orig, sqlite3.OperationalError) and "interrupt" in str(error.orig):
            session.rollback()
            raise QueryTimeout(milliseconds) from error
        raise
    finally:
        event.remove(session, "after_begin", watch)
        if session.in_transaction():
            raw = session.connection().connection.dbapi_connection
            assert isinstance(raw, sqlite3.Connection)
            raw.set_progress_handler(None, 0)


def clear_progress_handler(dbapi_connection: sqlite3.Connection | None, _record: object) -> None:
    """Pool check-in hook for SQLite engines: no query budget outlives its request."""
    if dbapi_connection is not None:  # None: the connection was invalidated and is closed
        dbapi_connection.set_progress_handler(None, 0)


def _postgres_budget(
    session: Session, connection: Connection, deadline: float, milliseconds: int
) -> Iterator[None]:
    """statement_timeout, set to what is left of the budget in every transaction the block
    begins (a pinned walk commits midway, and SET LOCAL ends with the transaction)."""

    def limit(_session: Session, _transaction: object, connection: Connection) -> None:
        left = max(1, round((deadline - perf_counter()) * 1000))
        connection.execute(text(f"SET LOCAL statement_timeout = {left}"))

    limit(session, None, connection)
    event.listen(session, "after_begin", limit)
    try:
        yield
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) == _PG_QUERY_CANCELED:
            session.rollback()  # the transaction is aborted; this also ends the SET LOCAL
            raise QueryTimeout(milliseconds) from error
        raise
    finally:
        event.remove(session, "after_begin", limit)
