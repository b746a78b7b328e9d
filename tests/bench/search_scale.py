"""Search at archive scale: /search over HTTP against the raw engine in process (the limit) and
Datasette serving the same SQLite file with the same ranked FTS5 query and snippet (the peer).

    python -m tests.bench.search_scale                      # 10k, 50k, 100k articles
    python -m tests.bench.search_scale --sizes 1000000 --connections 0

Per corpus size: the generated store of tests.bench.stores (data/bench/news-N.db, built when
missing, kept for reruns; 1M articles take about half an hour and 6 GB), one `newsstore serve`
process and one `datasette serve` process on free loopback ports, both with their time budget at
2 s and newsstore's rate limits off. For each query class (tests.bench.search_classes): every
query once to warm up, then ROUNDS passes one request at a time (p50/p95 ms), then CONNECTIONS
clients at once (requests/s, p99, non-2xx; wrk when installed, else httpx) for MIXED_SECONDS
cycling every class's queries (and with --per-class for SECONDS per class). Prints a markdown
table per size, keeps the figures in data/bench/search-scale-<engine>-<N>.json and plots every
size measured for that engine in data/bench/search-scale-<engine>.png.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import httpx
from sqlalchemy.engine import make_url

from tests.bench import search_load
from tests.bench.search_classes import RANKED_FTS5, QueryClass, fts5_params, query_classes
from tests.bench.search_engines import ENGINE, entry_point, raw_engine
from tests.bench.stores import FOLDER, sqlite_store

BUDGET_MS = 2000  # newsstore's default NEWSSTORE_QUERY_TIMEOUT_MS, given to Datasette too
Figures = dict[str, dict[str, object]]


def percentiles(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return {"p50": statistics.median(ordered), "p95": p95}


def timed(run: Callable[[QueryClass, str], object], query_class: QueryClass, rounds: int):
    for query in query_class.queries:  # warm-up
        run(query_class, query)
    latencies = []
    for _ in range(rounds):
        for query in query_class.queries:
            started = time.perf_counter()
            run(query_class, query)
            latencies.append((time.perf_counter() - started) * 1000)
    return percentiles(latencies)


@dataclass(frozen=True)
class Target:
    """How a server is asked one query of a class, and where its answer lists the hits' ids."""

    path: str
    params: Callable[[QueryClass, str], dict[str, str]]
    ids: Callable[[dict], list[str]]


NEWSSTORE = Target(
    "/search", lambda c, q: c.search_params(q), lambda page: [hit["id"] for hit in page["items"]]
)


def over_http(base: str, target: Target, classes: list[QueryClass], args: argparse.Namespace):
    """Latencies at 1 connection and load figures per class, and each class's first ids."""
    figures: Figures = {}
    first_ids = {}
    for query_class in classes:
        queries = [target.params(query_class, query) for query in query_class.queries]
        page = httpx.get(base + target.path, params=queries[0], timeout=60).json()
        first_ids[query_class.name] = target.ids(page)
        search_load.sequential(base, target.path, queries, 1)  # warm-up
        latencies, failures = search_load.sequential(base, target.path, queries, args.rounds)
        figures[query_class.name] = percentiles(latencies) | {"failures": failures}
    if args.connections:
        mixed = []
        for query_class in classes:
            queries = [target.params(query_class, query) for query in query_class.queries]
            urls = [f"{target.path}?{urlencode(params)}" for params in queries]
            mixed += urls
            if args.per_class:
                search_load.drain(base, target.path, queries[0])
                load = search_load.concurrent(base, urls, args.connections, args.seconds)
                figures[query_class.name] |= vars(load)
        search_load.drain(base, target.path, queries[0])
        figures["all classes"] = vars(
            search_load.concurrent(base, mixed, args.connections, args.mixed_seconds)
        )
    return figures, first_ids


def newsstore(url: str, classes: list[QueryClass], args: argparse.Namespace):
    env = {
        "NEWSSTORE_DATABASE_URL": url,
        "NEWSSTORE_WRITE_RATE_LIMIT": "0",
        "NEWSSTORE_READ_RATE_LIMIT": "0",
        "NEWSSTORE_QUERY_TIMEOUT_MS": str(BUDGET_MS),
    }
    command = [_tool("newsstore"), "serve", "--host", search_load.HOST, "--port", "{port}"]
    log = FOLDER / "search-scale-newsstore.log"
    with search_load.server(command, "/readyz", env, log) as base:
        return over_http(base, NEWSSTORE, classes, args)


