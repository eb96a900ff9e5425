"""The client-wide rate-limit gate: one 429 pauses every request of its endpoint class."""

from __future__ import annotations

from layers_async._clock import Clock

__all__ = ["RateGate", "endpoint_class_for"]

READ_LIGHT = "read-light"
WRITE_LIGHT = "write-light"
LONG_RUNNING = "long-running"


def endpoint_class_for(method: str) -> str:
    """The default class of a route: GETs are ``read-light``, other calls ``write-light``.

    Job-starting routes name ``long-running`` themselves.
    """
    return READ_LIGHT if method == "GET" else WRITE_LIGHT


class RateGate:
    """Holds, per endpoint class, the clock time before which no request of that class may start."""

    __slots__ = ("_clock", "_until")

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._until: dict[str, float] = {}

    def blocked_until(self, endpoint_class: str) -> float:
        """The clock time the class is closed until (0 when open)."""
        return self._until.get(endpoint_class, 0.0)

    def close_for(self, endpoint_class: str, seconds: float) -> None:
        """Close ``endpoint_class`` for ``seconds`` from now (never shortening an earlier pause)."""
        until = self._clock.now() + seconds
        if until > self._until.get(endpoint_class, 0.0):
            self._until[endpoint_class] = until

    async def wait(self, endpoint_class: str) -> None:
        """Return once ``endpoint_class`` is open."""
        while True:
            remaining = self._until.get(endpoint_class, 0.0) - self._clock.now()
            if remaining <= 0:
                return
            await self._clock.sleep(remaining)
