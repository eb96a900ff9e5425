"""The snapshot is the one place to resume from: unreported results travel in it, reported ones never."""

from __future__ import annotations

import pytest

from layers_async import Client, Request, Response
from layers_async._converter import structure
from layers_async.errors import RateLimitedError
from layers_async.models import Job
from layers_async.testing import MockTransport, RecordingClock

pytestmark = pytest.mark.anyio

DONE = {
    "jobId": "job_done",
    "kind": "content_generate",
    "status": "completed",
    "startedAt": "2026-05-01T00:00:00Z",
    "containerId": "cnt_1",
}


def client() -> Client:
    def handler(request: Request) -> Response:
        raise AssertionError("no request expected")

    return Client(api_key="lp_test_s", transport=MockTransport(handler), clock=RecordingClock(wall_start=1.8e9))


async def test_a_result_not_yet_reported_is_reported_by_the_resumed_tracker() -> None:
    first = client().jobs.tracker()
    async with first:
        first.add(structure(DONE, Job), tag="t")  # terminal: finished at once, never iterated
    async with client().jobs.tracker(resume=first.snapshot()) as resumed:
        [result] = [r async for r in resumed]
    assert ("job_done", "completed", "t", "cnt_1") == (result.job_id, result.outcome, result.tag, result.container_id)
    assert result.job is not None and result.job.status.value == "completed"


async def test_a_reported_result_is_not_in_the_snapshot() -> None:
    tracker = client().jobs.tracker()
    async with tracker:
        tracker.add(structure(DONE, Job))
        reported = [r async for r in tracker]
    resumed = client().jobs.tracker(resume=tracker.snapshot())
    assert (1, []) == (len(reported), resumed.finished)


def test_an_api_error_of_an_unreported_result_comes_back_whole() -> None:
    from layers_async._tracker_snapshot import dump_snapshot, load_snapshot
    from layers_async._tracker_state import TrackedJob

    error = RateLimitedError("slow", status_code=429, code="RATE_LIMITED", retry_after=float("inf"))
    token = dump_snapshot([], [], [TrackedJob(job_id=None, outcome="error", error=error)], to_wall=float)
    [(restored)] = load_snapshot(token, from_wall=float)[2]
    assert isinstance(restored.error, RateLimitedError)
    assert (429, "RATE_LIMITED", float("inf")) == (
        restored.error.status_code,
        restored.error.code,
        restored.error.retry_after,
    )
