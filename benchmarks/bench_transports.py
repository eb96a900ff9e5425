"""Transports over loopback: ``client.jobs.get`` per transport, beside the same library's raw client.

FakeLayers is served by uvicorn on 127.0.0.1 in a child process (this script with ``--serve``), so
``time.process_time()`` here is the client's CPU alone. For each transport and each concurrency (1, 10
and 100 requests in flight on one client) the SDK and the raw client alternate for a fixed time:

* SDK: ``client.jobs.get(job_id)`` (transport + client pipeline + decode), each call inside an
  ``anyio.CapacityLimiter(transport.safe_concurrency)``: the limit `JobTracker` applies by default.
* raw: ``httpx.AsyncClient.get`` / ``httpx2.AsyncClient.get`` / ``aiohttp.ClientSession.get`` with the
  same headers, then ``json.loads`` of the body; no limiter (what a user writes by hand).

Prints requests/s, client CPU µs per request and the SDK/raw ratio. Runs on asyncio (aiohttp needs it).

Run: ``.venv/bin/python benchmarks/bench_transports.py`` (about 70 s; ``--seconds`` per side and cell).
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
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


async def bench(
    base: str, key: str, job: str, names: list[str], levels: list[int], seconds: float, limiter: bool
) -> list[dict[str, Any]]:
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

        limit = transport.safe_concurrency if limiter else None
        try:
            for _ in range(20):  # warm-up: connections, caches
                await sdk_call()
                await raw_call()
            for level in levels:
                sdk = [0, 0.0, 0.0]
                raw = [0, 0.0, 0.0]
                for _ in range(2):  # alternate halves, so drift hits both sides alike
                    for total, result in ((sdk, await drive(sdk_call, level, seconds / 2, limit)),
                                          (raw, await drive(raw_call, level, seconds / 2, None))):  # fmt: skip
                        for i in range(3):
                            total[i] += result[i]
                rows.append({"transport": name, "in_flight": level, "limit": limit, "sdk": sdk, "raw": raw})
                print_row(rows[-1])
        finally:
            await raw_close()
            await transport.aclose()
    return rows


def print_row(row: dict[str, Any]) -> None:
    (sn, sw, sc), (rn, rw, rc) = row["sdk"], row["raw"]
    sdk_rps, raw_rps = sn / sw, rn / rw
    print(
        f"{row['transport']:8} {row['in_flight']:>4} {row['limit']!s:>6} {sdk_rps:10,.0f} {raw_rps:10,.0f} "
        f"{sdk_rps / raw_rps:6.2f}x {1e6 * sc / sn:9.0f} {1e6 * rc / rn:9.0f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per cell (SDK and raw share it)")
    parser.add_argument("--in-flight", default="1,10,100", help="comma-separated concurrency levels")
    parser.add_argument("--transports", default="httpx,httpx2,aiohttp")
    parser.add_argument("--no-limiter", action="store_true", help="SDK calls without the tracker's limiter")
    args = parser.parse_args()
    if args.serve:
        serve()
        return
    server = subprocess.Popen([sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        world = json.loads(server.stdout.readline())
        base = f"http://127.0.0.1:{world['port']}"
        print(f"FakeLayers on {base} (child process); client CPU is this process only; asyncio")
        print(
            f"{'client':8} {'n':>4} {'limit':>6} {'SDK r/s':>10} {'raw r/s':>10} {'ratio':>7} {'SDK µs':>9} {'raw µs':>9}"
        )
        levels = [int(n) for n in args.in_flight.split(",")]
        names = args.transports.split(",")
        anyio.run(bench, base, world["key"], world["job"], names, levels, args.seconds, not args.no_limiter)
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