def datasette(url: str, classes: list[QueryClass], args: argparse.Namespace):
    database = Path(make_url(url).database or "")
    metadata = FOLDER / "search-scale-datasette.json"
    canned = {"databases": {database.stem: {"queries": {"search": {"sql": RANKED_FTS5}}}}}
    metadata.write_text(json.dumps(canned))
    command = [
        _tool("datasette"),
        "serve",
        str(database),
        "--host",
        search_load.HOST,
        "--port",
        "{port}",
        "--metadata",
        str(metadata),
        "--setting",
        "sql_time_limit_ms",
        str(BUDGET_MS),
    ]
    log = FOLDER / "search-scale-datasette.log"
    target = Target(
        f"/{database.stem}/search.json",
        lambda c, q: fts5_params(c, q) | {"_shape": "objects"},
        lambda page: [row["id"] for row in page["rows"]],
    )
    with search_load.server(command, "/-/versions.json", {}, log) as base:
        return over_http(base, target, classes, args)


def _tool(name: str) -> str:
    """A console script of this environment (newsstore, datasette)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if not found:
        sys.exit(f"{name} is not installed: pip install -e '.[bench]'")
    return found


def measure(articles: int, args: argparse.Namespace) -> dict[str, object]:
    url = sqlite_store(articles)
    classes = query_classes(url)
    label, run = raw_engine(url)
    results: dict[str, object] = {
        "articles": articles,
        "engine": ENGINE,
        "raw_label": label,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": f"{os.cpu_count()} cores, {platform.machine()}",
        "connections": args.connections,
        "load_driver": "wrk" if shutil.which("wrk") else "httpx",
        "load_average_before": os.getloadavg()[0],
        "raw": {c.name: timed(run, c, args.rounds) for c in classes},
    }
    service = entry_point(url)
    results["search()"] = {c.name: timed(service, c, args.rounds) for c in classes}
    results["newsstore"], results["newsstore_ids"] = newsstore(url, classes, args)
    if args.datasette:
        results["datasette"], results["datasette_ids"] = datasette(url, classes, args)
    results["load_average_after"] = os.getloadavg()[0]
    return results


def _commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip()


def _latency(figures: dict[str, object] | None) -> str:
    if not figures or "p50" not in figures:
        return "-"
    failed = f" ({figures['failures']} non-2xx)" if figures.get("failures") else ""
    return "{p50:.1f} / {p95:.1f}".format(**figures) + failed


def _load(figures: dict[str, object] | None) -> str:
    if not figures or "requests_per_second" not in figures:
        return "-"
    if not figures["requests"]:
        return "no answer in time"
    return "{requests_per_second:.0f} / {p99_ms:.0f} / {non_2xx}".format(**figures)


def table(results: dict[str, object]) -> str:
    raw, served = results["raw"], results["newsstore"]
    peer = results.get("datasette", {})
    connections = results["connections"]
    inside = results.get("search()", {})
    head = ["query class", f"{results['raw_label']} p50 / p95", "search() in process"]
    head += ["/search p50 / p95"]
    head += ["Datasette p50 / p95"] if peer else []
    if connections:
        head += [f"/search at {connections}: req/s / p99 / non-2xx"]
        head += [f"Datasette at {connections}"] if peer else []
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for name in served:
        cells = [name, _latency(raw.get(name)), _latency(inside.get(name))]
        cells += [_latency(served[name])]
        cells += [_latency(peer.get(name))] if peer else []
        if connections:
            cells += [_load(served[name])] + ([_load(peer.get(name))] if peer else [])
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdicts(results: dict[str, object]) -> list[str]:
    """The issue's acceptance figures for this run (ms, 1 connection; requests/s at load)."""
    raw, served = results["raw"], results["newsstore"]
    lines = []
    ratios = {name: served[name]["p95"] / raw[name]["p95"] for name in raw if name in served}
    worst = max(ratios, key=ratios.__getitem__)
    slowest = max(raw, key=lambda name: served[name]["p95"])
    lines.append(
        f"p95 over HTTP / raw p95: at most {ratios[worst]:.1f}x ({worst}); "
        f"slowest class over HTTP {served[slowest]['p95']:.1f} ms p95 ({slowest})"
    )
    peer = results.get("datasette", {})
    if peer:
        ours, theirs = results["newsstore_ids"], results["datasette_ids"]
        same = sum(ours[name] == theirs[name] for name in ours)
        shared = [len(set(ours[name]) & set(theirs[name])) for name in ours]
        lines.append(
            f"first pages of /search and Datasette: identical in {same} of {len(ours)} classes, "
            f"{sum(shared)} of {sum(map(len, theirs.values()))} hits in common"
        )
    if "all classes" in served and "all classes" in peer:
        ours, theirs = served["all classes"], peer["all classes"]
        answered = theirs["requests"]
        ratio = ours["requests_per_second"] / theirs["requests_per_second"] if answered else 0
        lines.append(
            f"all classes at {results['connections']} connections: /search "
            f"{ours['requests_per_second']:.0f} req/s ({ours['non_2xx']} non-2xx), Datasette "
            f"{theirs['requests_per_second']:.0f} req/s ({theirs['non_2xx']} non-2xx)"
            + (f": {ratio:.1f}x" if answered else "")
        )
    return lines


