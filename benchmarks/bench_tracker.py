"""The JobTracker at 1,000, 10,000 and 100,000 jobs: what one poll costs as the number of jobs grows.

Default run (steady state, jobs that never finish, so every size holds all its jobs while it is
measured), twice: against a trivial in-memory server that answers every poll with prepared bytes (the
client alone: its cost does not grow with the number of jobs), then against FakeLayers in the same
process (``--servers``). For each backend (asyncio, trio) and each size, interleaved over ``--rounds``
rounds (1k, 10k, 100k, 1k, ...), every job is polled once, then ``--warmup`` more polls run, then
``--polls`` polls are measured (so every measured poll replaces a job's previous state, at every size):

* **client CPU per poll**: process CPU minus the time spent inside the in-process emulator (virtual clock:
  no real waiting, so the polls run back to back);
* **GC time per poll**: CPU time inside the cyclic collector (``gc.callbacks``), and gen-0 / gen-2
  collections per 1,000 polls (a gen-0 collection runs every 700 net container allocations);
* **retained blocks per poll** (``--traced`` more polls after the timed ones, tracemalloc started with
  them): memory blocks allocated during them and still alive at their end, outside the emulator's own
  modules, per poll; with ``--top``, the source lines they come from (last round);
* **KB per job**: tracemalloc while the jobs are added, before the first poll;
* **polls/s per core, client alone**: FakeLayers served by uvicorn in a child process, the default
  transport (httpx); polls divided by this process's CPU seconds (asyncio; ``--no-remote`` skips it).

Medians over the rounds; ``100k/10k`` is the median of the per-round ratios (targets: GC ≤ 1.5×, CPU ≤ 1.1×).

``--end-to-end`` runs the earlier benchmark instead: 10,000 jobs (``--jobs``) run to completion in real
time (3 × 5 s stages), the tracker beside a naive "one task per job" poller, with polls per job against the
cadence's minimum and jobs lost.

Run: ``.venv/bin/python benchmarks/bench_tracker.py`` (~5 min; ``--sizes``, ``--rounds``, ``--polls``).
"""

from __future__ import annotations

import argparse
import gc
import sys
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


def end_to_end(n: int) -> None:
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


def table(args: argparse.Namespace, sizes: list[int], server: str) -> None:
    import statistics

    from bench_tracker_steady import steady_client_alone, steady_in_process

    run = steady_client_alone if server == "alone" else steady_in_process
    print(
        "the client alone: a trivial in-memory server with prepared 200/304 answers (all CPU is the client's)"
        if server == "alone"
        else "FakeLayers in the same process (client CPU = process CPU minus the time inside the emulator)"
    )
    print(
        f"{'backend':8} {'jobs':>7} {'KB/job':>7} {'client us/poll':>15} {'GC us/poll':>11} {'gen0/1k':>8}"
        f" {'gen2/1k':>8} {'blocks/poll':>12} {'emulator us/poll':>17}"
    )
    for backend in ("asyncio", "trio"):
        runs: dict[int, list[dict[str, Any]]] = {n: [] for n in sizes}
        for _ in range(args.rounds):
            for n in sizes:
                runs[n].append(anyio.run(run, n, n + args.warmup, args.polls, args.traced, backend=backend))
        for n in sizes:
            med = {k: statistics.median(r[k] for r in runs[n]) for k in runs[n][0] if k != "top"}
            print(
                f"{backend:8} {n:>7,} {med['kb_per_job']:7.2f} {med['client_us']:15.1f} {med['gc_us']:11.2f}"
                f" {med['gen0_per_1k']:8.1f} {med['gen2_per_1k']:8.2f} {med['blocks_per_poll']:12.2f}"
                f" {med['emulator_us']:17.1f}",
                flush=True,
            )
            if args.top:
                for line, per_poll in runs[n][-1]["top"]:
                    print(f"    {per_poll:8.3f} blocks/poll  {line}")
        if len(sizes) >= 2:
            big, small = sizes[-1], sizes[-2]
            pairs = list(zip(runs[big], runs[small]))
            cpu_ratio = statistics.median(b["client_us"] / s["client_us"] for b, s in pairs)
            gc_small = statistics.median(s["gc_us"] for _, s in pairs)
            gc_big = statistics.median(b["gc_us"] for b, _ in pairs)
            if gc_small > 0:
                gc_text = f"{statistics.median(b['gc_us'] / s['gc_us'] if s['gc_us'] else float('inf') for b, s in pairs):.2f}x"
            else:
                gc_text = f"{gc_big:.2f} us vs {gc_small:.2f} us (no ratio: none at {small:,})"
            print(
                f"{backend:8} {big:,}/{small:,}: GC per poll {gc_text}, client CPU per poll {cpu_ratio:.2f}x",
                flush=True,
            )


def steady(args: argparse.Namespace) -> None:
    from bench_tracker_steady import start_remote, steady_remote

    sizes = [int(x) for x in args.sizes.split(",")]
    print(
        f"steady state, jobs never finish; each job polled once, then {args.warmup:,} more, then {args.polls:,} measured;"
        f" {args.rounds} interleaved rounds, medians; Python {sys.version.split()[0]}"
    )
    for server in args.servers.split(","):
        table(args, sizes, server)
    if args.no_remote:
        return
    print("emulator in another process (uvicorn), default transport (httpx), asyncio: the client alone")
    print(f"{'jobs':>7} {'polls/s per core':>17} {'polls/s':>8} {'client us/poll':>15} {'GC us/poll':>11}")
    for n in sizes:
        child, info = start_remote(n)
        try:
            base = f"http://127.0.0.1:{info['port']}"
            r = anyio.run(steady_remote, base, info["key"], info["jobs"], args.warmup, args.remote_polls)
        finally:
            child.terminate()
            child.wait(10)
        print(
            f"{n:>7,} {r['polls_per_cpu_s']:17,.0f} {r['polls_per_s']:8,.0f} {1e6 / r['polls_per_cpu_s']:15.0f} {r['gc_us']:11.2f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1_000, help="polls after every job was polled once")
    parser.add_argument("--polls", type=int, default=10_000, help="polls timed")
    parser.add_argument("--traced", type=int, default=2_000, help="polls traced by tracemalloc, after the timed ones")
    parser.add_argument("--remote-polls", type=int, default=5_000)
    parser.add_argument("--top", action="store_true", help="the source lines of retained blocks")
    parser.add_argument("--servers", default="alone,emulator", help="in-process tables: alone, emulator")
    parser.add_argument("--no-remote", action="store_true")
    parser.add_argument("--end-to-end", action="store_true", help="the earlier end-to-end benchmark")
    parser.add_argument("--jobs", type=int, default=10_000, help="--end-to-end only")
    args = parser.parse_args()
    if args.end_to_end:
        end_to_end(args.jobs)
    else:
        steady(args)


if __name__ == "__main__":
    main()
