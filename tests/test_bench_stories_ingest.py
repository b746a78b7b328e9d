"""The stories ingest benchmark's --cli mode reads what `newsstore ingest` added from the
command's summary line (`ingested: ` and IngestReport.summary())."""

from __future__ import annotations

from collections import Counter

import pytest

from app.ingest import IngestReport
from app.inputs import InputError
from tests.bench.stories_ingest import parse_summary


def test_the_last_summary_line_gives_the_counts_by_name():
    report = IngestReport(
        counts=Counter(added=4000, updated=2, duplicate=3),
        failures=[InputError("a.jsonl:7", "no body")],
        skipped=[InputError("b.pdf", "not an input", skipped=True)],
    )
    output = f"ingested: 1 added, 0 failed\nsome table\ningested: {report.summary()}\n"
    assert parse_summary(output) == {
        "added": 4000,
        "updated": 2,
        "unchanged": 0,
        "duplicate": 3,
        "failed": 1,
        "skipped": 1,
    }


def test_output_without_a_summary_line_is_an_error():
    with pytest.raises(ValueError):
        parse_summary("FAILED x.jsonl: empty file\n")
