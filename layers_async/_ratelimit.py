"""The client-wide rate-limit gate, one per client, shared by every request.

Per endpoint class (``read-light``, ``write-light``, ``long-running``) it keeps what the server said
(``X-RateLimit-Limit``/``Remaining``/``Reset``) minus the requests sent since, so that a burst of
concurrent calls slows down *before* hitting the wall; and after a 429 it holds every request of that
class until ``Retry-After`` has passed, so pollers do not each retry on their own.
"""

from __future__ import annotations

from layers_async._clock import Clock
from layers_async._transport import Response

__all__ = ["LONG_RUNNING", "READ_LIGHT", "WRITE_LIGHT", "RateGate", "endpoint_class_for"]

READ_LIGHT = "read-light"
WRITE_LIGHT = "write-light"
LONG_RUNNING = "long-running"


def endpoint_class_for(method: str) -> str:
    """The default class of a route: GETs are ``read-light``, other calls ``write-light``.

    Job-starting routes name ``long-running`` themselves.
    """
    return READ_LIGHT if method == "GET" else WRITE_LIGHT


class _Bucket:
    __slots__ = ("closed_until", "in_flight", "limit", "remaining", "reset_wall")

    def __init__(self) -> None:
        self.closed_until = 0.0  # clock time before which nothing of this class is sent (after a 429)
        self.in_flight = 0
        self.limit: int | None = None
        self.remaining: int | None = None  # server's figure minus what we sent since; None = unknown
        self.reset_wall: float | None = None  # epoch seconds at which the server's window ends


class RateGate:
    """Paces requests per endpoint class; see the module docstring.

    Args:
        clock: The client's clock; ``X-RateLimit-Reset`` (epoch seconds) is read against its ``wall()``.
    """

    __slots__ = ("_buckets", "_clock")

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def _bucket(self, endpoint_class: str) -> _Bucket:
        bucket = self._buckets.get(endpoint_class)
        if bucket is None:
            bucket = self._buckets[endpoint_class] = _Bucket()
        return bucket

    def blocked_until(self, endpoint_class: str) -> float:
        """The clock time the class is closed until after a 429 (0 when open)."""
        bucket = self._buckets.get(endpoint_class)
        return bucket.closed_until if bucket else 0.0

    def close_for(self, endpoint_class: str, seconds: float) -> None:
        """Close ``endpoint_class`` for ``seconds`` from now (never shortening an earlier pause)."""
        bucket = self._bucket(endpoint_class)
        bucket.closed_until = max(bucket.closed_until, self._clock.now() + seconds)

    async def acquire(self, endpoint_class: str) -> None:
        """Wait until a request of ``endpoint_class`` may be sent, then count it as in flight."""
        bucket = self._bucket(endpoint_class)
        while True:
            if not bucket.closed_until and (bucket.remaining is None or bucket.remaining > 0):
                break  # open, with allowance left: the usual case, no clock read
            wait = bucket.closed_until - self._clock.now()
            if wait <= 0 and bucket.remaining is not None and bucket.remaining <= 0:
                if bucket.reset_wall is None:
                    break
                wait = bucket.reset_wall - self._clock.wall()
                if wait <= 0:  # the server's window rolled over: a fresh allowance
                    bucket.remaining = bucket.limit
                    bucket.reset_wall = None
                    continue
                wait = min(wait, 60.0)
            if wait <= 0:
                break
            await self._clock.sleep(wait)
        if bucket.remaining is not None:
            bucket.remaining -= 1
        bucket.in_flight += 1

    def release(self, endpoint_class: str, response: Response | None) -> None:
        """Record the end of a request and what its rate-limit headers said."""
        bucket = self._bucket(endpoint_class)
        bucket.in_flight -= 1
        if response is None:
            return
        try:
            limit = int(response.header("x-ratelimit-limit") or "")
            remaining = int(response.header("x-ratelimit-remaining") or "")
            reset = float(response.header("x-ratelimit-reset") or "")
        except ValueError:
            return
        bucket.limit = limit
        if bucket.reset_wall is None or reset > bucket.reset_wall:
            # A new window: trust the server, minus what is still in flight (it may not be counted yet).
            bucket.reset_wall = reset
            bucket.remaining = remaining - bucket.in_flight
        elif reset == bucket.reset_wall and bucket.remaining is not None:
            bucket.remaining = min(bucket.remaining, remaining)
