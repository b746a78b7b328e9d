"""The OpenAPI document says what the server really sends: errors as application/problem+json."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from app.api.errors import PROBLEM_JSON

_PROBLEM_REF = "#/components/schemas/Problem"
_FASTAPI_VALIDATION_REF = "#/components/schemas/HTTPValidationError"


_READS = frozenset({"get", "head"})


def document_problems(app: FastAPI, open_reads: bool) -> None:
    """Rewrite every error response (Problem, and FastAPI's own 422) to the problem+json media
    type and the Problem schema the error handlers answer with. With `open_reads` (no read key
    configured) reads say they need no key, so /docs shows no lock on them."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            for operations in schema.get("paths", {}).values():
                for method, operation in operations.items():
                    if open_reads and method in _READS:
                        operation.pop("security", None)
                    for response in operation.get("responses", {}).values():
                        _as_problem(response)
            schemas = schema.get("components", {}).get("schemas", {})
            if "Problem" in schemas:
                for name in ("HTTPValidationError", "ValidationError"):
                    schemas.pop(name, None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _as_problem(response: dict[str, Any]) -> None:
    content = response.get("content", {})
    ref = content.get("application/json", {}).get("schema", {}).get("$ref")
    if ref in (_PROBLEM_REF, _FASTAPI_VALIDATION_REF):
        response["content"] = {PROBLEM_JSON: {"schema": {"$ref": _PROBLEM_REF}}}
