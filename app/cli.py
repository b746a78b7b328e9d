"""The `newsstore` command. Thin: options in, library calls out."""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.engine import make_url
from typer.core import TyperArgument, TyperGroup

from app import __version__
from app.auth import key_digest, new_key
from app.config import SECRET_SETTINGS, get_settings
from app.copy import CopyReport, copy_store
from app.db import get_engine, upgrade
from app.domain_errors import NewsstoreError
from app.ingest import IngestReport, Unusable, ingest, to_article
from app.ingest_pool import default_workers
from app.ingest_progress import IngestProgress, summary_table
from app.inputs import InputError, ReadProgress, read_inputs, total_size
from app.integrity import backup, check
from app.logs import server_log_config
from app.memory import IndexPager, limit_heap_growth
from app.search.indexer import BackgroundSync, lag, open_index, rebuild, sync
from app.startup_errors import check_port_free, explain
from app.store import count_articles
from app.stories.assign import rebuild as rebuild_stories
from app.stories.assign import story_config


class _Group(TyperGroup):
    """Help as plain text without a `<type>` beside each argument: the metavar and the help
    line say what to give (the types, `<list[Path]>`, are the program's business)."""

    def get_command(self, ctx, name):  # type: ignore[no-untyped-def]
        command = super().get_command(ctx, name)
        for param in getattr(command, "params", []):
            if isinstance(param, TyperArgument):
                param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
        return command


app = typer.Typer(
    cls=_Group,
    help="newsstore: ingest, normalize and serve news articles.",
    rich_markup_mode=None,
)
db_app = typer.Typer(
    cls=_Group, help="Database commands: upgrade, copy, check, backup.", no_args_is_help=True
)
app.add_typer(db_app, name="db")
keys_app = typer.Typer(cls=_Group, help="API keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
index_app = typer.Typer(cls=_Group, help="The search index: rebuild, sync.", no_args_is_help=True)
app.add_typer(index_app, name="index")


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"newsstore {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_print_version, help="Print the version."
        ),
    ] = False,
) -> None:
    """newsstore: ingest, normalize and serve news articles."""


def main(argv: list[str] | None = None) -> None:
    """The `newsstore` entry point: a store that cannot be opened or written, or a port that
    is taken, ends in one line naming the setting to change, not a traceback."""
    try:
        app(args=argv, prog_name="newsstore")
    except Exception as error:
        line = explain(error, get_settings().database_url)
        if line is None:
            raise
        typer.echo(f"newsstore: {line}", err=True)
        raise SystemExit(1) from None


PathsArg = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATH",
        help="Files or folders (.txt, .html, .htm, each may be .gz; .json, .jsonl, .jsonl.gz).",
    ),
]
AUTO_WORKERS_BYTES = 5_000_000  # below this, starting worker processes costs more than it saves


@app.command("ingest")
def ingest_command(
    paths: PathsArg,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad input.")] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            metavar="N",
            help="Processes normalizing (default: one per core when the input is over "
            f"{AUTO_WORKERS_BYTES // 1_000_000} MB, else 1); the store is written by one.",
        ),
    ] = None,
    progress_interval: Annotated[
        float,
        typer.Option(
            min=0, metavar="SECONDS", help="Seconds between progress lines when not on a terminal."
        ),
    ] = 10.0,
    exit_when_done: bool = typer.Option(True, hidden=True),
) -> None:
    """Normalize and store articles; a manifest.jsonl beside the files is applied.

    Record files (.jsonl, .jsonl.gz, .json arrays) stream, whatever their size. On a terminal
    a bar shows articles, rate and ETA; otherwise a line every --progress-interval seconds.
    Exit code 0 when everything landed, 1 when any source failed (each is reported), 130 when
    interrupted (Ctrl-C): what was committed stays, and the same command resumes.
    """
    settings = get_settings()
    upgrade(settings.database_url)
    reading = ReadProgress(total=total_size(paths))
    if workers is None:
        workers = default_workers() if reading.total > AUTO_WORKERS_BYTES else 1
    console = Console(stderr=True)
    started = time.monotonic()
    synced_at = time.monotonic()
    follower = BackgroundSync(lambda: _sync_index(say=False))
    limit_heap_growth()
    with IndexPager(settings.index_path) as pager:
        with IngestProgress(reading, console, progress_interval) as shown:

            def progress(report: IngestReport) -> None:
                """The bar, and the search index brought up to date every so often (in a
                thread of its own: the batches go on being stored meanwhile), its merges kept
                out of the resident set."""
                nonlocal synced_at
                shown.update(report)
                if time.monotonic() - synced_at >= settings.index_sync_seconds:
                    pager.start()
                    follower.request()
                    synced_at = time.monotonic()

            try:
                report = ingest(
                    get_engine(settings.database_url, settings.pool_options),
                    read_inputs(paths, reading),
                    batch_size=settings.ingest_batch_size,
                    progress=progress,
                    strict=strict,
                    workers=workers,
                )
            finally:
                follower.close()
        for skipped in report.skipped:
            typer.echo(f"SKIPPED {skipped.source}: {skipped.reason}", err=True)
        for failure in report.failures:
            typer.echo(f"FAILED {failure.source}: {failure.reason}", err=True)
        Console().print(summary_table(report, time.monotonic() - started))
        typer.echo(f"ingested: {report.summary()}")
        pager.start()
        _sync_index()
    if report.interrupted:
        typer.echo(
            f"interrupted: the {report.stored} articles above are committed (the batch being "
            "written was finished first); run the same command again to resume: what is stored "
            "already comes back as unchanged.",
            err=True,
        )
    if exit_when_done:
        raise typer.Exit(130 if report.interrupted else 0 if report.ok else 1)


