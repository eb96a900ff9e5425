"""What a durable `JobStore` costs the tracker.

N clones are submitted and tracked to the end through ``tracker.clone(..., tag=i)`` against in-process
FakeLayers on a virtual clock (jobs move as the tracker polls, so CPU, not waiting, is measured):
without a store, then with `MemoryJobStore`, `SqliteJobStore` (a temp file) and the Redis store (a
``redis-server`` started here on 127.0.0.1 when one is installed). Reported per kind: client CPU per
poll and per job (process CPU, worker threads included, minus the time spent inside the emulator; the
Redis server's own CPU is not counted), SQLite commits per job, and wall time.
Target: at 10,000 jobs, a store makes the tracker at most 1.5x slower per poll.

Run: ``.venv/bin/python benchmarks/bench_store.py [--jobs N]``
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import anyio

from layers_async import Client, MemoryJobStore, PollPolicy, SqliteJobStore
from layers_async.testing import FakeLayers

UNLIMITED = {"read_light": 10**9, "write_light": 10**9, "long_running": 10**9, "concurrent_jobs": 10**9}
# (store, how results are taken): iterating writes one "reported" mark per result before the next is
# handed out (at least once, at most one repeat per crash); gather() hands them all out in one batch.
RUNS = (
    ("none", "iterate"),
    ("memory", "iterate"),
    ("sqlite", "iterate"),
    ("sqlite", "gather"),
    ("redis", "iterate"),
    ("redis", "gather"),
)


class CountingTransport:
    """Counts polls and the CPU spent inside the emulator."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.polls, self.emulator_seconds, self.safe_concurrency = inner, 0, 0.0, 10

    async def handle_request(self, request: Any) -> Any:
        if request.method == "GET":
            self.polls += 1
        t0 = time.process_time()
        response = await self.inner.handle_request(request)
        self.emulator_seconds += time.process_time() - t0
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


@contextlib.contextmanager
def redis_server() -> Iterator[str | None]:
    exe = shutil.which("redis-server")
    if exe is None:
        yield None
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as workdir:
        args = [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        proc = subprocess.Popen([*args, "--dir", workdir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
                time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            proc.terminate()
            proc.wait(10)


@contextlib.asynccontextmanager
async def open_store(kind: str, workdir: Path, redis_url: str | None) -> AsyncIterator[Any]:
    if kind == "none":
        yield None
    elif kind == "memory":
        yield MemoryJobStore()
    elif kind == "sqlite":
        async with SqliteJobStore(workdir / f"bench-{time.monotonic_ns()}.db") as store:
            yield store
    else:
        from layers_async.contrib.redis import RedisJobStore

        async with RedisJobStore(redis_url, namespace=f"bench-{time.monotonic_ns()}") as store:
            yield store


async def measure(kind: str, consume: str, n: int, workdir: Path, redis_url: str | None) -> dict[str, float]:
    fake = FakeLayers(seed=1, stage_seconds=(5.0, 5.0, 5.0))
    org = fake.create_org("bench", credits=10**9)
    key = fake.create_key(org, tier="partner", **UNLIMITED)
    project = fake.create_project(org, "bench")
    post = fake.add_post(project, metrics={"views": 900, "likes": 80})
    counter = CountingTransport(fake.transport())
    poll = PollPolicy(jitter=0.0)
    async with open_store(kind, workdir, redis_url) as store:
        async with Client(api_key=key.secret, transport=counter, clock=fake.clock) as client:
            cpu0, wall0, main0 = time.process_time(), time.perf_counter(), time.thread_time()
            async with client.jobs.tracker(store=store, poll=poll, max_submitting=16) as tracker:
                for i in range(n):
                    tracker.clone(project_id=project, source_platform_post_id=post, tag=i)
                done = [t async for t in tracker] if consume == "iterate" else await tracker.gather()
            cpu, wall, main_cpu = time.process_time() - cpu0, time.perf_counter() - wall0, time.thread_time() - main0
        commits = getattr(store, "commits", float("nan"))
    assert len(done) == n and all(t.ok for t in done), "every clone must complete"
    client_cpu = cpu - counter.emulator_seconds
    return {
        "us_per_poll": client_cpu / counter.polls * 1e6,
        "us_per_job": client_cpu / n * 1e6,
        "commits_per_job": commits / n,
        "wall": wall,
        "thread_us_per_job": (cpu - main_cpu) / n * 1e6,
    }


def stores(n: int, backends: tuple[str, ...] = ("asyncio", "trio")) -> None:
    print(f"{n:,} clones submitted and tracked, in-process FakeLayers on a virtual clock (client CPU only)")
    head = f"{'backend':8} {'store':8} {'results':8} {'us/poll':>8} {'vs none':>8} {'us/job':>8} {'commits/job':>12}"
    print(head + f" {'wall s':>7}")
    with redis_server() as url, tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            base = None
            for kind, consume in RUNS:
                if kind == "redis" and url is None:
                    print(f"{backend:8} {kind:8} (no redis-server installed: skipped)")
                    continue
                r = anyio.run(measure, kind, consume, n, Path(tmp), url, backend=backend)
                base = base or r["us_per_poll"]
                print(
                    f"{backend:8} {kind:8} {consume:8} {r['us_per_poll']:8.0f} {r['us_per_poll'] / base:7.2f}x"
                    f" {r['us_per_job']:8.0f} {r['commits_per_job']:12.3f} {r['wall']:7.1f}",
                    flush=True,
                )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--backend", choices=["asyncio", "trio"], action="append")
    args = parser.parse_args()
    stores(args.jobs, tuple(args.backend or ("asyncio", "trio")))
