"""The rate gate: pacing from X-RateLimit-* headers, and every wait bounded."""

from __future__ import annotations

import pytest

from layers_async import Client, Request, Response, RetryPolicy
from layers_async._ratelimit import MAX_GATE_WAIT, MAX_RESET_WAIT, RateGate
from layers_async.errors import RateLimitedError, ServerError
from layers_async.testing import MockTransport, RecordingClock, json_response

EPOCH = 1_800_000_000.0


class WallClock(RecordingClock):
    """A recording clock that also tells epoch time (so the gate reads resets against it)."""

    def wall(self) -> float:
        return self.time


def limited(remaining: str, reset: str, **extra: str) -> Response:
    headers = {"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": remaining, "X-RateLimit-Reset": reset, **extra}
    return Response(200, headers, b"{}")


async def exhaust(gate: RateGate, response: Response) -> None:
    await gate.acquire("read-light")
    gate.release("read-light", response)


@pytest.mark.anyio
async def test_an_exhausted_window_waits_for_its_reset() -> None:
    clock = WallClock(EPOCH)
    gate = RateGate(clock)
    await exhaust(gate, limited("0", str(EPOCH + 12)))
    await gate.acquire("read-light")
    assert clock.sleeps == [12.0]


@pytest.mark.anyio
@pytest.mark.parametrize("reset", [str(EPOCH + 3600), "inf", "1e308"])
async def test_a_reset_far_away_waits_at_most_the_window(reset: str) -> None:
    clock = WallClock(EPOCH)
    gate = RateGate(clock)
    await exhaust(gate, limited("0", reset))
    await gate.acquire("read-light")
    assert sum(clock.sleeps) <= MAX_RESET_WAIT


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("remaining", "reset"), [("0", "nan"), ("0", "soon"), ("nan", "1"), ("0", ""), ("x", str(EPOCH + 5))]
)
async def test_unparseable_or_nan_values_are_ignored(remaining: str, reset: str) -> None:
    clock = WallClock(EPOCH)
    gate = RateGate(clock)
    await exhaust(gate, limited(remaining, reset))
    await gate.acquire("read-light")
    assert clock.sleeps == []


@pytest.mark.anyio
async def test_a_reset_in_the_past_counts_as_now() -> None:
    clock = WallClock(EPOCH)
    gate = RateGate(clock)
    await exhaust(gate, limited("-4", str(EPOCH - 50)))
    await gate.acquire("read-light")
    assert clock.sleeps == []


@pytest.mark.anyio
async def test_a_relative_reset_is_preferred_to_the_absolute_one() -> None:
    clock = WallClock(EPOCH - 7200)  # the client's clock is two hours behind the server's
    gate = RateGate(clock)
    await exhaust(gate, limited("0", str(EPOCH + 30), **{"X-RateLimit-Reset-After": "4"}))
    await gate.acquire("read-light")
    assert clock.sleeps == [4.0]


@pytest.mark.anyio
async def test_a_client_clock_behind_the_servers_cannot_stall_calls() -> None:
    clock = WallClock(EPOCH - 86_400)
    gate = RateGate(clock)
    for _ in range(5):
        await exhaust(gate, limited("0", str(EPOCH + 30)))
    assert sum(clock.sleeps) <= 5 * MAX_RESET_WAIT


@pytest.mark.anyio
async def test_the_total_wait_of_one_call_is_capped() -> None:
    clock = WallClock(EPOCH)
    gate = RateGate(clock)
    gate.close_for("read-light", 10_000)  # as if a 429 had said so
    await gate.acquire("read-light")
    assert sum(clock.sleeps) == MAX_GATE_WAIT


@pytest.mark.anyio
async def test_the_callers_budget_bounds_the_wait() -> None:
    clock = WallClock(EPOCH)
    gate = RateGate(clock)
    await exhaust(gate, limited("0", str(EPOCH + 50)))
    assert (False, []) == (await gate.ready("read-light", budget=2.5), clock.sleeps)
    assert (True, [50.0]) == (await gate.ready("read-light", budget=50.0), clock.sleeps)


@pytest.mark.anyio
async def test_a_clock_that_does_not_advance_cannot_loop_forever() -> None:
    class Frozen(WallClock):
        async def sleep(self, seconds: float) -> None:
            self.sleeps.append(seconds)

    clock = Frozen(EPOCH)
    gate = RateGate(clock)
    await exhaust(gate, limited("0", str(EPOCH + 50)))
    await gate.acquire("read-light")
    assert sum(clock.sleeps) <= MAX_GATE_WAIT


@pytest.mark.anyio
async def test_a_stalled_endpoint_class_never_outlasts_the_retry_deadline() -> None:
    def handler(_: Request) -> Response:
        return json_response(
            200, {}, {"X-RateLimit-Limit": "1", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "inf"}
        )

    clock = WallClock(EPOCH)
    async with Client(
        api_key="lp_test", transport=MockTransport(handler), clock=clock, retry=RetryPolicy(deadline=5.0)
    ) as client:
        for _ in range(3):
            await client.send("GET", "/v1/whoami")
    assert clock.sleeps == []


@pytest.mark.anyio
async def test_an_hour_away_reset_costs_a_call_at_most_one_window() -> None:
    reset = str(EPOCH + 3600)

    def handler(_: Request) -> Response:
        return json_response(
            200, {}, {"X-RateLimit-Limit": "1", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
        )

    clock = WallClock(EPOCH)
    async with Client(
        api_key="lp_test", transport=MockTransport(handler), clock=clock, retry=RetryPolicy(deadline=5.0)
    ) as client:
        for _ in range(3):
            await client.send("GET", "/v1/whoami")
    assert clock.sleeps == [MAX_RESET_WAIT, MAX_RESET_WAIT]


@pytest.mark.anyio
async def test_a_retry_that_would_wait_past_the_deadline_raises_the_last_error() -> None:
    def handler(_: Request) -> Response:
        return json_response(429, {"error": {"code": "RATE_LIMITED", "message": "slow"}}, {"Retry-After": "30"})

    clock = WallClock(EPOCH)
    transport = MockTransport(handler)
    retry = RetryPolicy(deadline=10.0, max_retry_after=60.0)
    async with Client(api_key="lp_test", transport=transport, clock=clock, retry=retry) as client:
        with pytest.raises(RateLimitedError) as info:
            await client.send("GET", "/v1/whoami")
    assert (info.value.retry_after, len(transport.requests), clock.sleeps) == (30.0, 1, [])


@pytest.mark.anyio
async def test_a_retry_never_waits_at_the_gate_past_the_deadline() -> None:
    exhausted = {"X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(EPOCH + 50)}

    def handler(_: Request) -> Response:
        return json_response(503, {"error": {"code": "UNAVAILABLE", "message": "busy"}}, exhausted)

    clock = WallClock(EPOCH)
    transport = MockTransport(handler)
    retry = RetryPolicy(deadline=10.0, jitter=False, initial=0.5)
    async with Client(api_key="lp_test", transport=transport, clock=clock, retry=retry) as client:
        with pytest.raises(ServerError):
            await client.send("GET", "/v1/whoami")
    assert (1, [0.5]) == (len(transport.requests), clock.sleeps)