def plot(engine: str) -> Path:
    """p50 and p95 against corpus size per class, for every size measured with `engine`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = sorted(
        (json.loads(path.read_text()) for path in FOLDER.glob(f"search-scale-{engine}-*.json")),
        key=lambda run: run["articles"],
    )
    systems = [name for name in ("raw", "newsstore", "datasette") if name in runs[-1]]
    titles = {"raw": runs[-1]["raw_label"], "newsstore": "/search (HTTP)", "datasette": "Datasette"}
    figure, axes = plt.subplots(
        2, len(systems), figsize=(5 * len(systems), 8), squeeze=False, sharey="row"
    )
    classes = list(runs[-1]["raw"])
    colours = plt.get_cmap("tab20").colors
    for column, system in enumerate(systems):
        for row, key in enumerate(("p50", "p95")):
            axis = axes[row][column]
            for number, name in enumerate(classes):
                points = [
                    (run["articles"], run[system][name][key])
                    for run in runs
                    if name in run.get(system, {})
                ]
                style = {"color": colours[number % 20], "linestyle": "-" if number < 6 else "--"}
                axis.plot(*zip(*points, strict=True), marker="o", label=name, **style)
            axis.set(xscale="log", yscale="log", xlabel="articles", ylabel=f"{key} ms")
            axis.set_title(f"{titles[system]}, {key}, 1 connection")
            axis.grid(True, which="both", alpha=0.3)
    axes[0][-1].legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1))
    figure.suptitle(f"search latency against corpus size ({runs[-1]['machine']})")
    figure.tight_layout()
    target = FOLDER / f"search-scale-{engine}.png"
    figure.savefig(target, dpi=110)
    plt.close(figure)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--rounds", type=int, default=5, help="timed passes at 1 connection")
    parser.add_argument("--connections", type=int, default=32, help="0: no load test")
    parser.add_argument("--per-class", action="store_true", help="a load test per class too")
    parser.add_argument("--seconds", type=float, default=10, help="per class at load")
    parser.add_argument("--mixed-seconds", type=float, default=30, help="all classes at load")
    parser.add_argument("--no-datasette", dest="datasette", action="store_false")
    args = parser.parse_args()
    for articles in args.sizes:
        results = measure(articles, args)
        (FOLDER / f"search-scale-{ENGINE}-{articles}.json").write_text(json.dumps(results))
        print(
            f"\n{articles:,} articles, engine {ENGINE}, {results['machine']}, "
            f"load by {results['load_driver']}, {args.rounds} passes of 8 queries per class, "
            f"load average {results['load_average_before']:.1f} before, "
            f"{results['load_average_after']:.1f} after\n"
        )
        print(table(results))
        print("\n" + "\n".join(verdicts(results)), flush=True)
    print(f"\nplot: {plot(ENGINE)}")


if __name__ == "__main__":
    main()
