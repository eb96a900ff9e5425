"""`RateLimiter`: what the client asks before and after every request, per endpoint class.

The client calls ``acquire`` before each attempt, ``release`` after it (with the response, whose
``X-RateLimit-*`` headers the limiter may learn from), and ``pause`` when a 429 says how long to hold
that class. `LocalRateLimiter` (the default) does this within one client;
``layers_async.contrib.redis.RedisRateLimiter`` shares it across processes and machines.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import anyio

from layers_async._clock import Clock
from layers_async._ratelimit import MAX_GATE_WAIT, RateGate
from layers_async._transport import Response
from layers_async.errors import RateLimiterError

__all__ = ["LocalRateLimiter", "RateLimiter", "acquire_within"]


@runtime_checkable
class RateLimiter(Protocol):
    """Paces a client's requests per endpoint class (``read-light``, ``write-light``, ``long-running``)."""

    async def acquire(self, endpoint_class: str) -> None:
        """Wait until one request of ``endpoint_class`` may be sent, and count it as sent.

        Each single wait is bounded by the implementation's documented cap; it waits again while the
        class stays closed. The client bounds the whole wait (see `acquire_within`), canceling it.
        """
        ...

    def release(self, endpoint_class: str, response: Response | None) -> None:
        """The request ended (``response`` is ``None`` when none came); must not block."""
        ...

    async def pause(self, endpoint_class: str, seconds: float) -> None:
        """Send nothing of ``endpoint_class`` for ``seconds`` from now (never shortening a longer pause)."""
        ...


class LocalRateLimiter:
    """The in-process `RateLimiter`: one client's `RateGate` (server headers and 429 pauses).

    Args:
        clock: The clock the gate reads and sleeps on (the client's).
        gate: Wrap this gate instead of making one.
    """

    __slots__ = ("gate",)

    def __init__(self, clock: Clock, *, gate: RateGate | None = None) -> None:
        self.gate = gate if gate is not None else RateGate(clock)

    def __repr__(self) -> str:
        return "<LocalRateLimiter>"

    async def acquire(self, endpoint_class: str) -> None:
        """See `RateLimiter.acquire`; one wait lasts at most 60 s or a 429's ``Retry-After``."""
        await self.gate.acquire(endpoint_class)

    def release(self, endpoint_class: str, response: Response | None) -> None:
        """See `RateLimiter.release`."""
        self.gate.release(endpoint_class, response)

    async def pause(self, endpoint_class: str, seconds: float) -> None:
        """See `RateLimiter.pause`."""
        self.gate.close_for(endpoint_class, seconds)

    def blocked_until(self, endpoint_class: str) -> float:
        """The clock time ``endpoint_class`` is paused until (0 when open)."""
        return self.gate.blocked_until(endpoint_class)


async def acquire_within(limiter: RateLimiter, endpoint_class: str, bound: tuple[float, Exception] | None) -> None:
    """``limiter.acquire(endpoint_class)``, given up (canceled) once it has waited too long.

    A retry waits at most its remaining deadline (``bound``: seconds and the error that made it retry),
    and on expiry that error is raised again, as the client's own gate does. A first attempt waits at
    most `MAX_GATE_WAIT` seconds (300 s, the gate's own cap). Seconds are real seconds.

    Raises:
        Exception: ``bound``'s error, when a retry's budget ran out first.
        RateLimiterError: A first attempt waited `MAX_GATE_WAIT` seconds; the request was not sent.
    """
    budget, error = (MAX_GATE_WAIT, None) if bound is None else bound
    with anyio.move_on_after(budget) as scope:
        await limiter.acquire(endpoint_class)
    if scope.cancelled_caught:
        if error is not None:
            raise error
        raise RateLimiterError(
            f"the rate limiter held a {endpoint_class} request for {budget:g}s; the request was not sent"
        )
