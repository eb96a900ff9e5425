"""How much a fleet of streaq workers speeds up one day of 60 projects, against one worker alone.

The setup of ``tests/contrib/test_fleet.py``, without the kill: 60 projects (one breakout each, so one
clone each) in the emulator served over HTTP on 127.0.0.1, its clock 10x real time (a rate-limit
minute every 6 s, jobs done in ~1 s), the key's per-minute limits at 150 read-light / 60 long-running
per emulator minute, and every worker given the same limits per real minute through one
`RedisRateLimiter`. Workers are started (and have connected) before the day is enqueued; the clock runs
from the enqueue to the 60th report. Runs, rotated each round: 1 worker x 4 projects at once, 3 workers
x 4, 1 worker x 12 (the fleet's concurrency in one process), and 3 workers x 4 each pacing itself
alone (no shared limiter: what the shared one prevents). Also printed: the emulator's 429s,
and the floor the limits put under the run (read-light requests / the limiter's rate).

Run: ``.venv/bin/python benchmarks/bench_fleet.py [--rounds 2]`` (needs redis-server and streaq)
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import anyio

from layers_async.testing import FakeLayers, RealClock

PROJECTS = 60
DAY_SECONDS = 86_400.0
EMULATOR_LIMITS = {"read_light": 150, "write_light": 60, "long_running": 60, "concurrent_jobs": 100}
LIMITER_LIMITS = {"read-light": 1_500, "write-light": 600, "long-running": 600}
# (name, workers, projects per worker at once, one limiter shared by all workers?)
SETUPS = (
    ("1 worker x 4", 1, 4, True),
    ("3 workers x 4", 3, 4, True),
    ("1 worker x 12", 1, 12, True),
    ("3 x 4 unshared", 3, 4, False),
)


def build_projects(fake: FakeLayers, org_id: str, count: int) -> list[str]:
    """``count`` projects of 14 posts, one a breakout (as tests/contrib/_fleet_world.py)."""
    now, projects = fake.now(), []
    for n in range(count):
        project = fake.create_project(org_id, f"fleet-{n:03d}")
        account = fake.add_social_account(project, "tiktok", handle=f"@fleet{n}", followers=5_000)
        for i in range(14):
            views, rate = (9_000 + n, 0.14) if i == 13 else (400 + (i * 137) % 500, 0.03 + (i % 5) * 0.004)
            post = fake.add_post(project, social_account_id=account, published_at=now - (1 + i / 7) * DAY_SECONDS)
            engaged = round(views * rate)
            fake.add_metrics(post, now - DAY_SECONDS, views=views, likes=engaged * 7 // 10, comments=engaged // 10)
        projects.append(project)
    return projects


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    exe = shutil.which("redis-server")
    if exe is None:
        print("bench_fleet: skipped, no redis-server installed (apt-get install -y redis-server)")
        raise SystemExit(0)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as workdir:
        args = [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workdir]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
                time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            proc.terminate()
            proc.wait(10)


@contextlib.contextmanager
def served(fake: FakeLayers) -> Iterator[str]:
    import uvicorn

    config = uvicorn.Config(
        fake.asgi_app, host="127.0.0.1", port=0, log_level="critical", lifespan="off", http="h11", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.01)
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)


def make_fleet(settings: dict[str, Any], concurrency: int = 4, shared: bool = True) -> Any:
    from layers_async.contrib.streaq import DailyFleet

    class Unshared(DailyFleet):
        """Each worker paces itself alone: its limiter keys live under a namespace of its own."""

        @contextlib.asynccontextmanager
        async def _resources(self) -> Any:
            from layers_async import Client
            from layers_async.contrib.redis import RedisJobStore, RedisRateLimiter
            from layers_async.contrib.streaq import FleetResources

            alone = RedisRateLimiter(
                settings["redis"], api_key=settings["key"], limits=LIMITER_LIMITS, namespace=uuid.uuid4().hex
            )
            async with alone, RedisJobStore(settings["redis"], namespace=settings["namespace"]) as store:
                client = Client(api_key=settings["key"], base_url=settings["base_url"], rate_limiter=alone)
                async with client:
                    yield FleetResources(client=client, store=store, limiter=alone)

    return (DailyFleet if shared else Unshared)(
        settings["redis"],
        api_key=settings["key"],
        limits=LIMITER_LIMITS,
        namespace=settings["namespace"],
        queue=settings["queue"],
        concurrency=concurrency,
        client_options={"base_url": settings["base_url"]},
    )


async def worker_main(settings: dict[str, Any]) -> None:
    """A worker process: connect, say so on stdout, take tasks until SIGTERM."""
    fleet = make_fleet(settings, settings["concurrency"], settings["shared"])
    async with anyio.create_task_group() as tg:
        await tg.start(fleet.worker.run_async)
        print("ready", flush=True)


async def enqueue(settings: dict[str, Any], projects: list[str], day: str) -> None:
    async with make_fleet(settings) as fleet:
        await fleet.enqueue(projects, day=day)


async def wait_reports(settings: dict[str, Any], day: str) -> None:
    async with make_fleet(settings) as fleet:
        with anyio.fail_after(600):
            while len(await fleet.reports(day)) < PROJECTS:  # noqa: ASYNC110 - polling Redis
                await anyio.sleep(0.05)


def one_run(redis: str, workers: int, concurrency: int, shared: bool) -> tuple[float, collections.Counter[int], int]:
    fake = FakeLayers(seed=5, clock=RealClock(speed=10.0), stage_seconds=(3.0, 3.0, 3.0), log_limit=200_000)
    org = fake.create_org("fleet", credits=100_000)
    key = fake.create_key(org, tier="standard", **EMULATOR_LIMITS)
    projects = build_projects(fake, org, PROJECTS)
    day, run = time.strftime("%Y-%m-%d", time.gmtime()), uuid.uuid4().hex[:8]
    with served(fake) as base_url:
        settings = {"redis": redis, "key": key.secret, "base_url": base_url, "concurrency": concurrency}
        settings["shared"] = shared
        settings |= {"namespace": f"bench-{run}", "queue": f"bench-{run}"}
        procs = [
            subprocess.Popen(
                [sys.executable, __file__, "--worker", json.dumps(settings)], stdout=subprocess.PIPE, text=True
            )
            for _ in range(workers)
        ]
        try:
            for proc in procs:
                assert proc.stdout is not None and "ready" in proc.stdout.readline()
            start = time.perf_counter()
            anyio.run(enqueue, settings, projects, day)
            anyio.run(wait_reports, settings, day)
            elapsed = time.perf_counter() - start
        finally:
            for proc in procs:
                proc.send_signal(signal.SIGTERM)
            for proc in procs:
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        log = fake.request_log
        reads = sum(1 for r in log if r.method == "GET")
        return elapsed, collections.Counter(r.status for r in log), reads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    try:
        import streaq  # noqa: F401
    except ImportError:
        print("bench_fleet: skipped, streaq is not installed (Python >= 3.11: pip install -e '.[fleet]')")
        return
    if args.worker:
        with contextlib.suppress(KeyboardInterrupt):
            anyio.run(worker_main, json.loads(args.worker))
        return
    print(f"load average at start: {os.getloadavg()[0]:.2f}; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    times: dict[str, list[float]] = collections.defaultdict(list)
    rate = LIMITER_LIMITS["read-light"] - LIMITER_LIMITS["read-light"] // 50
    with redis_server() as redis:
        for n in range(args.rounds):
            order = SETUPS[n % len(SETUPS) :] + SETUPS[: n % len(SETUPS)]
            for name, workers, concurrency, shared in order:
                elapsed, statuses, reads = one_run(redis, workers, concurrency, shared)
                times[name].append(elapsed)
                floor = reads / rate * 60
                print(
                    f"round {n + 1} {name:14} {elapsed:6.1f} s  429s {statuses[429]}  reads {reads} (floor {floor:.1f} s)"
                )
    base = sorted(times["1 worker x 4"])[len(times["1 worker x 4"]) // 2]
    for name, *_ in SETUPS:
        median = sorted(times[name])[len(times[name]) // 2]
        print(f"{name:14} median {median:6.1f} s   speedup vs 1 worker x 4: {base / median:4.2f}x")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
