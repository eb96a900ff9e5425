"""`WriterThread`: one long-lived thread that runs a store's transactions, one after another.

A fresh hop to a worker thread per commit (``anyio.to_thread.run_sync``) costs a thread hand-off
each way on top of the commit; one thread that waits on a queue for the next job is cheaper, and a
store commits one transaction at a time anyway. The event loop is woken through
``anyio.from_thread.run_sync`` with the loop's token, so it works on asyncio and trio alike.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable

import anyio
import anyio.from_thread
import anyio.lowlevel
import anyio.to_thread

__all__ = ["WriterThread"]


class _Job:
    __slots__ = ("done", "error", "fn", "token")

    def __init__(self, fn: Callable[[], object]) -> None:
        self.fn = fn
        self.done = anyio.Event()
        self.token = anyio.lowlevel.current_token()
        self.error: BaseException | None = None


class WriterThread:
    """Runs callables in one thread (started on first use, ended by `stop`).

    Args:
        name: The thread's name (seen in debuggers and thread dumps).
    """

    __slots__ = ("_jobs", "_name", "_thread")

    def __init__(self, name: str) -> None:
        self._name = name
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    async def run(self, fn: Callable[[], object]) -> None:
        """Run ``fn`` in the thread and wait until it returned; re-raise what it raised.

        The wait is not cancellable on its own: callers shield it (a transaction is never left
        half-done) and bound ``fn`` itself.
        """
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, name=self._name, daemon=True)
            self._thread.start()
        job = _Job(fn)
        self._jobs.put(job)
        await job.done.wait()
        if job.error is not None:
            raise job.error

    def _serve(self) -> None:  # the thread
        while (job := self._jobs.get()) is not None:
            try:
                job.fn()
            except BaseException as exc:  # handed to the waiting task, which raises it
                job.error = exc
            with contextlib.suppress(Exception):  # the event loop is gone: nobody waits any more
                anyio.from_thread.run_sync(job.done.set, token=job.token)

    async def stop(self) -> None:
        """End the thread once the jobs already given are done (shielded from cancellation)."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._jobs.put(None)
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(thread.join)
