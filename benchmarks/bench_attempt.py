"""Where the SDK's CPU per request goes beyond a raw aiohttp GET: one attempt's parts, side by side.

Against `rawserver.py` (``--model selector``: one thread, prepared bytes) in a child process, on asyncio,
these sides alternate in ``--rounds`` rounds (rotating who goes first), ``--calls`` calls each per round,
one request in flight; the table shows medians of this process's CPU µs per call and of the per-round
ratios to raw:

* ``raw``: ``aiohttp.ClientSession.get`` + ``json.loads`` of the body (no timeout set: aiohttp's default);
* ``transport``: ``AiohttpTransport.handle_request`` alone (our request/response types, aiohttp's
  ``total``/``connect`` timeouts, the body read with the ``max_response_bytes`` cap);
* ``transport, no timers``: the same with ``aiohttp.ClientTimeout()`` (no timeout at all) instead of ours;
* ``sdk``: ``client.jobs.get`` (pipeline, rate gate, decode; the transport states ``enforces_timeout``,
  so the client opens no cancel scope of its own);
* ``sdk, scope per attempt``: the same through a thin wrapper transport that does not state
  ``enforces_timeout``: the client then bounds each attempt with ``anyio.move_on_after`` (what every
  call did before the transport could state it);
* ``sdk, timeout=None``: the same client without any timeout (neither aiohttp's nor a cancel scope).

Then, with no I/O at all, what one ``anyio.move_on_after`` scope costs around an awaited no-op, on
asyncio and trio (the client opens one per attempt to bound it).

Run: ``.venv/bin/python benchmarks/bench_attempt.py``
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import anyio

import layers_async.transports._aiohttp as aiohttp_transport
from layers_async import Client, Request, RetryPolicy
from layers_async.transports import AiohttpTransport

HERE = Path(__file__).resolve().parent


async def sides(base: str, job: str, rounds: int, calls: int) -> None:
    url = f"{base}/v1/jobs/{job}"
    headers = {"Authorization": "Bearer sk_bench", "User-Agent": "bench", "Accept": "application/json"}
    session = aiohttp.ClientSession()
    transport = AiohttpTransport()
    request = Request("GET", url, tuple(headers.items()), b"", 30.0, max_response_bytes=10 * 2**20)
    ours, default = aiohttp_transport._timeout, (lambda _: aiohttp.ClientTimeout())

    class Scoped:  # the same transport, not stating enforces_timeout
        async def handle_request(self, request: Request) -> Any:
            return await transport.handle_request(request)

        async def aclose(self) -> None:
            pass

    clients = [Client(api_key="sk_bench", base_url=base, transport=t, retry=RetryPolicy.disabled(), timeout=s)
               for t, s in ((transport, 30.0), (Scoped(), 30.0), (transport, None))]  # fmt: skip

    async def raw() -> Any:
        async with session.get(url, headers=headers) as response:
            return json.loads(await response.read())

    async def transport_only() -> Any:
        aiohttp_transport._timeout = ours
        return await transport.handle_request(request)

    async def transport_no_timers() -> Any:
        aiohttp_transport._timeout = default
        try:
            return await transport.handle_request(request)
        finally:
            aiohttp_transport._timeout = ours

    async def sdk() -> Any:
        return await clients[0].jobs.get(job)

    async def sdk_scoped() -> Any:
        return await clients[1].jobs.get(job)

    async def sdk_no_timeout() -> Any:
        return await clients[2].jobs.get(job)

    table: dict[str, Callable[[], Awaitable[Any]]] = {
        "raw": raw,
        "transport": transport_only,
        "transport, no timers": transport_no_timers,
        "sdk": sdk,
        "sdk, scope per attempt": sdk_scoped,
        "sdk, timeout=None": sdk_no_timeout,
    }
    samples: dict[str, list[float]] = {label: [] for label in table}
    labels = list(table)
    try:
        for side in table.values():
            for _ in range(50):  # warm-up: the connection, caches
                await side()
        for r in range(rounds):
            for label in labels[r % len(labels) :] + labels[: r % len(labels)]:
                t0 = time.process_time()
                for _ in range(calls):
                    await table[label]()
                samples[label].append((time.process_time() - t0) / calls * 1e6)
    finally:
        await session.close()
        await transport.aclose()
    print(f"{'side':<24}{'CPU µs/call':>12}{'vs raw':>8}")
    for label in labels:
        ratio = statistics.median(s / r for s, r in zip(samples[label], samples["raw"]))
        print(f"{label:<24}{statistics.median(samples[label]):>12.1f}{ratio:>7.2f}×")


async def scope_cost(rounds: int) -> tuple[float, float]:
    async def nothing() -> None:
        pass

    bare, scoped = [], []
    for _ in range(rounds):
        t0 = time.process_time()
        for _ in range(10_000):
            await nothing()
        t1 = time.process_time()
        for _ in range(10_000):
            with anyio.move_on_after(30):
                await nothing()
        t2 = time.process_time()
        bare.append((t1 - t0) / 10_000 * 1e6)
        scoped.append((t2 - t1) / 10_000 * 1e6)
    return statistics.median(bare), statistics.median(scoped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    child = subprocess.Popen([sys.executable, str(HERE / "rawserver.py"), "--model", "selector"], stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert child.stdout is not None
        world = json.loads(child.stdout.readline())
        print(f"aiohttp {aiohttp.__version__}, rawserver (selector) in a child process, 1 in flight, asyncio")
        anyio.run(sides, f"http://127.0.0.1:{world['port']}", world["job"], args.rounds, args.calls)
    finally:
        child.terminate()
        child.wait(10)
    for backend in ("asyncio", "trio"):
        bare, scoped = anyio.run(scope_cost, args.rounds, backend=backend)
        print(f"anyio.move_on_after around an awaited no-op, {backend}: {scoped - bare:.1f} µs ({bare:.2f} µs without)")


if __name__ == "__main__":
    main()
