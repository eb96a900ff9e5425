"""The tracker's schedule: jobs in 20 ms buckets of next-poll time, taken by a fixed pool of workers.

Memory per job is one slot in a bucket, not a sleeping task. A job is polled no earlier than one bucket
(20 ms, far below the cadence's 0-500 ms jitter) before it is due. Scheduling a poll and taking a due
one allocate nothing per poll and cost the same at 1,000 jobs as at 100,000: a bucket is a deque, and
only the bucket numbers (one per 20 ms that has work) are kept in a heap. One waiting worker sleeps
until the first bucket is due; the others wait on one shared event.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Callable

import anyio

from layers_async._clock import Clock
from layers_async._tracker_state import JobEntry

__all__ = ["PollSchedule"]

_BUCKET = 0.02  # seconds: polls due within one bucket go out together


class PollSchedule:
    """Jobs by when they are next polled; `next_due` hands out the due ones, `wait` waits for one.

    Args:
        clock: The client's clock.
        expire: Called with a job whose deadline passed before its next poll (instead of polling it).
    """

    __slots__ = (
        "_buckets",
        "_clock",
        "_expire",
        "_keys",
        "_ready",
        "_ready_key",
        "_sleep_until",
        "_sleeper",
        "_waiters",
        "_wake",
    )

    def __init__(self, clock: Clock, expire: Callable[[JobEntry], object]) -> None:
        self._clock = clock
        self._expire = expire
        self._buckets: dict[int, deque[JobEntry]] = {}
        self._keys: list[int] = []  # heap of the bucket numbers in `_buckets`
        self._ready: deque[JobEntry] = deque()  # the bucket being handed out
        self._ready_key: float = -math.inf
        self._wake = anyio.Event()
        self._waiters = 0
        self._sleeper: anyio.CancelScope | None = None
        self._sleep_until = math.inf

    def push(self, entry: JobEntry, delay: float) -> None:
        """Poll ``entry`` in ``delay`` seconds; at its deadline, if that comes first, expire it instead."""
        due = self._clock.now() + delay
        deadline = entry.deadline
        if deadline is not None and deadline <= due:
            key = math.floor(deadline / _BUCKET) + 1  # taken after the deadline (at most a bucket late): expires
        else:
            key = math.floor(due / _BUCKET)
        if key <= self._ready_key:
            self._ready.append(entry)
        else:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = deque()
                heapq.heappush(self._keys, key)
            bucket.append(entry)
        if self._waiters:
            if self._sleeper is not None:
                if key * _BUCKET < self._sleep_until:
                    self._sleeper.cancel()  # wake the sleeping worker early for the new first poll
            else:
                self._wake_all()

    def next_due(self) -> JobEntry | None:
        """The next job due now (an expired one is handed to ``expire`` on the way), or ``None``."""
        now = self._clock.now()
        while True:
            ready = self._ready
            while ready:
                entry = ready.popleft()
                if entry.done:
                    continue
                if entry.deadline is not None and now >= entry.deadline:
                    self._expire(entry)
                    continue
                return entry
            keys = self._keys
            if not keys or keys[0] * _BUCKET > now:
                return None
            key = heapq.heappop(keys)
            self._ready = self._buckets.pop(key)
            self._ready_key = key

    async def wait(self) -> None:
        """Wait until a job may be due: the first waiter sleeps until the first bucket, the others on an event."""
        self._waiters += 1
        try:
            if self._sleeper is not None or not self._keys:
                await self._wake.wait()
                return
            until = self._keys[0] * _BUCKET
            with anyio.CancelScope() as scope:
                self._sleeper, self._sleep_until = scope, until
                try:
                    await self._clock.sleep(until - self._clock.now())
                finally:
                    self._sleeper, self._sleep_until = None, math.inf
            if self._waiters > 1:
                self._wake_all()  # more than one job may be due; one of them also sleeps next
        finally:
            self._waiters -= 1

    def _wake_all(self) -> None:
        wake, self._wake = self._wake, anyio.Event()
        wake.set()
