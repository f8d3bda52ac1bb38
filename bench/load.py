"""Load with wrk (from Debian): one client process pinned to its own core, rotating over a fixed set
of URLs (each with its own valid token), and the numbers wrk reports."""

from __future__ import annotations

import asyncio
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.servers import LOAD_CORE

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True)
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_us_per_request: float = 0.0  # the server's CPU time per request: steadier than req/s on a noisy machine


def _lua(paths: Sequence[str]) -> str:
    quoted = ",\n".join(f'  "{path}"' for path in paths)
    return (
        f"local paths = {{\n{quoted}\n}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #paths + 1\n"
        '  return wrk.format("GET", paths[i])\n'
        "end\n"
    )


def _milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value.strip()).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def parse(output: str) -> LoadResult:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.M))
    if set(latency) != {"50", "99"}:
        raise RuntimeError(f"wrk printed no latency distribution: {output[-800:]}")
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", output))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return LoadResult(rps, _milliseconds(latency["50"]), _milliseconds(latency["99"]), errors)


async def wrk(base_url: str, paths: Sequence[str], seconds: int, connections: int = 16) -> LoadResult:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(paths))
    try:
        process = await asyncio.create_subprocess_exec(
            "taskset", "-c", LOAD_CORE, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
            "-s", script.name, base_url,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await process.communicate()
    finally:
        Path(script.name).unlink()
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed: {output.decode(errors='replace')[-500:]}")
    return parse(output.decode())
