"""Fleet test: 3 streaq workers run one day of 60 projects; one is SIGKILLed with clones in flight.

The emulator is served over HTTP by this test, its clock 10x real time so a rate-limit minute passes
every 6 s and jobs finish in about a second. The key's per-minute limits are below the fleet's demand:
the shared `RedisRateLimiter` keeps the 429s away (workers pacing themselves alone drew 16-19 in
``benchmarks/bench_fleet.py``). At the end every project
has exactly one report and one clone job on the server (the interrupted projects' clones were resumed
from the `RedisJobStore`, not started again), every job is terminal, and the survivors worked side by
side. (How much faster than one worker: ``benchmarks/bench_fleet.py``; tests assert no timings.)
"""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
import pytest

from layers_async.testing import FakeLayers, RealClock
from tests._served import served
from tests.contrib._fleet_world import build_projects

if TYPE_CHECKING:
    from layers_async.contrib.streaq import DailyFleet

PROJECTS = 60
WORKERS = 3
SPEED = 10.0  # emulator seconds per real second
# Per emulator minute (6 real seconds); the limiter is given the same limits per real minute.
EMULATOR_LIMITS = {"read_light": 150, "write_light": 60, "long_running": 60, "concurrent_jobs": 100}
LIMITER_LIMITS = {"read-light": 1_500, "write-light": 600, "long-running": 600}
#: The 429s tolerated: the limiter keeps a 2% margin under each window, so none is expected; a few
#: requests reserved at the end of one window may still reach the server early in a crowded next one.
MAX_429 = 3
TERMINAL = {"completed", "failed", "canceled"}
#: Seconds before a dead worker's task moves (live workers renew theirs every 0.9 of it): short, so the
#: test is quick, yet with room for a loaded machine's scheduling delays.
IDLE_TIMEOUT = 8.0
CHILD = Path(__file__).with_name("_fleet_worker.py")


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@contextmanager
def workers(settings: dict[str, Any], tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Start the worker processes; on the way out stop them (SIGTERM, then SIGKILL) whatever happened."""
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for n in range(WORKERS):
            mine = settings | {"name": f"w{n}", "backend": ("trio", "asyncio", "asyncio")[n]}
            log = open(tmp_path / f"w{n}.log", "wb")  # noqa: SIM115 - closed with the process below
            procs.append(subprocess.Popen([sys.executable, str(CHILD), json.dumps(mine)], stdout=log, stderr=log))
            log.close()
        yield procs
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture
def streaq_installed() -> None:
    try:
        import streaq  # noqa: F401
    except ImportError:
        reason = "streaq is not installed (pip install -e '.[dev]' on Python >= 3.11)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the fleet test must run)")
        pytest.skip(reason)


def producer(settings: dict[str, Any]) -> DailyFleet:
    from layers_async.contrib.streaq import DailyFleet

    return DailyFleet(
        settings["redis"],
        api_key=settings["key"],
        limits=settings["limits"],
        namespace=settings["namespace"],
        queue=settings["queue"],
    )


async def enqueue(settings: dict[str, Any], projects: list[str], day: str) -> int:
    async with producer(settings) as fleet:
        return await fleet.enqueue(projects, day=day)


async def reports(settings: dict[str, Any], day: str) -> dict[str, str]:
    async with producer(settings) as fleet:
        return await fleet.reports(day)


def wait_for(predicate: Any, what: str, out: Path, tmp_path: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            logs = "\n".join((tmp_path / f"w{n}.log").read_text()[-1500:] for n in range(WORKERS))
            raise AssertionError(f"timed out waiting for {what}; {len(lines(out))} lines\n{logs}")
        time.sleep(0.05)


def finished(out: Path, worker: str) -> int:
    return sum(1 for f in lines(out) if f["w"] == worker and f["kind"] == "done")


def in_flight_clones(out: Path, worker: str) -> set[str]:
    """Projects ``worker`` started and saw a clone job for, but did not finish."""
    facts = [f for f in lines(out) if f["w"] == worker]
    ended = {f["project"] for f in facts if f["kind"] in ("done", "skip")}
    return {f["project"] for f in facts if f["kind"] == "event"} - ended


def overlapping(facts: list[dict[str, Any]]) -> bool:
    """Did two different workers run projects at the same moment?"""
    spans: dict[tuple[str, str, int], list[float]] = {}
    for f in facts:
        if f["kind"] in ("start", "done"):
            spans.setdefault((f["w"], f["project"], f["tries"]), []).append(f["at"])
    done = [(w, s[0], s[1]) for (w, _, _), s in spans.items() if len(s) == 2]
    return any(a < d and c < b for w1, a, b in done for w2, c, d in done if w1 != w2)


@pytest.mark.timeout(240)
def test_a_fleet_with_a_killed_worker_reports_each_project_once_without_a_duplicate_clone(
    tmp_path: Path, redis_server: str, streaq_installed: None
) -> None:
    fake = FakeLayers(seed=5, clock=RealClock(speed=SPEED), stage_seconds=(3.0, 3.0, 3.0), log_limit=200_000)
    org = fake.create_org("fleet", credits=100_000)
    key = fake.create_key(org, tier="standard", **EMULATOR_LIMITS)
    projects = build_projects(fake, org, PROJECTS)
    out = tmp_path / "facts.jsonl"
    day = time.strftime("%Y-%m-%d", time.gmtime())
    run = uuid.uuid4().hex[:8]
    with ExitStack() as stack:
        base_url = stack.enter_context(served(fake))
        settings = {"redis": redis_server, "key": key.secret, "base_url": base_url, "out": str(out)}
        settings |= {"limits": LIMITER_LIMITS, "namespace": f"fleet-{run}", "queue": f"daily-{run}"}
        settings |= {"concurrency": 4, "idle_timeout": IDLE_TIMEOUT}
        assert PROJECTS == anyio.run(enqueue, settings, projects, day)
        assert PROJECTS == anyio.run(enqueue, settings, projects, day)  # all still queued: streaq drops them
        procs = stack.enter_context(workers(settings, tmp_path))
        victim = procs[0]
        # Mid-run: w0 has finished a few projects and has a clone in flight in another.
        ready = lambda: finished(out, "w0") >= 3 and bool(in_flight_clones(out, "w0"))  # noqa: E731
        wait_for(ready, "w0 to finish 3 projects and have a clone in flight", out, tmp_path)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        interrupted = in_flight_clones(out, "w0")
        wait_for(lambda: len(anyio.run(reports, settings, day)) == PROJECTS, "60 reports", out, tmp_path)
        final = {p: json.loads(r) for p, r in anyio.run(reports, settings, day).items()}
        assert 0 == anyio.run(enqueue, settings, projects, day)  # the day is done: nothing is sent again
        jobs = {p: fake.jobs_in(p) for p in projects}
        statuses = collections.Counter(fake.job(j)["status"] for js in jobs.values() for j in js)
        answered = collections.Counter(r.status for r in fake.request_log)
    facts = lines(out)
    done = collections.Counter(f["project"] for f in facts if f["kind"] == "done")
    by_worker = collections.Counter(f["w"] for f in facts if f["kind"] == "done")
    print(f"done per worker {dict(by_worker)}; interrupted {len(interrupted)}; answers {dict(answered)}")

    # Every project processed once that day: one report each, and `run_daily` finished once per project
    # (an interrupted one may have written its report just before the kill, then the retry only skips).
    assert set(projects) == set(final) and {"act"} == {r["decision"] for r in final.values()}
    once = {p: done[p] for p in projects if p not in interrupted}
    assert ({}, {}) == ({p: n for p, n in once.items() if n != 1}, {p: done[p] for p in interrupted if done[p] > 1})
    # No duplicate clone: one job per project on the server, all terminal, each the one its report names.
    assert dict.fromkeys(projects, 1) == {p: len(js) for p, js in jobs.items()}
    assert set(statuses) <= TERMINAL, statuses
    named = {p: [c["job_id"] for c in final[p]["clones"]] for p in projects}
    assert {} == {p: (named[p], jobs[p]) for p in projects if named[p] not in ([], jobs[p])}
    # The interrupted projects were claimed by another worker, which resumed the clone w0 had started.
    assert interrupted
    seen_by_w0 = {f["project"]: f["job"] for f in facts if f["w"] == "w0" and f["kind"] == "event"}
    for project in interrupted:
        retried = [f for f in facts if f["project"] == project and f["kind"] == "start" and f["w"] != "w0"]
        assert retried and max(f["tries"] for f in retried) >= 2, retried
        assert [seen_by_w0[project]] == jobs[project]
    # The shared limiter kept the fleet under the key's limits.
    assert answered[429] <= MAX_429, answered
    assert answered[200] > PROJECTS
    # The fleet worked in parallel: every worker took a share, at the same time as another.
    assert by_worker["w0"] >= 3 and by_worker["w1"] >= 5 and by_worker["w2"] >= 5, by_worker
    assert overlapping(facts)
