"""The `RateLimiter` behaviour suite: every implementation must pass it, on asyncio and on trio."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

import anyio
import pytest

from layers_async import AnyioClock, LocalRateLimiter, RateLimiter, Response

pytestmark = pytest.mark.anyio


class Backend:
    """Opens limiters; ``shared`` ones (same API key, same backing) hold each other's pauses."""

    def __init__(self, opener: Callable[[AsyncExitStack], Awaitable[Any]], *, shared: bool) -> None:
        self.opener, self.shared = opener, shared
        self.stack = AsyncExitStack()

    async def open(self) -> Any:
        return await self.opener(self.stack)


def _local() -> Backend:
    async def opener(stack: AsyncExitStack) -> Any:
        return LocalRateLimiter(AnyioClock())

    return Backend(opener, shared=False)


def _redis(url: str) -> Backend:
    from layers_async.contrib.redis import RedisRateLimiter

    namespace = f"test-{uuid.uuid4().hex}"

    async def opener(stack: AsyncExitStack) -> Any:
        limiter = RedisRateLimiter(url, api_key="sk_test_shared", tier="partner", namespace=namespace)
        return await stack.enter_async_context(limiter)

    return Backend(opener, shared=True)


@pytest.fixture(params=["local", "redis"])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    made = _redis(request.getfixturevalue("redis_server")) if request.param == "redis" else _local()
    async with made.stack:
        yield made


def spent(reset_in: float) -> Response:
    """A response saying the window's allowance is used up until ``reset_in`` seconds from now."""
    headers = (
        ("X-RateLimit-Limit", "100"),
        ("X-RateLimit-Remaining", "0"),
        ("X-RateLimit-Reset", f"{time.time() + reset_in:.3f}"),
    )
    return Response(200, headers, b"{}")


async def finish_order(limiter: Any, classes: list[str]) -> list[str]:
    order: list[str] = []

    async def one(endpoint_class: str) -> None:
        await limiter.acquire(endpoint_class)
        order.append(endpoint_class)
        limiter.release(endpoint_class, None)

    with anyio.fail_after(10):
        async with anyio.create_task_group() as tg:
            for endpoint_class in classes:
                tg.start_soon(one, endpoint_class)
    return order


async def test_every_implementation_is_a_rate_limiter(backend: Backend) -> None:
    assert isinstance(await backend.open(), RateLimiter)


async def test_an_open_class_lets_requests_through(backend: Backend) -> None:
    limiter = await backend.open()
    with anyio.fail_after(5):
        for _ in range(5):
            await limiter.acquire("read-light")
            limiter.release("read-light", Response(200, (), b"{}"))


async def test_a_pause_holds_its_class_for_its_length(backend: Backend) -> None:
    limiter = await backend.open()
    await limiter.pause("long-running", 0.4)
    started = time.monotonic()
    await limiter.acquire("long-running")
    assert time.monotonic() - started >= 0.35


async def test_a_pause_holds_only_its_class(backend: Backend) -> None:
    limiter = await backend.open()
    await limiter.pause("long-running", 0.4)
    assert ["read-light", "long-running"] == await finish_order(limiter, ["long-running", "read-light"])


async def test_a_shorter_pause_does_not_cut_a_longer_one(backend: Backend) -> None:
    limiter = await backend.open()
    await limiter.pause("write-light", 0.5)
    await limiter.pause("write-light", 0.05)
    started = time.monotonic()
    await limiter.acquire("write-light")
    assert time.monotonic() - started >= 0.45


async def test_a_spent_allowance_holds_the_class_until_the_window_resets(backend: Backend) -> None:
    limiter = await backend.open()
    await limiter.acquire("read-light")
    limiter.release("read-light", spent(0.5))
    started = time.monotonic()
    await limiter.acquire("read-light")
    assert time.monotonic() - started >= 0.4


async def test_a_pause_holds_every_limiter_sharing_the_key(backend: Backend) -> None:
    if not backend.shared:
        pytest.skip("an in-process limiter belongs to one client")
    first, second = await backend.open(), await backend.open()
    await first.pause("long-running", 0.4)
    started = time.monotonic()
    await second.acquire("long-running")
    assert time.monotonic() - started >= 0.35


