"""What a tracker has finished, how much of it was handed out, and the stream ``async for`` reads."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from layers_async._tracker_state import TrackedJob
from layers_async.errors import TrackerError

if TYPE_CHECKING:
    from layers_async._tracker_store import DurableClones

__all__ = ["Results", "ResultIterator"]

_OUTCOME_FIELD = {"completed": "completed", "failed": "failed", "canceled": "canceled", "error": "errored"}


class Results:
    """Finished jobs in finishing order; those not yet handed out wait in a stream for the iterator.

    Args:
        durable: The job store's view, when the tracker has one (results are then marked as they end,
            and handed out at least once).
    """

    __slots__ = ("_durable", "_recv", "_send", "closed", "counts", "delivered", "finished")

    def __init__(self, durable: DurableClones | None) -> None:
        self._durable = durable
        self.finished: list[TrackedJob] = []
        self.delivered = 0  # how many of `finished` were handed to the caller (iteration or gather)
        self.counts = {"completed": 0, "failed": 0, "canceled": 0, "timed_out": 0, "errored": 0}
        # None in the stream wakes the iterator when work ended without a result.
        self._send: MemoryObjectSendStream[TrackedJob | None] | None = None
        self._recv: MemoryObjectReceiveStream[TrackedJob | None] | None = None
        self.closed = False

    def keep(self, result: TrackedJob) -> None:
        """Count ``result`` and keep it, without recording it in the store (a resumed, unreported one)."""
        self.counts[_OUTCOME_FIELD.get(result.outcome, result.outcome)] += 1
        self.finished.append(result)

    def add(self, result: TrackedJob) -> None:
        """A job ended: count it, record it in the store, and hand it to the iterator."""
        if self._durable is not None:
            self._durable.ended(result)
        self.keep(result)
        if self._send is not None and not self.closed:
            self._send.send_nowait(result)

    def wake(self) -> None:
        """Work ended without a result: the iterator looks again whether anything is left."""
        if self._send is not None and not self.closed:
            self._send.send_nowait(None)

    def open(self) -> None:
        """Start the stream, holding every result that finished before the block started."""
        self._send, self._recv = anyio.create_memory_object_stream[TrackedJob | None](math.inf)
        for done in self.finished:
            self._send.send_nowait(done)

    async def close(self) -> None:
        """Close the stream (shielded: runs while the tracker's block is left)."""
        self.closed = True
        with anyio.CancelScope(shield=True):
            for stream in (self._send, self._recv):
                if stream is not None:
                    await stream.aclose()

    async def next(self, busy: Callable[[], bool]) -> TrackedJob:
        """The next result to hand out; waits while ``busy()``; `StopAsyncIteration` once nothing is left."""
        if self._recv is None or self.closed:
            raise TrackerError("iterate a JobTracker inside its async with block")
        receive = self._recv
        while True:
            try:
                result = receive.receive_nowait()
            except anyio.WouldBlock:
                if not busy():
                    break
                try:
                    result = await receive.receive()
                except anyio.EndOfStream:
                    break
            if result is None:  # work that ended without a result: look again
                continue
            self.delivered += 1  # handed over: a snapshot from now on no longer holds it
            return result if self._durable is None else await self._durable.hand_out(result)
        if self._durable is not None:  # asking past the last result: the caller moved past it
            await self._durable.settle()
        raise StopAsyncIteration

    async def all(self) -> list[TrackedJob]:
        """Every result, all of them now counted as handed out."""
        if self._recv is not None and not self.closed:
            with contextlib.suppress(anyio.WouldBlock, anyio.EndOfStream, anyio.ClosedResourceError):
                while True:
                    self._recv.receive_nowait()
        self.delivered = len(self.finished)
        if self._durable is not None:
            return await self._durable.hand_out_all(list(self.finished))
        return list(self.finished)


class ResultIterator:
    """``async for`` over a tracker: a plain iterator, not an async generator, so leaving the loop early
    leaves nothing to finalize (on trio, an unfinished async generator warns)."""

    __slots__ = ("_busy", "_results")

    def __init__(self, results: Results, busy: Callable[[], bool]) -> None:
        self._results = results
        self._busy = busy

    def __aiter__(self) -> ResultIterator:
        return self

    def __anext__(self) -> Awaitable[TrackedJob]:
        return self._results.next(self._busy)

    async def aclose(self) -> None:
        """Nothing to release (kept so ``contextlib.aclosing`` works as with an async generator)."""
