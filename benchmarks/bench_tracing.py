"""What tracing costs: ``client.jobs.get`` with tracing off, and on (OpenTelemetry SDK, no exporter).

Three clients on the same ``httpx.MockTransport`` (no sockets), interleaved in paired rounds in one run,
on asyncio and trio: tracing off (the default), ``tracing=TracerProvider()`` (spans made, none exported),
and raw ``httpx``. Then the checks a call makes when tracing is off, timed alone (``timeit``): what
"zero cost when off" costs. Needs ``opentelemetry-sdk`` (in the ``dev`` extra).

Run: ``.venv/bin/python benchmarks/bench_tracing.py``
"""

from __future__ import annotations

import statistics
import time
import timeit

import anyio
import httpx
from bench_overhead import HEADERS, JOB, URL
from opentelemetry.sdk.trace import TracerProvider

from layers_async import Client, HttpxTransport, RetryPolicy

ROUNDS, CALLS = 30, 200
JOB_ID = "job_01JQ7M4K9XW2RTB6HNC3PVDE5F"


def handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers=HEADERS, content=JOB)


def client(**options: object) -> Client:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return Client(api_key="lp_test_bench", transport=HttpxTransport(http), retry=RetryPolicy.disabled(), **options)  # type: ignore[arg-type]


async def measure() -> tuple[float, float, float]:
    off, on = client(), client(tracing=TracerProvider())
    raw = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    times: dict[str, list[float]] = {"off": [], "on": [], "raw": []}
    for _ in range(20):  # warm-up
        await off.jobs.get(JOB_ID)
        await on.jobs.get(JOB_ID)
    for _ in range(ROUNDS):
        for name, sdk in (("off", off), ("on", on)):
            t0 = time.perf_counter()
            for _ in range(CALLS):
                await sdk.jobs.get(JOB_ID)
            times[name].append((time.perf_counter() - t0) / CALLS)
        t0 = time.perf_counter()
        for _ in range(CALLS):
            (await raw.get(URL, headers={"Authorization": "Bearer lp_test_bench"})).json()
        times["raw"].append((time.perf_counter() - t0) / CALLS)
    await off.aclose()
    await on.aclose()
    await raw.aclose()
    return statistics.median(times["off"]), statistics.median(times["on"]), statistics.median(times["raw"])


def checks_when_off() -> float:
    """Seconds per call spent on what tracing (and response recording) add when they are off."""
    c = client()
    checks = "c._tracing is not None; c._tracing is None; c._recorder is not None; c._closed; c._closed"
    return min(timeit.repeat(checks, globals={"c": c}, number=200_000, repeat=5)) / 200_000


def main() -> None:
    print(f"jobs.get with tracing off / on ({ROUNDS} interleaved rounds x {CALLS} calls, httpx.MockTransport)")
    for backend in ("asyncio", "trio"):
        off, on, raw = anyio.run(measure, backend=backend)
        print(
            f"  {backend:7s}  off {off * 1e6:7.1f} us/call   on {on * 1e6:7.1f} us/call   raw httpx {raw * 1e6:7.1f}"
            f" us/call   off/raw {off / raw:.2f}x   on/off {on / off:.2f}x"
        )
    print(f"checks a call makes with tracing off: {checks_when_off() * 1e9:.0f} ns/call")


if __name__ == "__main__":
    main()
