"""Servers the tests and benchmarks start: a free loopback port, and waiting until one answers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen[bytes], seconds: float = 30) -> None:
    """Until GET {base}/healthz answers 200; RuntimeError when the server exits or takes longer."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server exited before answering")
        try:
            if httpx.get(f"{base}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not come up")


@contextmanager
def newsstore_server(database: Path, *args: str) -> Iterator[str]:
    """`newsstore serve` on a free port over the SQLite store `database` (with extra serve
    arguments, e.g. --seed-if-empty); yields its base URL once it answers, stops it after."""
    port = free_port()
    env = os.environ | {"NEWSSTORE_DATABASE_URL": f"sqlite:///{database}"}
    cli = Path(sys.executable).parent / "newsstore"
    process = subprocess.Popen([str(cli), "serve", "--port", str(port), *args], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
