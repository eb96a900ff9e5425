"""The client-wide rate-limit gate, one per client, shared by every request.

Per endpoint class (``read-light``, ``write-light``, ``long-running``) it keeps what the server said
(``X-RateLimit-Limit``/``Remaining``/``Reset``) minus the requests sent since, so that a burst of
concurrent calls slows down *before* hitting the wall; and after a 429 it holds every request of that
class until ``Retry-After`` has passed, so pollers do not each retry on their own.
"""

from __future__ import annotations

import math

from layers_async._clock import Clock
from layers_async._transport import Response

__all__ = [
    "LONG_RUNNING",
    "MAX_GATE_WAIT",
    "MAX_RESET_WAIT",
    "READ_LIGHT",
    "WRITE_LIGHT",
    "RateGate",
    "endpoint_class_for",
]

READ_LIGHT = "read-light"
WRITE_LIGHT = "write-light"
LONG_RUNNING = "long-running"


def endpoint_class_for(method: str) -> str:
    """The default class of a route: GETs are ``read-light``, other calls ``write-light``.

    Job-starting routes name ``long-running`` themselves.
    """
    return READ_LIGHT if method == "GET" else WRITE_LIGHT


#: Seconds one request may wait at the gate in all: five one-minute windows, enough for a queue of calls
#: to drain at the server's pace. After that the request is sent anyway (the server is the authority, and
#: at worst answers 429). A retry also never waits past the call's retry deadline.
MAX_GATE_WAIT = 300.0
#: The API's rate window is one minute: a reset further away than this is clock skew or a bad header.
MAX_RESET_WAIT = 60.0


def _finite(raw: str | None) -> float | None:
    """A header's value as a finite float, or ``None`` when absent, unparseable, nan or infinite."""
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class _Bucket:
    __slots__ = ("closed_until", "in_flight", "limit", "remaining", "reset_at", "reset_key")

    def __init__(self) -> None:
        self.closed_until = 0.0  # clock time before which nothing of this class is sent (after a 429)
        self.in_flight = 0
        self.limit: int | None = None
        self.remaining: int | None = None  # server's figure minus what we sent since; None = unknown
        self.reset_key: float | None = None  # the server's X-RateLimit-Reset: names its current window
        self.reset_at: float | None = None  # clock time at which that window ends (at most a minute away)


class RateGate:
    """Paces requests per endpoint class; see the module docstring.

    Every wait is bounded: one call waits at most `MAX_GATE_WAIT` seconds at the gate in all, a retry
    never waits past the caller's budget (its remaining deadline), and a window's reset is never taken to
    be more than
    `MAX_RESET_WAIT` seconds away, whatever the server's clock says. A relative reset
    (``X-RateLimit-Reset-After``) is preferred to the absolute ``X-RateLimit-Reset``; reset values that are
    negative count as 0, and nan, infinite or unparseable ones are ignored.

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
        if not math.isfinite(seconds):
            return
        bucket = self._bucket(endpoint_class)
        bucket.closed_until = max(bucket.closed_until, self._clock.now() + max(0.0, seconds))

    async def ready(self, endpoint_class: str, *, budget: float) -> bool:
        """Wait until ``endpoint_class`` is open, unless that takes longer than ``budget`` seconds.

        Returns:
            ``True`` once open (or once `MAX_GATE_WAIT` is spent); ``False`` at once, without waiting,
            when the class stays closed longer than ``budget`` (a retry's remaining deadline).
        """
        bucket = self._bucket(endpoint_class)
        if bucket.closed_until or (bucket.remaining is not None and bucket.remaining <= 0):
            return await self._wait(bucket, budget)
        return True

    async def acquire(self, endpoint_class: str) -> None:
        """Wait until a request of ``endpoint_class`` may be sent, then count it as in flight.

        After `MAX_GATE_WAIT` seconds the request is let through whatever the headers said (the server
        decides, at worst with a 429).
        """
        bucket = self._buckets.get(endpoint_class) or self._bucket(endpoint_class)
        if bucket.closed_until or (bucket.remaining is not None and bucket.remaining <= 0):
            await self._wait(bucket, None)
        if bucket.remaining is not None:
            bucket.remaining -= 1
        bucket.in_flight += 1

    async def _wait(self, bucket: _Bucket, budget: float | None) -> bool:
        """Sleep until the class is open with allowance left (``True``), or refuse to pass ``budget`` (``False``)."""
        clock, slept = self._clock, 0.0
        while True:
            now = clock.now()
            if bucket.closed_until > now:
                until = bucket.closed_until
            else:
                if bucket.remaining is None or bucket.remaining > 0 or bucket.reset_at is None:
                    return True
                if bucket.reset_at <= now:  # the server's window rolled over: a fresh allowance
                    bucket.remaining, bucket.reset_at, bucket.reset_key = bucket.limit, None, None
                    return True
                until = bucket.reset_at
            if budget is not None and until - now > budget - slept:
                return False
            wait = min(until - now, MAX_GATE_WAIT - slept)
            if wait <= 0:
                return True  # the cap is spent: send anyway, the server decides
            await clock.sleep(wait)
            slept += wait

    def release(self, endpoint_class: str, response: Response | None) -> None:
        """Record the end of a request and what its rate-limit headers said."""
        bucket = self._buckets.get(endpoint_class) or self._bucket(endpoint_class)
        bucket.in_flight -= 1
        if response is None:
            return
        header = response.header
        reset = _finite(header("x-ratelimit-reset"))
        if reset is None:  # most answers without rate-limit headers stop at the first lookup
            return
        limit = _finite(header("x-ratelimit-limit"))
        remaining = _finite(header("x-ratelimit-remaining"))
        if limit is None or remaining is None or limit < 0:
            return
        bucket.limit = int(limit)
        remaining_now = max(0, int(remaining))
        if bucket.reset_key is None or reset > bucket.reset_key:
            # A new window: trust the server, minus what is still in flight (it may not be counted yet).
            relative = _finite(response.header("x-ratelimit-reset-after"))
            seconds = relative if relative is not None else reset - self._clock.wall()
            bucket.reset_key = reset
            bucket.reset_at = self._clock.now() + min(max(0.0, seconds), MAX_RESET_WAIT)
            bucket.remaining = remaining_now - bucket.in_flight
        elif reset == bucket.reset_key and bucket.remaining is not None:
            bucket.remaining = min(bucket.remaining, remaining_now)
