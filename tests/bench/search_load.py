"""HTTP side of the search benchmark: a server as a subprocess on a free loopback port, requests
one at a time (latency per request) and many at once (wrk, or an asyncio httpx client when wrk is
not installed), every loop bounded by a count or a duration."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

HOST = "127.0.0.1"
READY_SECONDS = 600  # a server upgrading or opening a large store may take a while
REQUEST_TIMEOUT = 60.0
DRAIN_SECONDS = 600.0


@dataclass(frozen=True)
class Load:
    """What many connections at once achieved."""

    requests_per_second: float
    p99_ms: float
    requests: int
    non_2xx: int  # includes socket errors and timeouts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def server(
    command: Sequence[str], ready_path: str, env: dict[str, str], log: Path
) -> Iterator[str]:
    """Run `command` (which must listen on the port it is given as {port}) until the block
    ends; yields the base URL once `ready_path` answers 200."""
    port = free_port()
    argv = [part.format(port=port) for part in command]
    base = f"http://{HOST}:{port}"
    with log.open("w") as output:
        process = subprocess.Popen(
            argv, env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            _wait_ready(process, base + ready_path, log)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}; see {log}")
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} not ready after {READY_SECONDS} s; see {log}")


def sequential(
    base: str, path: str, queries: Sequence[dict[str, str]], rounds: int
) -> tuple[list[float], int]:
    """Latency (ms) of each request, one connection, one request at a time, `rounds` passes over
    `queries`, and how many answers were not 2xx (a time budget running out, say)."""
    latencies, failures = [], 0
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        for _ in range(rounds):
            for params in queries:
                started = time.perf_counter()
                response = client.get(path, params=params)
                latencies.append((time.perf_counter() - started) * 1000)
                failures += not response.is_success
    return latencies, failures


def drain(base: str, path: str, params: dict[str, str]) -> None:
    """Wait for the requests of a load test the server is still answering (a server does not
    stop working on a request whose client left): one more request queues behind them."""
    httpx.get(base + path, params=params, timeout=DRAIN_SECONDS)


def concurrent(base: str, urls: Sequence[str], connections: int, seconds: float) -> Load:
    """`connections` clients cycling `urls` (paths with query strings) for `seconds`."""
    if shutil.which("wrk"):
        return _wrk(base, urls, connections, seconds)
    return asyncio.run(_httpx_load(base, urls, connections, seconds))


_WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("BENCH_URLS")) do paths[#paths + 1] = line end
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
local n = 0
function init(args) n = (id * 7) % #paths end
function request()
  n = n % #paths + 1
  return wrk.format("GET", paths[n])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %f, "p99_us": %f, "status": %d, "other": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


def _wrk(base: str, urls: Sequence[str], connections: int, seconds: float) -> Load:
    with tempfile.TemporaryDirectory() as folder:
        script, paths = Path(folder, "cycle.lua"), Path(folder, "urls.txt")
        script.write_text(_WRK_SCRIPT)
        paths.write_text("".join(url + "\n" for url in urls))
        duration = f"-d{max(1, round(seconds))}s"
        argv = ["wrk", "-t2", f"-c{connections}", duration, "--timeout", "60s"]
        result = subprocess.run(
            [*argv, "-s", str(script), base],
            env={**os.environ, "BENCH_URLS": str(paths)},
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 120,
        )
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH "))
    figures = json.loads(line.removeprefix("BENCH "))
    return Load(
        figures["requests"] / figures["seconds"],
        figures["p99_us"] / 1000,
        figures["requests"],
        figures["status"] + figures["other"],
    )


async def _httpx_load(base: str, urls: Sequence[str], connections: int, seconds: float) -> Load:
    latencies: list[float] = []
    failures = 0
    cycle = itertools.cycle(urls)
    limits = httpx.Limits(max_connections=connections)
    started = time.perf_counter()
    deadline = started + seconds

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal failures
        while time.perf_counter() < deadline:
            sent = time.perf_counter()
            try:
                response = await client.get(next(cycle))
                failures += not response.is_success
            except httpx.HTTPError:
                failures += 1
            latencies.append((time.perf_counter() - sent) * 1000)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=REQUEST_TIMEOUT) as client:
        await asyncio.gather(*(client_loop(client) for _ in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0.0
    return Load(len(latencies) / elapsed, p99, len(latencies), failures)
