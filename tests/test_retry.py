"""Retries: when, how long, and never a duplicate mutation."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from layers_async import Client, Request, Response, RetryPolicy
from layers_async._attempts import send_with_retries
from layers_async.errors import (
    ConflictError,
    ConnectError,
    IdempotencyConflictError,
    KillSwitchError,
    RateLimitedError,
    ServerError,
    TransportError,
)
from layers_async.testing import MockTransport, RecordingClock, json_response

KEY = "lp_test_retry"
JOB = {
    "jobId": "job_01",
    "kind": "content_clone_from_post",
    "status": "running",
    "stage": "queued",
    "projectId": "prj_1",
    "containerId": "cnt_6d2f8a14-b39e-4c71-8f05-2ae9c7d41b58",
    "locationUrl": "/v1/jobs/job_01",
    "startedAt": "2026-05-11T09:30:02Z",
}


def error(status: int, code: str, headers: dict[str, str] | None = None) -> Response:
    return json_response(status, {"error": {"code": code, "message": code.lower()}}, headers or {})


def script(*steps: Response | Exception) -> Callable[[Request], Response]:
    """A handler answering each request with the next step (the last one repeats)."""
    it = itertools.chain(steps, itertools.repeat(steps[-1]))

    def handler(_: Request) -> Response:
        step = next(it)
        if isinstance(step, Exception):
            raise step
        return step

    return handler


def make(handler: Callable[[Request], Response], **kwargs: object) -> tuple[Client, MockTransport, RecordingClock]:
    transport = MockTransport(handler)
    clock = RecordingClock()
    client = Client(api_key=KEY, transport=transport, clock=clock, **kwargs)  # type: ignore[arg-type]
    return client, transport, clock


async def clone(client: Client) -> object:
    return await client.content.clone_from_post(project_id="prj_1", source_platform_post_id="pp_1")


@pytest.mark.anyio
async def test_idempotency_key_is_minted_once_and_reused_on_every_retry() -> None:
    client, transport, _ = make(script(error(503, "UNAVAILABLE"), ConnectError("refused"), json_response(202, JOB)))
    accepted = await client.content.clone_from_post(project_id="prj_1", source_platform_post_id="pp_1")
    keys = [r.header("idempotency-key") for r in transport.requests]
    assert [accepted.idempotency_key] * 3 == keys
    assert keys[0] is not None and len(keys[0]) == 36


@pytest.mark.anyio
async def test_retries_resend_the_same_path_and_body() -> None:
    client, transport, _ = make(script(error(500, "INTERNAL"), json_response(202, JOB)))
    await clone(client)
    first, second = transport.requests
    assert (first.url, first.content) == (second.url, second.content)


@pytest.mark.anyio
async def test_caller_supplied_idempotency_key_is_used() -> None:
    client, transport, _ = make(script(json_response(202, JOB)))
    await client.content.clone_from_post(project_id="prj_1", source_platform_post_id="pp_1", idempotency_key="my-key-1")
    assert transport.requests[0].header("idempotency-key") == "my-key-1"


@pytest.mark.anyio
async def test_two_logical_calls_get_two_keys() -> None:
    client, transport, _ = make(script(json_response(202, JOB)))
    await clone(client)
    await clone(client)
    keys = {r.header("idempotency-key") for r in transport.requests}
    assert len(keys) == 2


@pytest.mark.anyio
async def test_get_carries_no_idempotency_key() -> None:
    client, transport, _ = make(script(json_response(200, JOB)))
    await client.jobs.get("job_01")
    assert transport.requests[0].header("idempotency-key") is None


@pytest.mark.anyio
async def test_retry_after_is_waited_exactly() -> None:
    limited = error(429, "RATE_LIMITED", {"Retry-After": "7", "X-RateLimit-Endpoint-Class": "read-light"})
    client, transport, clock = make(script(limited, json_response(200, JOB)))
    await client.jobs.get("job_01")
    assert (len(transport.requests), clock.sleeps) == (2, [7.0])


@pytest.mark.anyio
async def test_retry_after_ms_is_honoured() -> None:
    client, _, clock = make(script(error(503, "UNAVAILABLE", {"retry-after-ms": "1500"}), json_response(200, JOB)))
    await client.jobs.get("job_01")
    assert clock.sleeps == [1.5]


@pytest.mark.anyio
async def test_retry_after_beyond_the_cap_raises_at_once_with_retry_after_set() -> None:
    client, transport, clock = make(
        script(error(429, "RATE_LIMITED", {"Retry-After": "3600"})), retry=RetryPolicy(max_retry_after=60)
    )
    with pytest.raises(RateLimitedError) as info:
        await client.jobs.get("job_01")
    assert (info.value.retry_after, len(transport.requests), clock.sleeps) == (3600.0, 1, [])


@pytest.mark.anyio
async def test_a_429_pauses_other_requests_of_the_same_class() -> None:
    limited = error(429, "RATE_LIMITED", {"Retry-After": "10", "X-RateLimit-Endpoint-Class": "read-light"})
    client, _, clock = make(script(limited), retry=RetryPolicy(attempts=1))
    with pytest.raises(RateLimitedError):
        await client.jobs.get("job_01")
    assert clock.now() + 10 == client.rate_gate.blocked_until("read-light")
    assert client.rate_gate.blocked_until("long-running") == 0.0


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (409, "CONFLICT", ConflictError),
        (409, "IDEMPOTENCY_CONFLICT", IdempotencyConflictError),
        (503, "KILL_SWITCH", KillSwitchError),
    ],
)
async def test_never_retried_codes(status: int, code: str, cls: type[Exception]) -> None:
    client, transport, clock = make(script(error(status, code)))
    with pytest.raises(cls):
        await clone(client)
    assert (len(transport.requests), clock.sleeps) == (1, [])


@pytest.mark.anyio
async def test_platform_error_is_not_retried() -> None:
    client, transport, _ = make(script(error(502, "PLATFORM_ERROR")))
    with pytest.raises(ServerError):
        await clone(client)
    assert len(transport.requests) == 1


@pytest.mark.anyio
async def test_post_without_key_is_never_retried_after_a_read_error() -> None:
    client, transport, _ = make(script(TransportError("connection reset", request_sent=True), json_response(202, JOB)))
    request = Request("POST", "https://api.layers.com/v1/jobs/job_01/cancel")
    with pytest.raises(TransportError):
        await send_with_retries(client, request, "/v1/jobs/job_01/cancel", None, "write-light", client.retry)
    assert len(transport.requests) == 1


@pytest.mark.anyio
async def test_post_with_key_is_retried_after_a_read_error() -> None:
    client, transport, _ = make(script(TransportError("connection reset", request_sent=True), json_response(202, JOB)))
    await clone(client)
    assert len(transport.requests) == 2


@pytest.mark.anyio
async def test_get_is_retried_after_a_read_error() -> None:
    client, transport, _ = make(script(TransportError("reset", request_sent=True), json_response(200, JOB)))
    await client.jobs.get("job_01")
    assert len(transport.requests) == 2


@pytest.mark.anyio
async def test_attempt_limit_is_respected() -> None:
    client, transport, clock = make(script(error(500, "INTERNAL")), retry=RetryPolicy(attempts=3))
    with pytest.raises(ServerError):
        await client.jobs.get("job_01")
    assert (len(transport.requests), len(clock.sleeps)) == (3, 2)


@pytest.mark.anyio
async def test_total_deadline_stops_retries() -> None:
    policy = RetryPolicy(attempts=100, initial=4, maximum=4, jitter=False, deadline=10)
    client, transport, clock = make(script(error(500, "INTERNAL")), retry=policy)
    with pytest.raises(ServerError):
        await client.jobs.get("job_01")
    assert (clock.sleeps, len(transport.requests)) == ([4.0, 4.0], 3)


@pytest.mark.anyio
async def test_backoff_waits_follow_the_formula_without_jitter() -> None:
    policy = RetryPolicy(attempts=6, initial=0.5, maximum=4, jitter=False, deadline=None)
    client, _, clock = make(script(error(503, "UNAVAILABLE")), retry=policy)
    with pytest.raises(ServerError):
        await client.jobs.get("job_01")
    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0, 4.0]


@pytest.mark.anyio
async def test_full_jitter_stays_under_the_ceiling() -> None:
    policy = RetryPolicy(attempts=5, initial=0.5, maximum=8, deadline=None)
    client, _, clock = make(script(error(503, "UNAVAILABLE")), retry=policy)
    with pytest.raises(ServerError):
        await client.jobs.get("job_01")
    ceilings = [0.5, 1.0, 2.0, 4.0]
    assert all(0 <= s <= c for s, c in zip(clock.sleeps, ceilings, strict=True))


@pytest.mark.anyio
async def test_disabled_policy_makes_one_attempt() -> None:
    client, transport, _ = make(script(error(503, "UNAVAILABLE")), retry=RetryPolicy.disabled())
    with pytest.raises(ServerError):
        await client.jobs.get("job_01")
    assert len(transport.requests) == 1


@pytest.mark.anyio
async def test_connect_errors_are_retried_for_any_method() -> None:
    client, transport, _ = make(script(ConnectError("refused"), ConnectError("refused"), json_response(202, JOB)))
    await clone(client)
    assert len(transport.requests) == 3


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(initial=-1)


@pytest.mark.parametrize(("first", "multiplier", "maximum"), [(2.0, 1.3, 10.0), (0.5, 2.0, 8.0), (1.0, 1.0, 5.0)])
def test_capped_exponential_is_backoffs_expo_sequence(first: float, multiplier: float, maximum: float) -> None:
    import backoff

    from layers_async._retry import capped_exponential

    gen = backoff.expo(base=multiplier, factor=first, max_value=maximum)
    gen.send(None)
    expected = [next(gen) for _ in range(60)]
    actual = [capped_exponential(n, first=first, multiplier=multiplier, maximum=maximum) for n in range(60)]
    assert expected == pytest.approx(actual)


@pytest.mark.parametrize("n", [2706, 10**6, 10**100])
def test_capped_exponential_never_overflows(n: int) -> None:
    from layers_async._retry import capped_exponential

    assert 10.0 == capped_exponential(n, first=2.0, multiplier=1.3, maximum=10.0)


@pytest.mark.parametrize(
    ("value", "expected"), [(None, None), (-3.0, 0.0), (float("nan"), None), (7.5, 7.5), (float("inf"), float("inf"))]
)
def test_a_retry_after_is_made_safe_to_sleep_on(value: float | None, expected: float | None) -> None:
    from layers_async._retry import sane_retry_after

    assert expected == sane_retry_after(value)
