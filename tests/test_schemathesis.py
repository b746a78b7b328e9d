"""Acceptance: schemathesis drives every endpoint of /openapi.json with generated requests (valid
and invalid), with a write key; no answer may be a server error or break the documented schema.
The last test asserts how many requests were made (the acceptance asks for at least 1,000)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.config import Settings
from app.main import create_app
from tests.api.writing import AUTH, with_key

MIN_REQUESTS = 1_000
EXAMPLES_PER_OPERATION = 100
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
REQUESTS: dict[str, Counter[str]] = {}  # per backend: requests per mode and operation


@schemathesis.serializer("application/x-ndjson")
def _ndjson(_context: Any, value: Any) -> bytes:
    """One JSON document a line: a generated list becomes several lines."""
    items = value if isinstance(value, list) else [value]
    return "\n".join(json.dumps(item) for item in items).encode()


@pytest.fixture(scope="module")
def api(seeded_settings: Settings) -> schemathesis.BaseSchema:
    """The app over a seeded store, with a write key and without rate limits."""
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(with_key(seeded_settings)))


def _exercise(
    operation: schemathesis.APIOperation, mode: GenerationMode, counts: Counter[str]
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def requests_behave(case: schemathesis.Case) -> None:
        counts[f"{mode} {operation.label}"] += 1
        case.call_and_validate(headers=AUTH, checks=CHECKS)

    requests_behave()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_errors_and_no_schema_violations(
    api: schemathesis.BaseSchema, mode: GenerationMode, backend: str
) -> None:
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 9
    counts = REQUESTS.setdefault(backend, Counter())
    for operation in operations:
        if mode == GenerationMode.POSITIVE or _takes_input(operation):
            _exercise(operation, mode, counts)


def _takes_input(operation: schemathesis.APIOperation) -> bool:
    """Invalid input can only be made for operations that take some."""
    return bool(len(operation.query) or len(operation.path_parameters) or len(operation.body))


def test_enough_generated_requests_were_made() -> None:
    """Runs after the generated requests (same module, later in file order)."""
    assert REQUESTS, "the schemathesis runs above did not run"
    for backend, counts in REQUESTS.items():
        print(f"schemathesis on {backend}: {counts.total()} requests", dict(counts))
        assert len(counts) >= 9 + 6, "every operation; those with inputs in both modes"
        assert counts.total() >= MIN_REQUESTS, backend
