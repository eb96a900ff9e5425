"""Transports over loopback: ``client.jobs.get`` per transport, beside the same library's raw client.

Two servers, each in a child process (so ``time.process_time()`` here is the client's CPU alone):

* ``rawserver``: `rawserver.py`, a minimal HTTP/1.1 server on raw sockets with one thread per
  connection (the classic ``socketserver`` model); every answer is prepared bytes. Against it raw httpx
  at 100 in flight collapses: 100 connections are 100 server threads taking turns on one GIL.
* ``emulator``: FakeLayers served by uvicorn (h11), this script with ``--serve``.

For each server, transport and concurrency (1, 10 and 100 requests in flight on one client) three sides
alternate in ``--rounds`` rounds (the first side rotates each round), ``--seconds`` per side in all:

* ``SDK+lim``: ``client.jobs.get(job_id)`` (transport + client pipeline + decode), each call inside an
  ``anyio.CapacityLimiter(transport.safe_concurrency)``: the limit `JobTracker` applies by default;
* ``SDK``: the same calls without the limiter;
* ``raw``: ``httpx.AsyncClient.get`` / ``httpx2.AsyncClient.get`` / ``aiohttp.ClientSession.get`` with the
  same headers, then ``json.loads`` of the body; no limiter (what a user writes by hand).

Prints requests/s over all rounds, the ratios to raw (the median of the per-round ratios: a busy moment
on a shared machine hits the sides of one round alike) and client CPU µs per request. Runs on asyncio
(aiohttp needs it).

Run: ``.venv/bin/python benchmarks/bench_transports.py`` (about 3 min; ``--seconds``, ``--rounds``,
``--in-flight``, ``--transports``, ``--servers``).
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio

from layers_async import Client, RetryPolicy, __version__
from layers_async.transports import AiohttpTransport, Httpx2Transport, HttpxTransport

UNLIMITED = {"read_light": 10**9, "write_light": 10**9, "long_running": 10**9, "concurrent_jobs": 10**9}
TRANSPORTS = {"httpx": HttpxTransport, "httpx2": Httpx2Transport, "aiohttp": AiohttpTransport}
Call = Callable[[], Awaitable[object]]


# -- server (child process) ---------------------------------------------------------------------------
def serve() -> None:
    """Build a one-job world, print ``{"port", "key", "job"}`` as one JSON line, serve until SIGTERM."""
    import uvicorn

    from layers_async.testing import FakeLayers

    fake = FakeLayers(seed=0)
    org = fake.create_org("bench", credits=10**9)
    key = fake.create_key(org, tier="partner", **UNLIMITED)
    fake.default_key = key
    project = fake.create_project(org, "bench")
    status, body = fake.request("POST", f"/v1/projects/{project}/content", json_body={})
    assert status == 202, body
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says TCP (else Nagle adds 40 ms).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    print(json.dumps({"port": sock.getsockname()[1], "key": key.secret, "job": body["jobId"]}), flush=True)
    config = uvicorn.Config(fake.asgi_app, log_level="warning", access_log=False, lifespan="off", ws="none")
    uvicorn.Server(config).run(sockets=[sock])


# -- clients ------------------------------------------------------------------------------------------
async def drive(call: Call, in_flight: int, seconds: float, limit: int | None) -> tuple[int, float, float]:
    """Run ``call`` from ``in_flight`` tasks for ``seconds``; return (requests, wall s, CPU s)."""
    limiter = anyio.CapacityLimiter(limit) if limit else None
    count = 0

    async def worker(deadline: float) -> None:
        nonlocal count
        while time.perf_counter() < deadline:  # bounded by the deadline
            if limiter is None:
                await call()
            else:
                async with limiter:
                    await call()
            count += 1

    cpu0, wall0 = time.process_time(), time.perf_counter()
    async with anyio.create_task_group() as tg:
        for _ in range(in_flight):
            tg.start_soon(worker, wall0 + seconds)
    return count, time.perf_counter() - wall0, time.process_time() - cpu0


async def raw_client(name: str, url: str, headers: dict[str, str]) -> tuple[Call, Callable[[], Awaitable[None]]]:
    """The library's own client doing the same GET + JSON parse: ``(call, aclose)``."""
    if name == "aiohttp":
        import aiohttp

        session = aiohttp.ClientSession()

        async def aiohttp_call() -> object:
            async with session.get(url, headers=headers) as response:
                return json.loads(await response.read())

        return aiohttp_call, session.close
    module: Any = __import__(name)
    client = module.AsyncClient()

    async def httpx_call() -> object:
        return (await client.get(url, headers=headers)).json()

    return httpx_call, client.aclose


SIDES = ("sdk+limiter", "sdk", "raw")


