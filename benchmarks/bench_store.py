"""What a durable `JobStore` costs the tracker.

N clones are submitted and tracked to the end through ``tracker.clone(..., tag=i)`` against in-process
FakeLayers on a virtual clock (jobs move as the tracker polls, so CPU, not waiting, is measured):
without a store, then with `MemoryJobStore`, `SqliteJobStore` (a temp file) and the Redis store (a
``redis-server`` started here on 127.0.0.1 when one is installed). Reported per kind: client CPU per
poll and per job (process CPU, worker threads included, minus the time spent inside the emulator; the
Redis server's own CPU is not counted), SQLite commits per job, and wall time.
Target: at 10,000 jobs, a store makes the tracker at most 1.5x slower per poll.

Each run is paired with the run without a store of the same round and backend (``vs none``); with
``--rounds`` the runs are interleaved and the medians of those paired ratios printed (a shared box is
noisy: read ratios, not absolute figures). Jobs here need ~5 polls each; ``--stage-seconds`` makes
them longer (a store's cost is per job, so it weighs less per poll when a job needs more polls).

Run: ``.venv/bin/python benchmarks/bench_store.py [--jobs N] [--rounds R] [--runs none/iterate,sqlite/iterate]``
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
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


async def measure(
    kind: str, consume: str, n: int, workdir: Path, redis_url: str | None, stage: float = 5.0
) -> dict[str, float]:
    fake = FakeLayers(seed=1, stage_seconds=(stage, stage, stage))
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
            cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
            threads = cpu - (time.thread_time() - main0)
        commits = getattr(store, "commits", float("nan"))
    assert len(done) == n and all(t.ok for t in done), "every clone must complete"
    client_cpu = cpu - counter.emulator_seconds
    return {
        "us_per_poll": client_cpu / counter.polls * 1e6,
        "us_per_job": client_cpu / n * 1e6,
        "polls_per_job": counter.polls / n,
        "thread_us_per_job": threads / n * 1e6,
        "commits_per_job": commits / n,
        "wall": wall,
    }


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def stores(n: int, backends: tuple[str, ...], runs: tuple[tuple[str, str], ...], rounds: int, stage: float) -> None:
    """Every run of every round, interleaved; ``vs none`` pairs each run with its round's run without a store.

    A warm-up run (not shown) precedes each backend's runs: the first run in a process pays one-time
    costs (imports, generated code) that would otherwise be charged to whichever run came first.
    """
    print(f"{n:,} clones submitted and tracked, in-process FakeLayers on a virtual clock (client CPU only)")
    print(f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, load average {_load()}, stages of {stage:g}s")
    head = f"{'round':5} {'backend':8} {'store':8} {'results':8} {'us/poll':>8} {'vs none':>8} {'us/job':>8}"
    print(head + f" {'polls/job':>9} {'thread us/job':>13} {'commits/job':>11} {'wall s':>7}")
    ratios: dict[tuple[str, str, str], list[float]] = {}
    with redis_server() as url, tempfile.TemporaryDirectory() as tmp:
        for round_ in range(1, rounds + 1):
            for backend in backends:
                # Warm-up, not shown: the first run in a process pays one-time costs (imports, generated code).
                anyio.run(measure, "none", "iterate", 200, Path(tmp), url, stage, backend=backend)
                base = None
                for kind, consume in runs:
                    if kind == "redis" and url is None:
                        print(f"{round_:<5} {backend:8} {kind:8} (no redis-server installed: skipped)")
                        continue
                    r = anyio.run(measure, kind, consume, n, Path(tmp), url, stage, backend=backend)
                    base = r["us_per_poll"] if kind == "none" else base
                    ratio = r["us_per_poll"] / base if base else float("nan")
                    ratios.setdefault((backend, kind, consume), []).append(ratio)
                    print(
                        f"{round_:<5} {backend:8} {kind:8} {consume:8} {r['us_per_poll']:8.0f} {ratio:7.2f}x"
                        f" {r['us_per_job']:8.0f} {r['polls_per_job']:9.1f} {r['thread_us_per_job']:13.0f}"
                        f" {r['commits_per_job']:11.3f} {r['wall']:7.1f}",
                        flush=True,
                    )
    print(f"load average at the end {_load()}; median of the paired ratios (per poll, vs none):")
    for (backend, kind, consume), values in ratios.items():
        if kind != "none":
            print(
                f"  {backend:8} {kind:8} {consume:8} {statistics.median(values):5.2f}x  (each: "
                + ", ".join(f"{v:.2f}" for v in values)
                + ")"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--backend", choices=["asyncio", "trio"], action="append")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved repeats (medians of paired ratios)")
    parser.add_argument(
        "--runs", help="comma-separated store/results pairs, e.g. none/iterate,sqlite/iterate (default: all)"
    )
    parser.add_argument("--stage-seconds", type=float, default=5.0, help="each of a job's 3 stages (more: more polls)")
    args = parser.parse_args()
    chosen = RUNS if not args.runs else tuple((r.split("/")[0], r.split("/")[1]) for r in args.runs.split(","))
    stores(args.jobs, tuple(args.backend or ("asyncio", "trio")), chosen, args.rounds, args.stage_seconds)
