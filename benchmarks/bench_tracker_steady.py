"""Steady-state tracker cost at 1k, 10k and 100k jobs: CPU, GC and allocations per poll (helpers).

Imported by `bench_tracker.py`; see its docstring for what is measured and how to run it.
"""

from __future__ import annotations

import gc
import json
import socket
import subprocess
import sys
import time
import tracemalloc
from typing import Any

import anyio

from layers_async import Client, Request, Response, RetryPolicy
from layers_async.testing import FakeLayers, RealClock

UNLIMITED = {"read_light": 10**9, "write_light": 10**9, "long_running": 10**9, "concurrent_jobs": 10**9}
NEVER = (1e9, 1e9, 1e9)  # stage seconds: no job finishes while it is measured, so every size holds n jobs


class GcTimer:
    """Wall time spent inside the cyclic garbage collector, and collections per generation (gc.callbacks)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = [0, 0, 0]
        self._t0 = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._t0 = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._t0
            self.collections[info["generation"]] += 1

    def __enter__(self) -> GcTimer:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


class Window:
    """Counts polls through a transport; measures the polls from ``warmup`` to ``warmup + polls``."""

    def __init__(self, inner: Any, warmup: int, polls: int, *, trace: bool = False, in_process: bool = True) -> None:
        self.inner = inner
        self.warmup, self.target = warmup, warmup + polls
        self.count = 0
        self.trace = trace
        self.in_process = in_process
        self.emulator = 0.0
        self.done = anyio.Event()
        self.start: dict[str, Any] = {}
        self.end: dict[str, Any] = {}
        self.safe_concurrency = getattr(inner, "safe_concurrency", 10)
        self.gc = GcTimer()

    def _mark(self) -> dict[str, Any]:
        mark: dict[str, Any] = {
            "cpu": time.process_time(),
            "wall": time.perf_counter(),
            "emulator": self.emulator,
            "gc": self.gc.seconds,
            "collections": list(self.gc.collections),
        }
        if self.trace:  # tracing starts with the window: only blocks allocated during it are counted
            if not tracemalloc.is_tracing():
                tracemalloc.start()
            mark["snapshot"] = tracemalloc.take_snapshot()
        return mark

    async def handle_request(self, request: Request) -> Response:
        if request.method == "GET":
            self.count += 1
            if self.count == self.warmup + 1:
                self.start = self._mark()
            elif self.count == self.target + 1:
                self.end = self._mark()
                self.done.set()
        if not self.in_process:
            response: Response = await self.inner.handle_request(request)
            return response
        t0 = time.process_time()
        response = await self.inner.handle_request(request)
        self.emulator += time.process_time() - t0
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()

    def result(self) -> dict[str, float]:
        s, e, n = self.start, self.end, self.target - self.warmup
        out = {
            "client_us": (e["cpu"] - s["cpu"] - (e["emulator"] - s["emulator"])) / n * 1e6,
            "emulator_us": (e["emulator"] - s["emulator"]) / n * 1e6,
            "gc_us": (e["gc"] - s["gc"]) / n * 1e6,
            "gen0_per_1k": (e["collections"][0] - s["collections"][0]) / n * 1000,
            "gen2_per_1k": (e["collections"][2] - s["collections"][2]) / n * 1000,
            "polls_per_cpu_s": n / (e["cpu"] - s["cpu"]),
            "polls_per_s": n / (e["wall"] - s["wall"]),
        }
        if self.trace:
            client_only = [tracemalloc.Filter(False, "*/layers_async/testing/*"), tracemalloc.Filter(False, __file__)]
            after, before = (m["snapshot"].filter_traces(client_only) for m in (e, s))
            stats = after.compare_to(before, "lineno")
            out["blocks_per_poll"] = sum(st.count_diff for st in stats) / n
            out["top"] = [(str(st.traceback), st.count_diff / n) for st in stats[:8]]  # type: ignore[assignment]
        return out


def world(n: int, clock: Any = None) -> tuple[FakeLayers, list[str]]:
    """A FakeLayers with ``n`` content jobs that never finish."""
    fake = FakeLayers(seed=1, clock=clock, stage_seconds=NEVER)
    org = fake.create_org("bench", credits=10**9)
    fake.default_key = fake.create_key(org, tier="partner", **UNLIMITED)
    project = fake.create_project(org, "bench")
    jobs = []
    for _ in range(n):
        status, body = fake.request("POST", f"/v1/projects/{project}/content", json_body={})
        assert status == 202, body
        jobs.append(body["jobId"])
    return fake, jobs


async def track(client: Client, jobs: list[str], window: Window) -> None:
    """Track every job until the window has been measured, then leave the tracker."""
    with anyio.CancelScope() as scope:
        async with client.jobs.tracker() as tracker:
            for job_id in jobs:
                tracker.add(job_id)
            await window.done.wait()
            scope.cancel()


async def steady_in_process(n: int, warmup: int, polls: int, trace: bool) -> dict[str, float]:
    """Client CPU, GC time and allocations per poll with ``n`` jobs held, against in-process FakeLayers."""
    fake, jobs = world(n)
    window = Window(fake.transport(), warmup, polls, trace=trace)
    gc.collect()
    try:
        with window.gc:
            async with Client(api_key=fake.default_key.secret, transport=window, clock=fake.clock) as client:
                await track(client, jobs, window)
    finally:
        tracemalloc.stop()
    return window.result()


async def memory_per_job(n: int) -> float:
    """Bytes per job the tracker holds (tracemalloc), measured after adding ``n`` jobs, before any poll."""
    fake, jobs = world(n)
    async with fake.client() as client:
        gc.collect()
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            with anyio.CancelScope() as scope:
                async with client.jobs.tracker() as tracker:
                    for job_id in jobs:
                        tracker.add(job_id)
                    held = tracemalloc.get_traced_memory()[0] - base
                    scope.cancel()
        finally:
            tracemalloc.stop()
    return held / n


# -- the emulator in another process (polls/s per core for the client alone) --------------------------
def serve(n: int) -> None:
    """Child process: FakeLayers with ``n`` never-ending jobs over uvicorn; print port, key, jobs."""
    import uvicorn

    fake, jobs = world(n, RealClock(speed=1.0))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    print(json.dumps({"port": sock.getsockname()[1], "key": fake.default_key.secret, "jobs": jobs}), flush=True)
    config = uvicorn.Config(fake.asgi_app, log_level="warning", access_log=False, lifespan="off", ws="none")
    uvicorn.Server(config).run(sockets=[sock])


def start_remote(n: int) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sys; sys.path.insert(0, {sys.path[0]!r}); import bench_tracker_steady as b; b.serve({n})",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    return child, json.loads(child.stdout.readline())


async def steady_remote(base: str, key: str, jobs: list[str], warmup: int, polls: int) -> dict[str, float]:
    """Polls per second of client CPU (default transport) with the emulator in another process."""
    from layers_async.transports import HttpxTransport

    transport = HttpxTransport()
    window = Window(transport, warmup, polls, in_process=False)
    with window.gc:
        async with Client(api_key=key, base_url=base, transport=window, retry=RetryPolicy.disabled()) as client:
            await track(client, jobs, window)
    await transport.aclose()
    return window.result()
