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
import anyio.lowlevel

from layers_async import Client, Request, Response, RetryPolicy
from layers_async.testing import FakeLayers, RealClock, VirtualClock

UNLIMITED = {"read_light": 10**9, "write_light": 10**9, "long_running": 10**9, "concurrent_jobs": 10**9}
NEVER = (1e9, 1e9, 1e9)  # stage seconds: no job finishes while it is measured, so every size holds n jobs


class GcTimer:
    """CPU time spent inside the cyclic garbage collector, and collections per generation (gc.callbacks).

    CPU time (``time.process_time``), not wall time: on a shared machine a collection may be descheduled.
    """

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = [0, 0, 0]
        self._t0 = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._t0 = time.process_time()
        else:
            self.seconds += time.process_time() - self._t0
            self.collections[info["generation"]] += 1

    def __enter__(self) -> GcTimer:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


class Window:
    """Counts polls through a transport and measures two windows of them.

    Polls ``warmup`` to ``warmup + polls`` are timed (CPU, GC); then, if ``traced`` > 0, tracemalloc
    starts and the next ``traced`` polls are traced (blocks still alive at the end, per poll).
    """

    def __init__(self, inner: Any, warmup: int, polls: int, traced: int = 0, *, in_process: bool = True) -> None:
        self.inner = inner
        self.marks = (warmup, warmup + polls, warmup + polls + traced if traced else None)
        self.polls, self.traced = polls, traced
        self.count = 0
        self.in_process = in_process
        self.emulator = 0.0
        self.done = anyio.Event()
        self.start: dict[str, Any] = {}
        self.end: dict[str, Any] = {}
        self.snapshots: list[Any] = []
        self.safe_concurrency = getattr(inner, "safe_concurrency", 10)
        self.gc = GcTimer()

    def _mark(self) -> dict[str, Any]:
        return {
            "cpu": time.process_time(),
            "wall": time.perf_counter(),
            "emulator": self.emulator,
            "gc": self.gc.seconds,
            "collections": list(self.gc.collections),
        }

    def _count(self) -> None:
        self.count += 1
        first, second, third = self.marks
        if self.count == first + 1:
            self.start = self._mark()
        elif self.count == second + 1:
            self.end = self._mark()
            if third is None:
                self.done.set()
            else:  # only blocks allocated from here on are traced
                tracemalloc.start()
                self.snapshots.append(tracemalloc.take_snapshot())
        elif third is not None and self.count == third + 1:
            self.snapshots.append(tracemalloc.take_snapshot())
            tracemalloc.stop()
            self.done.set()

    async def handle_request(self, request: Request) -> Response:
        if request.method == "GET":
            self._count()
        if not self.in_process:
            response: Response = await self.inner.handle_request(request)
            return response
        t0 = time.process_time()
        response = await self.inner.handle_request(request)
        self.emulator += time.process_time() - t0
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()

    def result(self) -> dict[str, Any]:
        s, e, n = self.start, self.end, self.polls
        out: dict[str, Any] = {
            "client_us": (e["cpu"] - s["cpu"] - (e["emulator"] - s["emulator"])) / n * 1e6,
            "emulator_us": (e["emulator"] - s["emulator"]) / n * 1e6,
            "gc_us": (e["gc"] - s["gc"]) / n * 1e6,
            "gen0_per_1k": (e["collections"][0] - s["collections"][0]) / n * 1000,
            "gen2_per_1k": (e["collections"][2] - s["collections"][2]) / n * 1000,
            "polls_per_cpu_s": n / (e["cpu"] - s["cpu"]),
            "polls_per_s": n / (e["wall"] - s["wall"]),
        }
        if len(self.snapshots) == 2:
            client_only = [tracemalloc.Filter(False, "*/layers_async/testing/*"), tracemalloc.Filter(False, __file__)]
            before, after = (snap.filter_traces(client_only) for snap in self.snapshots)
            stats = after.compare_to(before, "lineno")
            out["blocks_per_poll"] = sum(st.count_diff for st in stats) / self.traced
            out["top"] = [(str(st.traceback), st.count_diff / self.traced) for st in stats[:8]]
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