class Recording:
    """A `RateLimiter` that writes down what the client asks of it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []

    async def acquire(self, endpoint_class: str) -> None:
        self.calls.append(("acquire", endpoint_class))

    def release(self, endpoint_class: str, response: Response | None) -> None:
        self.calls.append(("release", endpoint_class, str(None if response is None else response.status_code)))

    async def pause(self, endpoint_class: str, seconds: float) -> None:
        self.calls.append(("pause", endpoint_class, f"{seconds:g}"))


async def test_the_client_asks_its_limiter_around_every_attempt_and_pauses_it_on_a_429() -> None:
    from layers_async import Client, RetryPolicy
    from layers_async.errors import ServerError
    from layers_async.testing import MockTransport, RecordingClock, json_response

    replies = iter(
        [
            Response(429, (("Retry-After", "7"), ("X-RateLimit-Endpoint-Class", "read-light")), b"{}"),
            json_response(500, {"error": {"code": "INTERNAL", "message": "boom"}}),
        ]
    )
    limiter = Recording()
    client = Client(
        api_key="sk_test",
        transport=MockTransport(lambda request: next(replies)),
        clock=RecordingClock(),
        retry=RetryPolicy(attempts=2),
        rate_limiter=limiter,
    )
    async with client:
        with pytest.raises(ServerError):
            await client.jobs.get("job_1")
    assert [
        ("acquire", "read-light"),
        ("release", "read-light", "429"),
        ("pause", "read-light", "7"),
        ("acquire", "read-light"),
        ("release", "read-light", "500"),
    ] == limiter.calls


def test_a_client_refuses_a_limiter_that_is_not_one() -> None:
    from layers_async import Client
    from layers_async.errors import InvalidRequestError

    with pytest.raises(InvalidRequestError) as caught:
        Client(api_key="sk_test", rate_limiter=object())  # type: ignore[arg-type]
    assert "rate_limiter" == caught.value.argument


class Holding(Recording):
    """Lets the first ``free`` acquires through at once, then holds every later one until canceled."""

    def __init__(self, free: int) -> None:
        super().__init__()
        self.free = free
        self.canceled = 0

    async def acquire(self, endpoint_class: str) -> None:
        await super().acquire(endpoint_class)
        if len(self.calls) > self.free * 2:  # each let-through acquire is followed by its release
            try:
                await anyio.sleep_forever()
            except anyio.get_cancelled_exc_class():
                self.canceled += 1
                raise


async def test_a_retry_waits_for_a_custom_limiter_no_longer_than_the_calls_retry_deadline() -> None:
    from layers_async import Client, RetryPolicy
    from layers_async.errors import ServerError
    from layers_async.testing import MockTransport, json_response

    limiter = Holding(free=1)
    reply = json_response(503, {"error": {"code": "UNAVAILABLE", "message": "busy"}})
    client = Client(api_key="sk_test", transport=MockTransport(lambda request: reply), rate_limiter=limiter)
    policy = RetryPolicy(attempts=3, initial=0.01, deadline=0.3, jitter=False)
    async with client:
        with anyio.fail_after(10), pytest.raises(ServerError) as caught:
            await client.with_options(retry=policy).jobs.get("job_1")
    assert (503, 1) == (caught.value.status_code, limiter.canceled)
    assert [("acquire", "read-light"), ("release", "read-light", "503"), ("acquire", "read-light")] == limiter.calls


async def test_a_first_attempt_held_by_a_custom_limiter_past_the_cap_raises_rate_limiter_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from layers_async import Client
    from layers_async.errors import RateLimiterError
    from layers_async.testing import MockTransport, json_response

    monkeypatch.setattr("layers_async._limiter.MAX_GATE_WAIT", 0.05)
    limiter = Holding(free=0)
    sent: list[object] = []
    transport = MockTransport(lambda request: sent.append(request) or json_response(200, {}))
    async with Client(api_key="sk_test", transport=transport, rate_limiter=limiter) as client:
        with anyio.fail_after(10), pytest.raises(RateLimiterError, match="not sent"):
            await client.jobs.get("job_1")
    assert ([], 1) == (sent, limiter.canceled)
