"""How an ingest shows itself on the command line: a live bar on a terminal (articles, rate,
ETA), a plain line every so often otherwise (logs, CI), and the summary table at the end.

The fraction done and the ETA follow the bytes of the inputs read (their size on disk is
known up front, their article count is not); the counts are the articles stored.
"""

from __future__ import annotations

import time
from collections import Counter
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from app.ingest import IngestReport
from app.inputs import InputError, ReadProgress

OUTCOMES = ("added", "updated", "unchanged", "duplicate")


class IngestProgress:
    """A context manager; call `update(report)` after each batch."""

    def __init__(self, reading: ReadProgress, console: Console, interval: float = 10.0) -> None:
        self.reading = reading
        self.console = console
        self.interval = interval
        self.started = time.monotonic()
        self._last_line = self.started
        self._bar: Progress | None = None
        self._task = 0

    def __enter__(self) -> IngestProgress:
        if self.console.is_terminal:
            self._bar = Progress(
                TextColumn("ingest"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[articles]:,} articles  {task.fields[rate]:,.0f}/s"),
                TextColumn("{task.fields[failed]} failed"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=self.console,
                auto_refresh=False,  # no thread: worker processes are forked from this one
            )
            self._bar.start()
            self._task = self._bar.add_task(
                "ingest", total=self.reading.total or None, articles=0, rate=0.0, failed=0
            )
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def rate(self, report: IngestReport) -> float:
        elapsed = time.monotonic() - self.started
        return report.stored / elapsed if elapsed > 0 else 0.0

    def update(self, report: IngestReport) -> None:
        if self._bar is not None:
            self._bar.update(
                self._task,
                completed=self.reading.done,
                articles=report.stored,
                rate=self.rate(report),
                failed=len(report.failures),
            )
            self._bar.refresh()
            return
        now = time.monotonic()
        if now - self._last_line >= self.interval:
            self._last_line = now
            self.console.print(self.line(report), highlight=False, soft_wrap=True)

    def line(self, report: IngestReport) -> str:
        """One plain progress line: articles, rate, share of the input read, ETA."""
        parts = [f"... {report.stored:,} articles", f"{self.rate(report):,.0f}/s"]
        if self.reading.total:
            share = min(self.reading.done / self.reading.total, 1.0)
            parts.append(f"{share:.0%} of {self.reading.total / 1e6:,.1f} MB read")
            elapsed = time.monotonic() - self.started
            if 0 < share < 1:
                parts.append(f"ETA {_duration(elapsed / share - elapsed)}")
        parts.append(f"{len(report.failures)} failed")
        return ", ".join(parts)


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def summary_table(report: IngestReport, seconds: float) -> Table:
    """Counts per outcome, then failures and skips grouped by reason (each source is named
    on its own line above the table)."""
    table = Table(title=f"ingest summary ({seconds:,.1f} s)", title_justify="left")
    table.add_column("outcome")
    table.add_column("articles", justify="right")
    table.add_column("reasons")
    for outcome in OUTCOMES:
        table.add_row(outcome, f"{report.counts[outcome]:,}", "")
    table.add_row("failed", f"{len(report.failures):,}", _reasons(report.failures))
    if report.skipped:
        table.add_row("skipped", f"{len(report.skipped):,}", _reasons(report.skipped))
    return table


def _reasons(errors: list[InputError]) -> str:
    """'invalid JSON (3), empty file (1)': reasons by their first clause, most frequent
    first."""
    counts = Counter(error.reason.split(":")[0] for error in errors)
    return ", ".join(f"{reason} ({count})" for reason, count in counts.most_common())
