"""`JobTracker`: follow thousands of jobs from one task group without stampeding the API.

A fixed pool of worker tasks (as many as the transport safely handles in flight) takes due jobs from
one schedule of next-poll times (`PollSchedule`) and polls them (`Polling`). Clones submitted through
the tracker get their container id and idempotency key before anything is sent, so a snapshot taken
at any point resumes without duplicates.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

import anyio

from layers_async._polling import PollPolicy
from layers_async._public import publish
from layers_async._tracker_clones import CloneQueue, new_clone_spec, submit_clone
from layers_async._tracker_errors import one_error
from layers_async._tracker_poll import Polling
from layers_async._tracker_results import ResultIterator, Results
from layers_async._tracker_snapshot import dump_snapshot, load_snapshot
from layers_async._tracker_state import (
    CloneSpec,
    JobEntry,
    ProgressEvent,
    TrackedJob,
    TrackerCounts,
    check_deadline,
    new_job_entry,
)
from layers_async._tracker_store import DurableClones
from layers_async._transport import safe_concurrency
from layers_async.errors import ClientClosedError, InvalidRequestError, TrackerError
from layers_async.models._jobs import Job

if TYPE_CHECKING:
    from layers_async._client import Client
    from layers_async._store import JobStore

__all__ = ["JobTracker"]


class JobTracker:
    """Track many jobs concurrently; use as ``async with client.jobs.tracker() as tracker``.

    Args:
        client: The client to poll with.
        poll: The polling cadence (default `PollPolicy()`).
        max_in_flight: Poll requests in flight at once; defaults to the transport's
            ``safe_concurrency`` (10 when it states none).
        max_submitting: Clone submissions in flight at once.
        on_event: Called (synchronously) with a `ProgressEvent` whenever a job's status, stage or
            progress changes.
        resume: A token from `snapshot` to continue where an earlier tracker stopped; checked here.
        store: A `JobStore` that keeps every clone durably (see `clone`): a rerun after a crash
            reattaches to each tag's work instead of starting it again, and hands results out at
            least once (a repeat is flagged ``redelivered``).

    Raises:
        InvalidRequestError: A bad limit or a malformed ``resume`` token (before anything runs).

    Leaving the block ends every task the tracker started. What leaves it is one exception: your own
    exception unwrapped (never an ``ExceptionGroup``), a `ClientClosedError` when the client was closed
    while the tracker ran, or a `TrackerError` whose ``__cause__`` says what broke.
    """

    def __init__(
        self,
        client: Client,
        *,
        poll: PollPolicy | None = None,
        max_in_flight: int | None = None,
        max_submitting: int = 4,
        on_event: Callable[[ProgressEvent], object] | None = None,
        resume: str | None = None,
        store: JobStore | None = None,
    ) -> None:
        limit = max_in_flight or safe_concurrency(client.transport)
        if limit < 1 or max_submitting < 1:
            raise InvalidRequestError("concurrency limits must be at least 1", argument="max_in_flight")
        self._client = client
        self._clock = client.clock
        self._poll = poll or PollPolicy()
        self._limit = limit
        self._max_submitting = max_submitting
        self._polling = Polling(client, self._clock, self._poll, on_event, self._finish)
        self._active: dict[str, JobEntry] = {}
        self._clones = CloneQueue()
        self._tg: anyio.abc.TaskGroup | None = None
        self._stack: contextlib.AsyncExitStack | None = None
        self._idle = anyio.Event()
        self._failure: BaseException | None = None
        self._durable = (
            None if store is None else DurableClones(store, to_wall=self._to_wall, from_wall=self._from_wall)
        )
        self._results = Results(self._durable)
        if resume is not None:
            entries, clones, results = load_snapshot(resume, from_wall=self._from_wall)
            for result in results:  # finished before the earlier tracker could report them: reported first
                self._results.keep(result)
            for entry in entries:
                self._schedule_new(entry)
            for spec in clones:
                self._enqueue(spec)

    # -- time ------------------------------------------------------------------------------------
    def _to_wall(self, clock_time: float) -> float:
        return self._clock.wall() + (clock_time - self._clock.now())

    def _from_wall(self, wall_time: float) -> float:
        return self._clock.now() + (wall_time - self._clock.wall())

    # -- lifecycle -------------------------------------------------------------------------------
    async def __aenter__(self) -> JobTracker:
        if self._stack is not None or self._results.closed:
            raise TrackerError("a JobTracker can be entered only once")
        self._results.open()  # holds what finished before the block started (terminal jobs added, resumed)
        async with contextlib.AsyncExitStack() as stack:
            self._tg = await stack.enter_async_context(anyio.create_task_group())
            for _ in range(self._limit):
                self._tg.start_soon(self._guard, self._polling.work())
            for _ in range(self._max_submitting):
                self._tg.start_soon(self._submitter)
            if self._durable is not None:
                self._tg.start_soon(self._guard, self._durable.write_outcomes())
            self._stack = stack.pop_all()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        assert self._stack is not None and self._tg is not None
        self._tg.cancel_scope.cancel()  # the tasks run until the block ends, never beyond it
        raised: BaseException | None = None
        try:
            await self._stack.__aexit__(exc_type, exc, tb)
        except BaseException as group:
            raised = group  # resolved to one exception below
        finally:
            await self._results.close()
        error = one_error(exc, raised, self._failure)
        if error is not None:
            raise error
        if self._durable is not None and exc_type is None:
            await self._durable.settle_on_exit()
        return False

    # -- adding work -----------------------------------------------------------------------------
    def add(self, job: str | Job, *, deadline: float | None = None, tag: Any = None) -> None:
        """Follow ``job`` (an id or a job model) until it is terminal or ``deadline`` seconds pass.

        Adding a job the tracker already follows does nothing. Allowed at any time, also while
        iterating.

        Raises:
            InvalidRequestError: ``job`` is not a valid job id or `Job`, ``deadline`` is not a finite
                number of seconds, or ``tag`` cannot be kept in a snapshot (nothing is added).
        """
        seconds = check_deadline(deadline)
        entry = new_job_entry(job, tag=tag, deadline=None if seconds is None else self._clock.now() + seconds)
        job_id = entry.job_id
        if job_id in self._active:
            return
        if isinstance(job, Job) and job.is_terminal:
            self._active[job_id] = entry
            self._finish(entry, job.status.value, job)
            return
        self._schedule_new(entry)

    def clone(
        self,
        *,
        project_id: str,
        source_platform_post_id: str,
        mode: str = "fork",
        variations: int = 1,
        project_layer_id: str | None = None,
        container_id: str | None = None,
        deadline: float | None = None,
        tag: Any = None,
    ) -> str:
        """Queue a clone-from-post; it is submitted with bounded concurrency, then tracked.

        A concurrent-jobs or rate-limit 429 makes the submission wait and try again (same container
        id and idempotency key, so never a duplicate); waits follow the client's `RetryPolicy` and
        never pass ``deadline``. Returns the new container's id at once.

        With a store, ``tag`` is required and is the clone's identity: its intent is recorded before
        the request leaves, and a tag the store already holds reattaches to that work whatever it
        reached (replayed with the held container id and key, polled again, or handed out again if
        never reported; a tag whose result was reported is left alone). The id returned is then the
        one minted now; for a reattached tag, results carry the held one.

        Raises:
            InvalidRequestError: A bad argument (nothing is queued); with a store, a missing tag or
                one this tracker already cloned.
        """
        seconds = check_deadline(deadline)
        spec = new_clone_spec(
            project_id=project_id,
            source_platform_post_id=source_platform_post_id,
            mode=mode,
            variations=variations,
            project_layer_id=project_layer_id,
            container_id=container_id,
            deadline=None if seconds is None else self._clock.now() + seconds,
            tag=tag,
        )
        if self._durable is not None:
            self._durable.check_tag(tag)
        self._enqueue(spec)
        return spec.container_id

    def _enqueue(self, spec: CloneSpec) -> None:
        self._clones.put(spec)
        if self._idle.is_set():
            self._idle = anyio.Event()

    def _schedule_new(self, entry: JobEntry) -> None:
        self._active[entry.job_id] = entry
        if self._idle.is_set():
            self._idle = anyio.Event()
        self._polling.add(entry)

    # -- results ---------------------------------------------------------------------------------
    @property
    def max_in_flight(self) -> int:
        """Poll requests this tracker keeps in flight at most (from the transport unless given)."""
        return self._limit

    @property
    def counts(self) -> TrackerCounts:
        """Live counts of jobs by state."""
        return TrackerCounts(running=len(self._active) + len(self._clones.pending), **self._results.counts)

    @property
    def finished(self) -> list[TrackedJob]:
        """Every job finished so far, in the order they finished, reported or not.

        To continue after a cancellation, use `snapshot` alone: it also holds the results that finished
        but were not yet reported, and a resumed tracker reports exactly those first.
        """
        return list(self._results.finished)

    def __aiter__(self) -> AsyncIterator[TrackedJob]:
        return ResultIterator(self._results, self._busy)

    def _busy(self) -> bool:
        return bool(self._active or self._clones.pending)

    async def gather(self) -> list[TrackedJob]:
        """Wait until nothing is left to follow; return every finished job in finishing order.

        Results already yielded by ``async for`` are included; once this returns, every result counts
        as reported (an ``async for`` afterwards yields only later ones).
        """
        while self._busy():
            await self._idle.wait()
        return await self._results.all()

    def snapshot(self) -> str:
        """A versioned JSON token for ``tracker(resume=token)``: everything this tracker has not reported.

        It holds the jobs still followed and the clones not yet accepted (job ids, container ids,
        ETags, tags, deadlines, idempotency keys), and the results that finished but were not yet
        yielded or gathered; never the API key. A tracker resumed from it reports those results first
        and never a job this tracker already reported. Valid at any time, also after a cancellation.
        """
        unreported = self._results.finished[self._results.delivered :]
        return dump_snapshot(self._active.values(), self._clones.pending.values(), unreported, to_wall=self._to_wall)

    def _finish(self, entry: JobEntry, outcome: str, job: Job | None = None, error: Exception | None = None) -> None:
        if entry.done:
            return
        entry.done = True
        self._active.pop(entry.job_id, None)
        result = TrackedJob(
            job_id=entry.job_id,
            outcome=outcome,
            job=job,
            tag=entry.tag,
            container_id=entry.container_id or (job.container_id if job else None),
            error=error,
        )
        self._record(result)

    def _record(self, result: TrackedJob) -> None:
        self._results.add(result)
        if not self._busy():
            self._idle.set()

    # -- tasks -----------------------------------------------------------------------------------
    async def _guard(self, coro: Awaitable[None]) -> None:
        try:
            await coro
        except (anyio.get_cancelled_exc_class(), ClientClosedError):
            raise
        except Exception as exc:
            if self._failure is None:
                self._failure = exc
            assert self._tg is not None
            self._tg.cancel_scope.cancel()

    async def _submitter(self) -> None:
        while True:
            spec = await self._clones.take()
            await self._guard(self._submit(spec))

    async def _submit(self, spec: CloneSpec) -> None:
        if self._durable is not None:
            claimed = await self._reattach(spec)
            if claimed is None:
                return
            spec = claimed
        result = await submit_clone(self._client, spec)
        if isinstance(result, TrackedJob):  # given up: refused, or its deadline passed
            self._clones.settle(spec)
            self._record(result)
            return
        entry = JobEntry(
            result.job_id,
            container_id=result.container_id,
            etag=result.etag,
            tag=spec.tag,
            deadline=spec.deadline,
            idempotency_key=spec.idempotency_key,
        )
        if self._durable is not None:
            await self._durable.accepted(spec.container_id, result.job_id)
        # Become a tracked job before leaving the pending set, so a snapshot never loses it.
        self._schedule_new(entry)
        self._clones.settle(spec)

    async def _reattach(self, spec: CloneSpec) -> CloneSpec | None:
        """Claim ``spec``'s tag in the store: the spec to send (with the held ids), or ``None``."""
        assert self._durable is not None
        claim = await self._durable.claim(spec)
        if isinstance(claim, CloneSpec):
            if claim is not spec:  # held from an earlier run: send exactly what was recorded
                self._clones.pending.pop(spec.container_id, None)
                self._clones.pending[claim.container_id] = claim
            return claim
        self._clones.settle(spec)
        if isinstance(claim, JobEntry):  # accepted before: follow it again
            self._schedule_new(claim)
        elif isinstance(claim, TrackedJob):  # ended before, never reported (or a clashing tag)
            self._record(claim)
        else:  # reported by an earlier run: nothing to do, nothing to hand out
            if not self._busy():
                self._idle.set()
            self._results.wake()
        return None


publish("layers_async", JobTracker)