async def bench(
    server: str, base: str, key: str, job: str, names: list[str], levels: list[int], seconds: float, rounds: int
) -> list[dict[str, Any]]:
    """Every (transport, level) cell: the three sides alternate ``rounds`` times, ``seconds`` each in all."""
    headers = {
        "Authorization": f"Bearer {key}",
        "User-Agent": f"layers-async/{__version__}",
        "Accept": "application/json",
    }
    rows = []
    for name in names:
        transport = TRANSPORTS[name]()
        client = Client(api_key=key, base_url=base, transport=transport, retry=RetryPolicy.disabled())
        raw_call, raw_close = await raw_client(name, f"{base}/v1/jobs/{job}", headers)

        async def sdk_call(client: Client = client) -> object:
            return await client.jobs.get(job)

        calls = {
            "sdk+limiter": (sdk_call, transport.safe_concurrency),
            "sdk": (sdk_call, None),
            "raw": (raw_call, None),
        }
        try:
            for _ in range(20):  # warm-up: connections, caches
                await sdk_call()
                await raw_call()
            for level in levels:
                totals = {side: [0, 0.0, 0.0] for side in SIDES}
                rates: dict[str, list[float]] = {side: [] for side in SIDES}
                for r in range(rounds):  # alternate, rotating who goes first, so drift hits every side alike
                    for side in SIDES[r % 3 :] + SIDES[: r % 3]:
                        call, limit = calls[side]
                        result = await drive(call, level, seconds / rounds, limit)
                        for i in range(3):
                            totals[side][i] += result[i]
                        rates[side].append(result[0] / result[1] if result[1] else 0.0)
                row = {"server": server, "transport": name, "in_flight": level, "limit": transport.safe_concurrency}
                row.update(totals)
                for side in ("sdk+limiter", "sdk"):
                    row[f"{side}/raw"] = statistics.median(a / b for a, b in zip(rates[side], rates["raw"]) if b)
                rows.append(row)
                print_row(row)
        finally:
            await raw_close()
            await transport.aclose()
    return rows


def _rate(total: list[Any]) -> float:
    return float(total[0] / total[1]) if total[1] else 0.0


def _cpu_us(total: list[Any]) -> float:
    return float(1e6 * total[2] / total[0]) if total[0] else float("nan")


HEADER = (
    f"{'server':9} {'client':8} {'n':>4} {'limit':>5} {'SDK+lim r/s':>11} {'SDK r/s':>9} {'raw r/s':>9}"
    f" {'lim/raw':>8} {'SDK/raw':>8} {'SDK+lim µs':>10} {'SDK µs':>7} {'raw µs':>7}"
)


def print_row(row: dict[str, Any]) -> None:
    lim, sdk, raw = (_rate(row[side]) for side in SIDES)
    lim_raw, sdk_raw = row["sdk+limiter/raw"], row["sdk/raw"]
    print(
        f"{row['server']:9} {row['transport']:8} {row['in_flight']:>4} {row['limit']:>5} {lim:11,.0f} {sdk:9,.0f}"
        f" {raw:9,.0f} {lim_raw:7.2f}x {sdk_raw:7.2f}x {_cpu_us(row['sdk+limiter']):10.0f}"
        f" {_cpu_us(row['sdk']):7.0f} {_cpu_us(row['raw']):7.0f}",
        flush=True,
    )


def start_server(server: str) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    """Start ``server`` in a child process; return it and the world it printed (port, key, job)."""
    here = Path(__file__).resolve().parent
    if server == "emulator":
        argv = [sys.executable, str(here / "bench_transports.py"), "--serve"]
    else:
        argv = [sys.executable, str(here / "rawserver.py")]
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    world = json.loads(child.stdout.readline())
    world.setdefault("key", "sk_bench_rawserver")
    return child, world


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per side and cell")
    parser.add_argument("--rounds", type=int, default=6, help="alternations per cell (the seconds are split)")
    parser.add_argument("--in-flight", default="1,10,100", help="comma-separated concurrency levels")
    parser.add_argument("--transports", default="httpx,httpx2,aiohttp")
    parser.add_argument("--servers", default="rawserver,emulator", help="rawserver (threads), emulator (uvicorn)")
    args = parser.parse_args()
    if args.serve:
        serve()
        return
    levels = [int(n) for n in args.in_flight.split(",")]
    names = args.transports.split(",")
    print(f"client CPU is this process only (asyncio); servers run in a child process; {args.rounds} rounds/cell")
    print(HEADER)
    for server in args.servers.split(","):
        child, world = start_server(server)
        try:
            base = f"http://127.0.0.1:{world['port']}"
            anyio.run(bench, server, base, world["key"], world["job"], names, levels, args.seconds, args.rounds)
        finally:
            child.terminate()
            child.wait(10)


if __name__ == "__main__":
    main()
