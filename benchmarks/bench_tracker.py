"""Tracking 10,000 jobs at once: the JobTracker vs a naive "one task per job" poller.

Both run side by side in one process against an in-process FakeLayers, on asyncio and on trio:

* **holding memory per job** (tracemalloc): what it costs to have the jobs in flight, measured right
  after the tracker holds them / the naive tasks have started (target <= 1.5 KB per job);
* **client CPU per poll**: process CPU while tracking, minus the time spent inside the emulator,
  divided by the polls sent (target <= 200 us);
* **polls per job vs the cadence's minimum**: the minimum is how many polls the documented cadence
  (2 s, x1.3, 10 s ceiling, jitter ignored) needs to see each job's completion (target <= 1.1x);
* **jobs lost**: jobs never reported terminal (target 0).

Timing runs use real time (jobs take 3 x 5 s), so one run takes ~20 s.
Run: ``.venv/bin/python benchmarks/bench_tracker.py [--jobs N]``
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime
from typing import Any

import anyio

from layers_async import Client, Request, Response
from layers_async._polling import PollPolicy
from layers_async.models import Job
from layers_async.testing import FakeLayers, RealClock

UNLIMITED = {"read_light": 10**9, "write_light": 10**9, "long_running": 10**9, "concurrent_jobs": 10**9}


class CountingTransport:
    """Wraps the in-process transport: counts polls and the time spent inside the emulator."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.polls = 0
        self.emulator_seconds = 0.0
        self.safe_concurrency = 10

    async def handle_request(self, request: Request) -> Response:
        if request.method == "GET":
            self.polls += 1
        t0 = time.process_time()
        response: Response = await self.inner.handle_request(request)
        self.emulator_seconds += time.process_time() - t0
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def world(n: int, clock: Any) -> tuple[FakeLayers, list[str]]:
    fake = FakeLayers(seed=1, clock=clock)
    org = fake.create_org("bench", credits=10**9)
    fake.default_key = fake.create_key(org, tier="partner", **UNLIMITED)
    project = fake.create_project(org, "bench")
    jobs = []
    for _ in range(n):
        status, body = fake.request("POST", f"/v1/projects/{project}/content", json_body={})
        assert status == 202, body
        jobs.append(body["jobId"])
    return fake, jobs


async def naive_poll(client: Client, job_id: str, policy: PollPolicy, out: list[Job]) -> None:
    n, etag, last = 0, None, None
    while last is None or not last.is_terminal:
        await client.clock.sleep(policy.delay(n))
        n += 1
        fresh = await client.jobs.get(job_id, etag=etag)
        if fresh is not None:
            last, etag = fresh, fresh.etag
    out.append(last)


async def run_tracker(client: Client, jobs: list[str], hold: Callable[[], None]) -> list[Job]:
    async with client.jobs.tracker() as tracker:
        for job_id in jobs:
            tracker.add(job_id)
        hold()
        done = await tracker.gather()
    return [t.job for t in done if t.job is not None and t.job.is_terminal]


async def run_naive(client: Client, jobs: list[str], hold: Callable[[], None]) -> list[Job]:
    out: list[Job] = []
    policy = PollPolicy()
    async with anyio.create_task_group() as tg:
        for job_id in jobs:
            tg.start_soon(naive_poll, client, job_id, policy, out)
        await anyio.sleep(0.5)  # every task has started and sleeps before its first poll (due after 2 s)
        hold()
    return out


RUNNERS = {"tracker": run_tracker, "naive task per job": run_naive}


async def measure_memory(kind: str, n: int) -> float:
    """Bytes per job to hold ``n`` jobs in flight, measured before the first poll is due."""
    fake, jobs = world(n, RealClock(speed=1.0))
    held: list[int] = []
    async with fake.client() as client:
        gc.collect()
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]

        def hold() -> None:
            held.append(tracemalloc.get_traced_memory()[0] - base)
            raise _Stop

        try:
            await RUNNERS[kind](client, jobs, hold)
        except BaseException as exc:
            if not _is_stop(exc):
                raise
        finally:
            tracemalloc.stop()
    return held[0] / n


class _Stop(Exception):
    pass


def _is_stop(exc: BaseException) -> bool:
    if isinstance(exc, _Stop):
        return True
    inner = getattr(exc, "exceptions", ())
    return bool(inner) and all(_is_stop(e) for e in inner)


def minimum_polls(started: datetime, finished: datetime, added_at: float) -> int:
    """Polls the cadence needs (no jitter) to see a job that finished at ``finished``."""
    due, n, t = finished.timestamp() - added_at, 0, 0.0
    while t < due:
        t += min(2.0 * 1.3**n, 10.0)
        n += 1
    return max(n, 1)


async def measure_timing(kind: str, n: int) -> dict[str, float]:
    fake, jobs = world(n, RealClock(speed=1.0))
    counter = CountingTransport(fake.transport())
    async with Client(api_key=fake.default_key.secret, transport=counter, clock=fake.clock) as client:
        added_at = fake.clock.now()
        cpu0 = time.process_time()
        finished = await RUNNERS[kind](client, jobs, lambda: None)
        cpu = time.process_time() - cpu0
    minimum = sum(minimum_polls(j.started_at, j.finished_at, added_at) for j in finished if j.finished_at)
    return {
        "client_us_per_poll": (cpu - counter.emulator_seconds) / counter.polls * 1e6,
        "emulator_us_per_poll": counter.emulator_seconds / counter.polls * 1e6,
        "polls_per_job": counter.polls / n,
        "vs_minimum": counter.polls / minimum if minimum else float("nan"),
        "lost": n - len({j.job_id for j in finished}),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=10_000)
    args = parser.parse_args()
    n = args.jobs
    print(f"{n:,} jobs tracked at once, in-process FakeLayers (stages 3 x 5 s of real time)")
    header = f"{'backend':8} {'poller':20} {'KB/job':>7} {'client us/poll':>15} {'emulator us/poll':>17}"
    print(header + f" {'polls/job':>10} {'vs min':>7} {'lost':>5}")
    for backend in ("asyncio", "trio"):
        for kind in RUNNERS:
            kb = anyio.run(measure_memory, kind, n, backend=backend) / 1024
            t = anyio.run(measure_timing, kind, n, backend=backend)
            print(
                f"{backend:8} {kind:20} {kb:7.2f} {t['client_us_per_poll']:15.0f} {t['emulator_us_per_poll']:17.0f}"
                f" {t['polls_per_job']:10.2f} {t['vs_minimum']:6.2f}x {t['lost']:5.0f}"
            )


if __name__ == "__main__":
    main()