@app.command("normalize")
def normalize_command(
    paths: PathsArg,
    explain: Annotated[
        bool, typer.Option("--explain", help="Also print every removed line with its reason.")
    ] = False,
) -> None:
    """Print the normalized article of each input as JSON Lines, storing nothing."""
    failed = False
    now = datetime.now(UTC)
    for item in read_inputs(paths):
        try:
            if isinstance(item, InputError):
                raise Unusable(item.reason)
            article = to_article(item, now)
        except (Unusable, ValueError) as error:
            skipped = isinstance(item, InputError) and item.skipped
            typer.echo(f"{'SKIPPED' if skipped else 'FAILED'} {item.source}: {error}", err=True)
            failed = failed or not skipped
            continue
        record = article.model_dump(mode="json", exclude=set() if explain else {"removed"})
        sys.stdout.write(json.dumps({"source": item.source, **record}, ensure_ascii=False) + "\n")
        if explain:
            for line in article.removed:
                typer.echo(f"  removed [{line.reason}] {line.text}", err=True)
    raise typer.Exit(1 if failed else 0)


@app.command("serve")
def serve_command(
    host: Annotated[
        str | None, typer.Option(metavar="HOST", help="Interface (default NEWSSTORE_HOST).")
    ] = None,
    port: Annotated[
        int | None, typer.Option(metavar="PORT", help="Port (default NEWSSTORE_PORT).")
    ] = None,
    seed_if_empty: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR", help="Ingest this folder first when the store holds no article yet."
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1, metavar="N", help="Processes to serve with (default NEWSSTORE_WORKERS)."
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (docs at /docs), upgrading the schema first unless told not to.

    With several workers each process has its own connection pool; with SQLite they share one
    file (fine for reading, one writer at a time), with PostgreSQL one server.
    """
    import uvicorn

    settings = get_settings()
    check_port_free(host or settings.host, port or settings.port)
    if settings.migrate_on_start:
        upgrade(settings.database_url)
    if seed_if_empty is not None and count_articles(get_engine(settings.database_url)) == 0:
        ingest_command([seed_if_empty], exit_when_done=False)
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers or settings.workers,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        access_log=False,  # the app logs one JSON line per request (NEWSSTORE_LOG_LEVEL)
        log_config=server_log_config(settings.log_level),
    )


@app.command("config")
def config_command() -> None:
    """Print the effective configuration (environment, .env file, defaults) as NEWSSTORE_*
    lines; key digests and database passwords are masked."""
    settings = get_settings()
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if name in SECRET_SETTINGS:
            count = len(_split(value))
            shown = f"<{count} digest{'s' if count != 1 else ''}, masked>" if count else ""
        elif name == "database_url":
            shown = make_url(value).render_as_string(hide_password=True)
        else:
            shown = str(value).lower() if isinstance(value, bool) else str(value)
        origin = "  # set" if name in settings.model_fields_set else ""
        typer.echo(f"NEWSSTORE_{name.upper()}={shown}{origin}")


def _split(value: str) -> list[str]:
    return [part for part in value.split(",") if part.strip()]


@db_app.command("upgrade")
def db_upgrade_command(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    upgrade(get_settings().database_url, revision)
    typer.echo(f"database at {revision}")


@db_app.command("copy")
def db_copy_command(
    source: Annotated[str, typer.Argument(help="URL of the store to read, e.g. sqlite:///x.db")],
    destination: Annotated[
        str, typer.Argument(help="URL to write into, e.g. postgresql+psycopg://host/db")
    ],
    batch_size: Annotated[
        int, typer.Option(min=1, metavar="N", help="Articles per transaction.")
    ] = 1000,
) -> None:
    """Copy every outlet and article from SOURCE into DESTINATION, keeping ids.

    Streamed in batches; run it again after an interruption: what is there is skipped.
    """

    def progress(report: CopyReport) -> None:
        done = report.articles_copied + report.articles_skipped
        typer.echo(f"... {done} articles: {report.articles_copied} copied", err=True)

    report = copy_store(source, destination, batch_size=batch_size, progress=progress)
    typer.echo(
        f"copied {report.articles_copied} articles ({report.articles_skipped} already there) "
        f"and {report.outlets_copied} outlets; the source holds {report.source_articles} "
        f"articles, the destination {report.destination_articles}"
    )
    raise typer.Exit(0 if report.source_articles <= report.destination_articles else 1)


@db_app.command("check")
def db_check_command() -> None:
    """Check the store: SQLite integrity, the full-text index against the articles, the search
    index against the store (every article once, nothing else, how far behind), counts per
    outlet. Exit code 1 when anything is wrong."""
    settings = get_settings()
    index = open_index(settings.index_path) if settings.search_engine == "index" else None
    report = check(get_engine(settings.database_url), index)
    typer.echo(f"articles: {report.articles}, indexed: {report.indexed}")
    if report.search_index is not None:
        typer.echo(
            f"search index: {report.search_index.indexed} documents, "
            f"{report.search_index.lag} changes behind"
        )
    for slug, count in report.per_outlet:
        typer.echo(f"  {count:8d}  {slug}")
    for problem in report.problems:
        typer.echo(f"PROBLEM {problem}", err=True)
    typer.echo("ok" if report.ok else f"{len(report.problems)} problems")
    raise typer.Exit(0 if report.ok else 1)


def _sync_index(say: bool = True) -> None:
    """Bring the search index up to the store (it would catch up at the next search anyway)."""
    settings = get_settings()
    if settings.search_engine != "index":
        return
    applied = sync(get_engine(settings.database_url), open_index(settings.index_path))
    if applied and say:
        typer.echo(f"search index: {applied} changes applied", err=True)


@index_app.command("rebuild")
def index_rebuild_command() -> None:
    """Build the search index anew from the store (after a crash that damaged its folder, an
    upgrade that changed its format, or to give a new node its own). Searches keep using the
    old index until the new one is complete."""
    settings = get_settings()
    upgrade(settings.database_url)
    shown = {"at": -1.0}

    def progress(done: int, total: int) -> None:
        share = done / total if total else 1.0
        if share - shown["at"] >= 0.05 or done == total:
            shown["at"] = share
            typer.echo(f"... {done}/{total} articles ({share:.0%})", err=True)

    index = open_index(settings.index_path)
    report = rebuild(get_engine(settings.database_url), index, progress)
    typer.echo(
        f"search index rebuilt at {settings.index_path}: {report.articles} articles "
        f"in {report.seconds:.1f} s"
    )


@index_app.command("sync")
def index_sync_command() -> None:
    """Apply the store's changes that the search index has not applied yet."""
    settings = get_settings()
    engine, index = get_engine(settings.database_url), open_index(settings.index_path)
    applied = sync(engine, index)
    typer.echo(f"search index: {applied} changes applied; {lag(engine, index)} behind")


@db_app.command("backup")
def db_backup_command(
    path: Annotated[Path, typer.Argument(help="New file to write the copy to.")],
) -> None:
    """Copy the live SQLite store to PATH with SQLite's online backup API."""
    try:
        backup(get_engine(get_settings().database_url), path)
    except NewsstoreError as error:
        typer.echo(error.detail, err=True)
        raise typer.Exit(1) from error
    typer.echo(f"backed up to {path}")


@keys_app.command("create")
def keys_create_command() -> None:
    """Print a new API key (shown this once: store it where the client can read it) and the
    digest line to add to the server's configuration."""
    key = new_key()
    typer.echo(f"key: {key}")
    typer.echo(f"NEWSSTORE_API_KEY_HASHES={key_digest(key)}")
    typer.echo(
        "(append the digest, comma-separated, to any already configured; "
        "use NEWSSTORE_READ_KEY_HASHES for a read-only key)",
        err=True,
    )


stories_app = typer.Typer(help="Stories: articles grouped by event.", no_args_is_help=True)
app.add_typer(stories_app, name="stories")


@stories_app.command("rebuild")
def stories_rebuild_command() -> None:
    """Forget every story and group all stored articles again, in date order (undated last),
    with the current NEWSSTORE_STORY_* settings."""
    settings = get_settings()

    def progress(done: int, total: int) -> None:
        typer.echo(f"... {done} of {total} articles", err=True)

    stories = rebuild_stories(get_engine(settings.database_url), story_config(settings), progress)
    typer.echo(f"{stories} stories")
