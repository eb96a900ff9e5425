"""Clocks the emulator takes its time from: a virtual one tests drive, a real one (with a speed factor) for demos.

Both satisfy the SDK's ``Clock`` protocol structurally (``now()`` and ``async sleep()``) without importing it,
and both report ``now()`` as Unix epoch seconds (UTC), so the emulator can read timestamps from them.
"""

from __future__ import annotations

import time
from typing import Protocol

import anyio
import anyio.lowlevel

__all__ = ["DEFAULT_START", "EmulatorClock", "RealClock", "VirtualClock"]

#: 2026-05-11T09:00:00Z, the default start of a virtual clock.
DEFAULT_START = 1_778_490_000.0


class EmulatorClock(Protocol):
    """What the emulator needs from a clock: the current time as epoch seconds, and a way to wait."""

    def now(self) -> float:
        """Return the current time in Unix epoch seconds (UTC)."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` of this clock's time."""
        ...


class VirtualClock:
    """A fast-forward clock: time moves only when a test advances it or someone sleeps on it.

    ``sleep(s)`` moves the clock to ``now + s`` at once and yields to the event loop, so many concurrent
    sleepers on asyncio or trio make progress without any real waiting.

    Args:
        start: Initial time in Unix epoch seconds (default 2026-05-11T09:00:00Z).
    """

    __slots__ = ("_now",)

    def __init__(self, start: float = DEFAULT_START) -> None:
        self._now = float(start)

    def now(self) -> float:
        """Return the current virtual time (epoch seconds)."""
        return self._now

    def wall(self) -> float:
        """Epoch seconds (the same as `now`); lets the SDK read ``X-RateLimit-Reset`` on this clock."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds`` (must not be negative)."""
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        self._now += seconds

    def set(self, epoch: float) -> None:
        """Jump to ``epoch``; it must not be earlier than the current time."""
        if epoch < self._now:
            raise ValueError("a clock cannot go backwards")
        self._now = float(epoch)

    async def sleep(self, seconds: float) -> None:
        """Fast-forward by ``seconds`` and yield once to the event loop."""
        if seconds > 0:
            self._now += seconds
        await anyio.lowlevel.checkpoint()

    def __repr__(self) -> str:
        return f"VirtualClock(now={self._now!r})"


class RealClock:
    """Real time, optionally sped up: ``now = start + (monotonic() - t0) * speed``.

    Args:
        speed: How many clock seconds pass per real second (``60`` makes a minute pass every second).
        start: Epoch seconds at creation (default: the wall clock at creation).
    """

    __slots__ = ("_speed", "_start", "_t0")

    def __init__(self, speed: float = 1.0, start: float | None = None) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._speed = float(speed)
        self._start = time.time() if start is None else float(start)
        self._t0 = time.monotonic()

    @property
    def speed(self) -> float:
        """Clock seconds per real second."""
        return self._speed

    def now(self) -> float:
        """Return the scaled current time (epoch seconds)."""
        return self._start + (time.monotonic() - self._t0) * self._speed

    def wall(self) -> float:
        """Epoch seconds (the same as `now`); lets the SDK read ``X-RateLimit-Reset`` on this clock."""
        return self.now()

    async def sleep(self, seconds: float) -> None:
        """Sleep ``seconds`` of clock time, i.e. ``seconds / speed`` real seconds."""
        await anyio.sleep(max(0.0, seconds) / self._speed)

    def __repr__(self) -> str:
        return f"RealClock(speed={self._speed!r})"
