"""Clone resubmission: the client's RetryPolicy, backoff's generators, and never a wait past the deadline."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from layers_async import AnyioClock, Client, Request, Response, RetryPolicy
from layers_async._tracker_state import TrackedJob
from layers_async.errors import ConnectError, RateLimitedError, ServerError
from layers_async.testing import MockTransport, RecordingClock, json_response

pytestmark = pytest.mark.anyio

ENVELOPE = {
    "jobId": "job_1",
    "kind": "content_clone_from_post",
    "status": "queued",
    "projectId": "prj_1",
    "containerId": "cnt_4b8e2a6c-0d3f-4a7b-9c1e-5f2a8d4b6c0e",
    "locationUrl": "/v1/jobs/job_1",
    "startedAt": "2026-05-13T08:00:04Z",
}


def limited(retry_after: str | None = None, details: dict[str, object] | None = None) -> Response:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    body = {"error": {"code": "RATE_LIMITED", "message": "slow down", "details": details or {}}}
    return json_response(429, body, headers)


def unavailable() -> Response:
    return json_response(503, {"error": {"code": "UNAVAILABLE", "message": "down"}})


async def track_one_clone(
    on_post: Callable[[int], Response], *, retry: RetryPolicy | None = None, deadline: float | None = None
) -> tuple[TrackedJob, RecordingClock, int]:
    """Clone once through a tracker; ``on_post(n)`` answers the n-th POST; polls see a completed job."""
    posts = 0

    def handler(request: Request) -> Response:
        nonlocal posts
        if request.method == "POST":
            posts += 1
            return on_post(posts)
        return json_response(200, {**ENVELOPE, "status": "completed"})

    clock = RecordingClock()
    client = Client(api_key="lp_test_c", transport=MockTransport(handler), clock=clock, retry=retry)
    async with client, client.jobs.tracker() as tracker:
        tracker.clone(project_id="prj_1", source_platform_post_id="pp_1", deadline=deadline)
        [result] = await tracker.gather()
    return result, clock, posts


async def test_a_retry_after_beyond_the_policy_gives_up_with_an_error_carrying_it() -> None:
    result, clock, posts = await track_one_clone(lambda n: limited("1000000000"))
    assert ("error", 1, [], 1e9) == (
        result.outcome,
        posts,
        clock.sleeps,
        result.error.retry_after if isinstance(result.error, RateLimitedError) else None,
    )


async def test_server_errors_give_up_after_the_policys_attempts_with_backoff_waits() -> None:
    policy = RetryPolicy(attempts=3, jitter=False, deadline=None)
    result, clock, posts = await track_one_clone(lambda n: unavailable(), retry=policy)
    # 3 rounds of 3 attempts each; every wait is one of backoff's (0.5, 1, 2, ...), none ad hoc.
    assert ("error", 9) == (result.outcome, posts)
    assert isinstance(result.error, ServerError)
    assert set(clock.sleeps) <= {0.5, 1.0, 2.0}


async def test_a_failure_that_never_leaves_the_machine_is_not_retried_for_ever() -> None:
    def refuse(n: int) -> Response:
        raise ConnectError("refused")

    result, _, posts = await track_one_clone(refuse, retry=RetryPolicy(attempts=2, jitter=False))
    assert ("error", 4) == (result.outcome, posts)
    assert isinstance(result.error, ConnectError)


async def test_rate_limits_wait_but_never_past_the_clones_deadline() -> None:
    result, clock, _ = await track_one_clone(lambda n: limited("5"), deadline=12.0)
    assert "timed_out" == result.outcome
    assert 12.0 == pytest.approx(clock.time)
    assert all(0 <= s <= 12.0 for s in clock.sleeps)


async def test_a_rate_limit_is_waited_out_and_the_same_clone_resent() -> None:
    def on_post(n: int) -> Response:
        return limited("5") if n <= 4 else json_response(202, ENVELOPE)

    result, clock, posts = await track_one_clone(on_post)
    assert ("completed", 5) == (result.outcome, posts)
    assert 20.0 <= clock.time


async def test_a_negative_retry_after_detail_never_stops_the_tracker() -> None:
    def on_post(n: int) -> Response:
        return limited(details={"retryAfterSeconds": -30}) if n == 1 else json_response(202, ENVELOPE)

    result, clock, posts = await track_one_clone(on_post, retry=RetryPolicy.disabled())
    assert ("completed", 2) == (result.outcome, posts)
    assert all(s >= 0 for s in clock.sleeps)


@pytest.mark.parametrize("seconds", [-5.0, math.nan, 0.0])
async def test_the_default_clock_treats_a_negative_or_nan_wait_as_none(seconds: float) -> None:
    await AnyioClock().sleep(seconds)  # trio's own sleep refuses negative values
