"""PollSchedule: due jobs in order, never more than one bucket early, deadlines kept, sleepers woken."""

from __future__ import annotations

import random

import anyio
import anyio.lowlevel
import pytest

from layers_async._clock import AnyioClock, Clock
from layers_async._tracker_schedule import PollSchedule
from layers_async._tracker_state import JobEntry
from layers_async.testing import VirtualClock

pytestmark = pytest.mark.anyio

_BUCKET = 0.02


async def take_all(schedule: PollSchedule, clock: Clock, count: int, workers: int) -> list[tuple[float, JobEntry]]:
    """Run ``workers`` workers until ``count`` jobs were taken; (clock time, job) in the order taken."""
    taken: list[tuple[float, JobEntry]] = []

    async def worker() -> None:
        while True:
            entry = schedule.next_due()
            if entry is None:
                await schedule.wait()
                continue
            taken.append((clock.now(), entry))
            if len(taken) == count:
                tg.cancel_scope.cancel()
            await anyio.lowlevel.checkpoint()

    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            for _ in range(workers):
                tg.start_soon(worker)
    return taken


async def test_jobs_are_taken_by_due_time_and_never_more_than_one_bucket_early() -> None:
    clock = VirtualClock(start=1_000.0)
    schedule = PollSchedule(clock, expire=lambda entry: pytest.fail(f"{entry.job_id} expired"))
    rng = random.Random(5)
    due = {}
    for i in range(300):
        entry = JobEntry(f"job_{i}")
        delay = rng.uniform(0.0, 30.0)
        due[entry.job_id] = clock.now() + delay
        schedule.push(entry, delay)
    taken = await take_all(schedule, clock, 300, workers=4)
    assert 300 == len({entry.job_id for _, entry in taken})
    for at, entry in taken:
        assert at >= due[entry.job_id] - _BUCKET - 1e-9
    buckets = [int(due[entry.job_id] // _BUCKET) for _, entry in taken]
    assert buckets == sorted(buckets)


async def test_a_deadline_before_the_next_poll_expires_the_job_after_the_deadline_without_a_poll() -> None:
    clock = VirtualClock(start=1_000.0)
    expired: list[tuple[float, str]] = []
    schedule = PollSchedule(clock, expire=lambda entry: expired.append((clock.now(), entry.job_id)))
    late = JobEntry("job_late", deadline=clock.now() + 1.013)
    other = JobEntry("job_other")
    schedule.push(late, 5.0)
    schedule.push(other, 3.0)
    taken = await take_all(schedule, clock, 1, workers=2)
    assert ["job_other"] == [entry.job_id for _, entry in taken]
    assert ["job_late"] == [job_id for _, job_id in expired]
    assert late.deadline is not None
    assert late.deadline <= expired[0][0] <= late.deadline + _BUCKET


async def test_a_job_due_sooner_wakes_the_worker_sleeping_until_a_later_one() -> None:
    clock = AnyioClock()
    schedule = PollSchedule(clock, expire=lambda entry: None)
    schedule.push(JobEntry("job_later"), 60.0)
    got: list[str] = []

    async def worker() -> None:
        while True:
            entry = schedule.next_due()
            if entry is None:
                await schedule.wait()
            else:
                got.append(entry.job_id)
                tg.cancel_scope.cancel()
                return

    with anyio.fail_after(5):  # without the wake-up, the worker sleeps 60 s
        async with anyio.create_task_group() as tg:
            for _ in range(3):
                tg.start_soon(worker)
            await anyio.sleep(0.05)
            schedule.push(JobEntry("job_sooner"), 0.0)
    assert ["job_sooner"] == got


async def test_idle_workers_wake_when_an_empty_schedule_gets_a_job() -> None:
    clock = AnyioClock()
    schedule = PollSchedule(clock, expire=lambda entry: None)
    got: list[str] = []

    async def worker() -> None:
        while True:
            entry = schedule.next_due()
            if entry is None:
                await schedule.wait()
            else:
                got.append(entry.job_id)
                tg.cancel_scope.cancel()
                return

    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            for _ in range(3):
                tg.start_soon(worker)
            await anyio.sleep(0.05)
            schedule.push(JobEntry("job_first"), 0.0)
    assert ["job_first"] == got
