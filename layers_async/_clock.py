"""Where the SDK gets its time from: injectable, so tests and emulators can drive it."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import anyio

__all__ = ["AnyioClock", "Clock"]


@runtime_checkable
class Clock(Protocol):
    """A source of time the client sleeps on (retries, job polling, rate-limit waits).

    ``now()`` returns seconds on any monotonic scale (only differences matter).
    """

    def now(self) -> float:
        """Return the current time in seconds."""
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

    async def sleep(self, seconds: float) -> None:
        """Sleep with `anyio.sleep` (works on asyncio and trio)."""
        await anyio.sleep(seconds)

    def __repr__(self) -> str:
        return "AnyioClock()"
