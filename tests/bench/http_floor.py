"""The floor under /search: what one request costs over HTTP on this stack before any search.

    python -m tests.bench.http_floor [--articles 20000] [--rounds 200]

In one run, one connection, one request at a time (the client of tests.bench.search_scale):

- a bare FastAPI route under uvicorn (the stack the project is built on, with the server
  options `newsstore serve` uses) answering a fixed body the size of a /search page: the
  floor of the web stack alone, with no database, no search, no validation;
- the same bare route answering `{}`: the floor of a request;
- newsstore's `/healthz` (the app's middleware, nothing else) and `/search` for one word of
  low document frequency (the cheapest search: the index answers it in well under a
  millisecond), on the generated store of tests.bench.stores.

Issue 14 asks for every query class over HTTP within 3x of the raw index's p95 for that class;
this shows which raw figures no request on this stack can be within 3x of.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from dataclasses import replace
from pathlib import Path

import httpx
from fastapi import FastAPI, Response

from tests.bench import search_load
from tests.bench.search_classes import query_classes
from tests.bench.search_engines import raw_engine
from tests.bench.search_scale import _tool, percentiles, timed
from tests.bench.stores import FOLDER, sqlite_store

BARE_BODY = "NEWSSTORE_BENCH_BARE_BODY"


def bare_app() -> FastAPI:
    """A FastAPI app with the two routes of the floor, the page body read once at start
    (uvicorn imports it by name: `tests.bench.http_floor:bare_app`)."""

    body = Path(os.environ[BARE_BODY]).read_bytes()
    app = FastAPI()

    @app.get("/page")
    def page() -> Response:
        return Response(body, media_type="application/json")

    @app.get("/empty")
    def empty() -> dict[str, str]:
        return {}

    return app


def measure(base: str, path: str, params: dict[str, str], rounds: int) -> dict[str, float]:
    search_load.sequential(base, path, [params], 20)  # warm-up
    latencies, failures = search_load.sequential(base, path, [params], rounds)
    if failures:
        sys.exit(f"{path}: {failures} answers were not 2xx")
    return percentiles(latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    url = sqlite_store(args.articles)
    low_df = next(c for c in query_classes(url) if c.name == "word, low df")
    word = low_df.queries[0]
    _, run = raw_engine(url)
    rows: dict[str, dict[str, float]] = {
        f"the index in process, {word} (the raw engine)": timed(
            run, replace(low_df, queries=(word,)), args.rounds
        )
    }
    env = {
        "NEWSSTORE_DATABASE_URL": url,
        "NEWSSTORE_WRITE_RATE_LIMIT": "0",
        "NEWSSTORE_READ_RATE_LIMIT": "0",
    }
    serve = [_tool("newsstore"), "serve", "--host", search_load.HOST, "--port", "{port}"]
    with search_load.server(serve, "/readyz", env, FOLDER / "http-floor-newsstore.log") as base:
        page = httpx.get(base + "/search", params={"q": word}).content
        rows["newsstore /healthz"] = measure(base, "/healthz", {}, args.rounds)
        rows[f"newsstore /search?q={word} (low df)"] = measure(
            base, "/search", {"q": word}, args.rounds
        )
    body = FOLDER / "http-floor-page.json"
    body.write_bytes(page)
    bare = [_tool("uvicorn"), "tests.bench.http_floor:bare_app", "--factory", "--no-access-log"]
    bare += ["--host", search_load.HOST, "--port", "{port}"]
    log = FOLDER / "http-floor-bare.log"
    with search_load.server(bare, "/empty", {BARE_BODY: str(body)}, log) as base:
        rows["bare FastAPI, {}"] = measure(base, "/empty", {}, args.rounds)
        rows[f"bare FastAPI, fixed {len(page):,} bytes"] = measure(base, "/page", {}, args.rounds)
    print(
        f"\n{args.articles:,} articles, {os.cpu_count()} cores, {platform.machine()}, "
        f"{args.rounds} requests each, one connection, load average {os.getloadavg()[0]:.1f}\n"
    )
    print("| request | p50 ms | p95 ms |\n|---|---|---|")
    for name, figures in rows.items():
        print(f"| {name} | {figures['p50']:.2f} | {figures['p95']:.2f} |")
    raw_p95 = next(iter(rows.values()))["p95"]
    print(f"\n3x the raw engine's p95: {3 * raw_p95:.2f} ms")


if __name__ == "__main__":
    main()
