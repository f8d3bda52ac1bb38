"""The servers under test, one process each, pinned to core 0 (the load generator gets core 1).

- ours: `sleuth-jira serve` (uvicorn, one worker) on a bench database;
- bare: a Quart app with one route that returns a short string, on the same server (the ceiling);
- ace: the atlassian-connect-express peer in bench/peers/ace with its sequelize store.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
ACE_DIR = ROOT / "bench" / "peers" / "ace"
SERVER_CORE = "0"
LOAD_CORE = "1"


@dataclass(frozen=True)
class Server:
    name: str
    url: str
    pid: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _pinned(command: list[str]) -> list[str]:
    return ["taskset", "-c", SERVER_CORE, *command]


async def _wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    async with aiohttp.ClientSession() as session:
        while asyncio.get_running_loop().time() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server at {url} exited with {process.returncode}")
            try:
                async with session.get(url, timeout=aiohttp.ClientTimeout(total=2)):
                    return
            except (aiohttp.ClientError, TimeoutError):
                await asyncio.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not answer within {timeout} s")


@asynccontextmanager
async def _process(name: str, command: list[str], env: Mapping[str, str], cwd: Path, probe_path: str, port: int) -> AsyncIterator[Server]:
    process = subprocess.Popen(
        _pinned(command), env={**os.environ, **env}, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        await _wait_until_up(url + probe_path, process)
        yield Server(name, url, process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def ours(
    database_url: str,
    secret_key: str,
    *,
    background_jobs: bool = True,
    workers: int = 1,
    allow_private_urls: bool = False,
) -> AsyncIterator[Server]:
    """`background_jobs=False` (serve --no-worker): nothing in the process delivers to Jira sites, for data
    whose tracker is consented, so that no outbox row ever leads to a call to a site's (unreachable) URL.
    `allow_private_urls`: the Jira site of the run is on loopback (bench/soak.py)."""
    port = free_port()
    env = {
        "DATABASE_URL": database_url,
        "SLEUTH_SECRET_KEY": secret_key,
        "SLEUTH_BASE_URL": f"http://127.0.0.1:{port}",
        "SLEUTH_ENV": "development",
        "SLEUTH_BACKGROUND_JOBS": "1" if background_jobs else "0",
        "SLEUTH_ALLOW_PRIVATE_URLS": "1" if allow_private_urls else "0",
    }
    command = [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", str(workers)]
    return _process("ours", command, env, ROOT, "/healthz", port)


def bare() -> AsyncIterator[Server]:
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "bench.bare_app:app", "--port", str(port),
        "--no-access-log", "--log-level", "warning", "--no-server-header",
    ]
    return _process("bare", command, {}, ROOT, "/", port)


def ace(store_env: Mapping[str, str]) -> AsyncIterator[Server]:
    port = free_port()
    env = {"NODE_ENV": "production", "PORT": str(port), **store_env}
    return _process("ace", ["node", "app.js"], env, ACE_DIR, "/atlassian-connect.json", port)


def rss_kib(pid: int) -> int:
    """Resident memory of a process: the server itself (taskset exec()s into it, keeping the pid)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def children_rss_kib(pid: int) -> int:
    """RSS of a process and its children (uvicorn may fork a worker)."""
    total = rss_kib(pid)
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for child in children.read_text().split() if children.exists() else []:
        total += children_rss_kib(int(child))
    return total


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process and its children have used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for child in children.read_text().split() if children.exists() else []:
        total += cpu_seconds(int(child))
    return total