async def track(client: Client, jobs: list[str], window: Window, measure_memory: bool = False) -> float:
    """Track every job until the window is measured, then leave the tracker; bytes per job held if asked."""
    held = 0.0
    with anyio.CancelScope() as scope:
        async with client.jobs.tracker() as tracker:
            if measure_memory:
                gc.collect()
                tracemalloc.start()
                base = tracemalloc.get_traced_memory()[0]
            for job_id in jobs:
                tracker.add(job_id)
            if measure_memory:  # before the first poll is due (2 s of virtual time)
                held = (tracemalloc.get_traced_memory()[0] - base) / len(jobs)
                tracemalloc.stop()
            await window.done.wait()
            scope.cancel()
    return held


async def steady_in_process(n: int, warmup: int, polls: int, traced: int) -> dict[str, Any]:
    """KB per job, then client CPU and GC time per poll, then retained blocks per poll, with ``n`` jobs held."""
    fake, jobs = world(n)
    window = Window(fake.transport(), warmup, polls, traced)
    gc.collect()
    try:
        with window.gc:
            async with Client(api_key=fake.default_key.secret, transport=window, clock=fake.clock) as client:
                held = await track(client, jobs, window, measure_memory=True)
    finally:
        tracemalloc.stop()
    result = window.result()
    result["kb_per_job"] = held / 1024
    return result


# -- the client alone: a trivial in-memory server ----------------------------------------------------------
class PendingServer:
    """Every job is running and never changes: 200 with one prepared body first, then 304 (``If-None-Match``).

    What the emulator answers in the steady state (the same headers), at a fixed cost that does not grow
    with the number of jobs, so the process's CPU is the client's own. A fresh `Response` per request
    (as a real transport builds one) from prepared header pairs and body; one checkpoint per request.
    """

    safe_concurrency = 10

    def __init__(self, clock: VirtualClock) -> None:
        etag = '"pending-0"'
        self.headers_304 = (
            ("X-Request-Id", "req_01KRB47N3XKDSXC7ZF1GSE4TRF"),
            ("X-RateLimit-Endpoint-Class", "read-light"),
            ("X-RateLimit-Limit", "1000000000"),
            ("X-RateLimit-Remaining", "999999999"),
            ("X-RateLimit-Reset", str(int(clock.now()) + 10**8)),
            ("ETag", etag),
        )
        self.headers_200 = (*self.headers_304, ("Content-Type", "application/json"))
        self.body = json.dumps(
            {
                "jobId": "job_01KRB47GM0MK9SEWEKAJSB4M99",
                "kind": "content_generate",
                "status": "running",
                "stage": "queued",
                "progress": 0.0,
                "projectId": "prj_95db0b6b-10ef-4a44-85ac-774e0f0a47e5",
                "containerId": "cnt_6d053696-b161-4ce6-b860-9f43aa2f4e87",
                "containerIds": ["cnt_6d053696-b161-4ce6-b860-9f43aa2f4e87"],
                "locationUrl": "/v1/jobs/job_01KRB47GM0MK9SEWEKAJSB4M99",
                "startedAt": "2026-05-11T09:00:00Z",
            },
            separators=(",", ":"),
        ).encode()

    async def handle_request(self, request: Request) -> Response:
        await anyio.lowlevel.checkpoint()
        for name, _ in request.headers:
            if name == "If-None-Match":
                return Response(304, headers=self.headers_304)
        return Response(200, headers=self.headers_200, content=self.body)

    async def aclose(self) -> None:
        pass


async def steady_client_alone(n: int, warmup: int, polls: int, traced: int) -> dict[str, Any]:
    """As `steady_in_process`, against `PendingServer`: all the CPU measured is the client's."""
    clock = VirtualClock()
    jobs = [f"job_{i:026d}" for i in range(n)]
    window = Window(PendingServer(clock), warmup, polls, traced, in_process=False)
    gc.collect()
    try:
        with window.gc:
            async with Client(api_key="lk_bench", transport=window, clock=clock) as client:
                held = await track(client, jobs, window, measure_memory=True)
    finally:
        tracemalloc.stop()
    result = window.result()
    result["kb_per_job"] = held / 1024
    return result


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
