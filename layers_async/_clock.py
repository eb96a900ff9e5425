"""Where the SDK gets its time from: injectable, so tests and emulators can drive it."""

from __future__ import annotations

import time
from typing import Protocol, runtime_checkable

import anyio

__all__ = ["AnyioClock", "Clock"]


@runtime_checkable
class Clock(Protocol):
    """A source of time the client sleeps on (retries, job polling, rate-limit waits).

    ``now()`` returns seconds on any monotonic scale (only differences matter). ``wall()`` returns
    Unix epoch seconds on the same clock: the SDK reads it whenever the server speaks in absolute time
    (an HTTP-date ``Retry-After``, ``X-RateLimit-Reset``, the deadlines kept in tracker snapshots), so
    a virtual clock that moves ``now()`` must move ``wall()`` along with it.
    """

    def now(self) -> float:
        """Return the current time in seconds."""
        ...

    def wall(self) -> float:
        """Return the current time as Unix epoch seconds (UTC)."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` of this clock's time."""
        ...


class AnyioClock:
    """The default clock: the event loop's monotonic time and `anyio.sleep`."""

    __slots__ = ()

    def now(self) -> float:
        """Return the event loop's monotonic time."""
        return anyio.current_time()

    def wall(self) -> float:
        """Return `time.time()`."""
        return time.time()

    async def sleep(self, seconds: float) -> None:
        """Sleep with `anyio.sleep` (works on asyncio and trio); a negative or NaN wait is no wait."""
        await anyio.sleep(seconds if seconds > 0 else 0.0)

    def __repr__(self) -> str:
        return "AnyioClock()"
