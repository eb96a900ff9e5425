"""The tracker's schedule: one heap of next-poll times and the one task that sleeps until the first is due.

Memory per job is one heap slot, not a sleeping task, so thousands of jobs cost little.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Awaitable, Callable

import anyio

from layers_async._clock import Clock
from layers_async._tracker_state import JobEntry

__all__ = ["PollHeap"]

_COALESCE = 0.02  # seconds: polls due this close together go out together


class PollHeap:
    """Jobs ordered by when they are next polled."""

    __slots__ = ("_changed", "_clock", "_heap", "_seq", "_sleep_scope", "_sleep_until")

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._heap: list[tuple[float, int, JobEntry]] = []
        self._seq = itertools.count()
        self._changed = anyio.Event()
        self._sleep_scope: anyio.CancelScope | None = None
        self._sleep_until = math.inf

    def push(self, entry: JobEntry, delay: float) -> None:
        """Poll ``entry`` in ``delay`` seconds, or at its deadline if that comes first."""
        due = self._clock.now() + delay
        if entry.deadline is not None:
            due = min(due, entry.deadline)
        heapq.heappush(self._heap, (due, next(self._seq), entry))
        if len(self._heap) == 1:
            self._changed.set()  # the scheduler may be waiting for work
        elif self._sleep_scope is not None and due < self._sleep_until:
            self._sleep_scope.cancel()  # wake the scheduler early for the new first poll

    async def run(self, dispatch: Callable[[JobEntry], Awaitable[None]], expire: Callable[[JobEntry], None]) -> None:
        """For ever: hand each due job to ``dispatch``, or to ``expire`` once its deadline has passed."""
        clock = self._clock
        while True:
            if not self._heap:
                self._changed = anyio.Event()
                await self._changed.wait()
                continue
            due, _, entry = self._heap[0]
            now = clock.now()
            # Polls due within the coalescing window go out together: far below the cadence's
            # 0-500 ms jitter, and it saves one sleep per job.
            if due > now + _COALESCE:
                with anyio.CancelScope() as scope:
                    self._sleep_scope, self._sleep_until = scope, due
                    await clock.sleep(due - now)
                self._sleep_scope = None
                continue
            heapq.heappop(self._heap)
            if entry.done:
                continue
            if entry.deadline is not None and now >= entry.deadline:
                expire(entry)
                continue
            await dispatch(entry)
