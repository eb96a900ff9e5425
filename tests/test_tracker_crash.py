"""Crash test: a worker tracking 300 clones with a durable store is SIGKILLed 5 times and restarted.

The emulator is served over HTTP by this test (so it outlives every worker). At the end it holds
exactly 300 jobs, all terminal; the union of what the runs reported has every clone, and the only
repeats are results in hand at a kill, at most one per kill, each flagged ``redelivered``.
"""

from __future__ import annotations

import collections
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from layers_async.testing import FakeLayers, RealClock

COUNT = 300
KILLS = 5
CHILD = Path(__file__).with_name("_crash_child.py")
TERMINAL = {"completed", "failed", "canceled"}


@contextmanager
def served(fake: FakeLayers) -> Iterator[str]:
    """Serve ``fake`` over HTTP on 127.0.0.1 from a thread; yield its base URL."""
    import uvicorn

    config = uvicorn.Config(
        fake.asgi_app, host="127.0.0.1", port=0, log_level="critical", lifespan="off", http="h11", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def run_until(settings: dict[str, Any], out: Path, *, reported: int | None, delay: float) -> tuple[int | None, str]:
    """Start a worker; SIGKILL it once ``reported`` lines exist (plus ``delay`` s), or let it finish."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), json.dumps(settings)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while child.poll() is None and time.monotonic() < deadline:
        if reported is not None and len(lines(out)) >= reported:
            time.sleep(delay)
            child.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    try:
        _, err = child.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        child.kill()
        _, err = child.communicate()
    if reported is None:
        assert 0 == child.returncode, err.decode()
    return child.returncode, err.decode(errors="replace")[-3000:]


def crash_and_recover(store: dict[str, Any], tmp_path: Path, seed: int) -> None:
    fake = FakeLayers(seed=seed, clock=RealClock(), stage_seconds=(0.3, 0.3, 0.3))
    org = fake.create_org("acme")
    key = fake.create_key(org, tier="partner", concurrent_jobs=1000, long_running=100_000, read_light=100_000)
    project = fake.create_project(org, "acme-todo")
    posts = [fake.add_post(project, platform="tiktok", metrics={"views": 900 + i, "likes": 80}) for i in range(5)]
    out = tmp_path / "reported.jsonl"
    rng = random.Random(seed)
    # Kill after 1-59 more results (5 kills stay well inside 300), and once before a run reports anything.
    moments = [rng.randrange(1, 60) for _ in range(KILLS - 1)] + [0]
    rng.shuffle(moments)
    with served(fake) as base_url:
        settings = {"key": key.secret, "base_url": base_url, "project": project, "posts": posts, "count": COUNT}
        settings |= {"out": str(out), **store}
        for run, moment in enumerate(moments):
            settings["backend"] = ("asyncio", "trio")[run % 2]
            already = len(lines(out))
            killed, err = run_until(settings, out, reported=already + moment, delay=rng.uniform(0, 0.05))
            # It died mid-run, unless a fast machine let it report every clone before the kill point came.
            finished = killed == 0 and len({r["tag"] for r in lines(out)}) == COUNT
            assert killed == -signal.SIGKILL or finished, (killed, err)
        settings["backend"] = "trio"
        run_until(settings, out, reported=None, delay=0)
        jobs = fake.jobs_in(project)
        statuses = collections.Counter(fake.job(j)["status"] for j in jobs)
    reports = lines(out)
    per_tag = collections.Counter(r["tag"] for r in reports)
    repeats = [r for r in reports if per_tag[r["tag"]] > 1]
    assert COUNT == len(jobs) and set(statuses) <= TERMINAL, statuses
    assert set(range(COUNT)) == set(per_tag)
    assert {r["job"] for r in reports} == set(jobs)
    assert sum(n - 1 for n in per_tag.values()) <= KILLS
    first_seen: set[int] = set()
    for r in repeats:  # every copy after the first is flagged
        assert r["again"] or r["tag"] not in first_seen, r
        first_seen.add(r["tag"])
    print(f"kills={KILLS} reports={len(reports)} repeats={len(repeats)} flagged={sum(r['again'] for r in reports)}")


@pytest.mark.timeout(600)
def test_sigkilled_workers_with_a_sqlite_store_never_duplicate_or_lose_a_clone(tmp_path: Path) -> None:
    crash_and_recover({"store": "sqlite", "path": str(tmp_path / "jobs.db")}, tmp_path, seed=16)


@pytest.mark.timeout(600)
def test_sigkilled_workers_with_a_redis_store_never_duplicate_or_lose_a_clone(
    tmp_path: Path, redis_server: str
) -> None:
    store = {"store": "redis", "url": redis_server, "namespace": f"crash-{uuid.uuid4().hex}"}
    crash_and_recover(store, tmp_path, seed=17)


def test_the_child_is_a_plain_script() -> None:
    assert CHILD.exists() and os.access(CHILD, os.R_OK)
