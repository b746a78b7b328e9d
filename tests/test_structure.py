"""The layers: the web layer reaches search only through its entry point, and nothing below the
web layer (search, storage, ingest, normalization) imports the web framework."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
WEB = ("fastapi", "starlette")
BELOW_THE_WEB = [
    *sorted((APP / "search").glob("*.py")),
    *sorted((APP / "normalize").glob("*.py")),
    *sorted((APP / "stories").glob("*.py")),
    *(APP / name for name in ("store.py", "db.py", "budget.py", "models.py", "domain_errors.py")),
    *(APP / name for name in ("ingest.py", "inputs.py", "records.py", "ingest_pool.py")),
    *(APP / name for name in ("integrity.py", "copy.py", "cursor.py")),
]


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_api_imports_only_the_search_entry_point() -> None:
    for path in sorted((APP / "api").glob("*.py")):
        search = {m for m in imported_modules(path) if m.startswith("app.search")}
        assert search <= {"app.search.service"}, (path.name, search)


def test_search_and_storage_never_import_the_web_framework() -> None:
    assert len(BELOW_THE_WEB) > 20
    for path in BELOW_THE_WEB:
        web = {m for m in imported_modules(path) if m.split(".")[0] in WEB}
        assert not web, (path.relative_to(APP), web)
