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


def plain_query_types(app: FastAPI) -> None:
    """An optional query parameter is `integer`, not `integer | null`: leaving it out is how a
    client says "none", so the null branch FastAPI derives from `int | None` only clutters
    /docs (Swagger UI draws it as `integer | (integer | null)`)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            for operations in schema.get("paths", {}).values():
                for operation in operations.values():
                    for parameter in operation.get("parameters", []):
                        _drop_null_branch(parameter.get("schema", {}))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _drop_null_branch(schema: dict[str, Any]) -> None:
    branches = schema.get("anyOf")
    if not branches:
        return
    kept = [branch for branch in branches if branch.get("type") != "null"]
    if len(kept) == 1:
        del schema["anyOf"]
        schema.update({key: value for key, value in kept[0].items() if key not in schema})
    else:
        schema["anyOf"] = kept
