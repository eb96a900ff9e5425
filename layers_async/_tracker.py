"""`JobTracker`: follow thousands of jobs from one task group without stampeding the API.

One scheduler task keeps a heap of next-poll times; a bounded set of poller tasks (as many as the
transport safely handles in flight) takes due jobs from it. Memory per job is one slotted entry and
one heap slot, not a sleeping task. Clones submitted through the tracker get their container id and
idempotency key before anything is sent, so a snapshot taken at any point resumes without duplicates.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import AsyncIterator, Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

import anyio
import attrs
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from layers_async._polling import PollPolicy
from layers_async._tracker_clones import CloneQueue, new_clone_spec, submit_clone
from layers_async._tracker_state import (
    CloneSpec,
    JobEntry,
    ProgressEvent,
    TrackedJob,
    TrackerCounts,
    check_tag,
    dump_snapshot,
    load_snapshot,
)
from layers_async._transport import safe_concurrency
from layers_async.errors import (
    APIError,
    ClientClosedError,
    InvalidRequestError,
    RateLimitedError,
    ServerError,
    TrackerError,
    TransportError,
)
from layers_async.models._jobs import Job

if TYPE_CHECKING:
    from layers_async._client import Client

__all__ = ["JobTracker"]

_COALESCE = 0.02  # seconds
_OUTCOME_FIELD = {"completed": "completed", "failed": "failed", "canceled": "canceled"}


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
        resume: A token from `snapshot` to continue where an earlier tracker stopped.
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
    ) -> None:
        limit = max_in_flight or safe_concurrency(client.transport)
        if limit < 1 or max_submitting < 1:
            raise InvalidRequestError("concurrency limits must be at least 1", argument="max_in_flight")
        self._client = client
        self._clock = client.clock
        self._poll = poll or PollPolicy()
        self._limit = limit
        self._max_submitting = max_submitting
        self._on_event = on_event
        self._heap: list[tuple[float, int, JobEntry]] = []
        self._seq = itertools.count()
        self._active: dict[str, JobEntry] = {}
        self._clones = CloneQueue()
        self._finished: list[TrackedJob] = []
        self._counts = {"completed": 0, "failed": 0, "canceled": 0, "timed_out": 0, "errored": 0}
        self._out_send: MemoryObjectSendStream[TrackedJob] | None = None
        self._out_recv: MemoryObjectReceiveStream[TrackedJob] | None = None
        self._work_send: MemoryObjectSendStream[JobEntry] | None = None
        self._tg: anyio.abc.TaskGroup | None = None
        self._heap_changed = anyio.Event()
        self._sleep_scope: anyio.CancelScope | None = None
        self._sleep_until = math.inf
        self._idle = anyio.Event()
        self._failure: BaseException | None = None
        self._closed = False
        if resume is not None:
            entries, clones = load_snapshot(resume, from_wall=self._from_wall)
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
        if self._tg is not None or self._closed:
            raise TrackerError("a JobTracker can be entered only once")
        self._out_send, self._out_recv = anyio.create_memory_object_stream[TrackedJob](math.inf)
        for done in self._finished:  # finished before the block started (terminal jobs added early)
            self._out_send.send_nowait(done)
        self._tg = anyio.create_task_group()
        await self._tg.__aenter__()
        work_send, work_recv = anyio.create_memory_object_stream[JobEntry](0)
        self._work_send = work_send
        self._tg.start_soon(self._scheduler)
        for _ in range(self._limit):
            self._tg.start_soon(self._poller, work_recv.clone())
        for _ in range(self._max_submitting):
            self._tg.start_soon(self._submitter)
        work_recv.close()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        assert self._tg is not None
        self._tg.cancel_scope.cancel()
        try:
            suppress = await self._tg.__aexit__(exc_type, exc, tb)
        finally:
            self._closed = True
            with anyio.CancelScope(shield=True):
                for stream in (self._work_send, self._out_send, self._out_recv):
                    if stream is not None:
                        await stream.aclose()
        if self._failure is not None:
            raise TrackerError(f"job tracker stopped: {self._failure!r}") from self._failure
        return bool(suppress)

    # -- adding work -----------------------------------------------------------------------------
    def add(self, job: str | Job, *, deadline: float | None = None, tag: Any = None) -> None:
        """Follow ``job`` (an id or a job model) until it is terminal or ``deadline`` seconds pass.

        Adding a job the tracker already follows does nothing. Allowed at any time, also while
        iterating.
        """
        job_id = job if isinstance(job, str) else job.job_id
        if job_id in self._active:
            return
        entry = JobEntry(
            job_id,
            container_id=job.container_id if isinstance(job, Job) else None,
            etag=job.etag if isinstance(job, Job) else None,
            tag=check_tag(tag),
            deadline=None if deadline is None else self._clock.now() + deadline,
            idempotency_key=getattr(job, "idempotency_key", None),
        )
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
        id and idempotency key, so never a duplicate). Returns the new container's id at once.
        """
        spec = new_clone_spec(
            project_id=project_id,
            source_platform_post_id=source_platform_post_id,
            mode=mode,
            variations=variations,
            project_layer_id=project_layer_id,
            container_id=container_id,
            deadline=None if deadline is None else self._clock.now() + deadline,
            tag=tag,
        )
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
        self._schedule(entry, self._poll.delay(entry.polls))

    def _schedule(self, entry: JobEntry, delay: float) -> None:
        due = self._clock.now() + delay
        if entry.deadline is not None:
            due = min(due, entry.deadline)
        heapq.heappush(self._heap, (due, next(self._seq), entry))
        if len(self._heap) == 1:
            self._heap_changed.set()  # the scheduler may be waiting for work
        elif self._sleep_scope is not None and due < self._sleep_until:
            self._sleep_scope.cancel()  # wake the scheduler early for the new first poll

    # -- results ---------------------------------------------------------------------------------
    @property
    def max_in_flight(self) -> int:
        """Poll requests this tracker keeps in flight at most (from the transport unless given)."""
        return self._limit

    @property
    def counts(self) -> TrackerCounts:
        """Live counts of jobs by state."""
        return TrackerCounts(running=len(self._active) + len(self._clones.pending), **self._counts)

    @property
    def finished(self) -> list[TrackedJob]:
        """Every job finished so far, in the order they finished."""
        return list(self._finished)

    def __aiter__(self) -> AsyncIterator[TrackedJob]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[TrackedJob]:
        if self._out_recv is None or self._closed:
            raise TrackerError("iterate a JobTracker inside its async with block")
        while True:
            try:
                yield self._out_recv.receive_nowait()
                continue
            except anyio.WouldBlock:
                pass
            if not self._active and not self._clones.pending:
                return
            try:
                yield await self._out_recv.receive()
            except anyio.EndOfStream:
                return

    async def gather(self) -> list[TrackedJob]:
        """Wait until nothing is left to follow; return every finished job in finishing order."""
        while self._active or self._clones.pending:
            await self._idle.wait()
        return list(self._finished)

    def snapshot(self) -> str:
        """A versioned JSON token of everything not finished yet, for ``tracker(resume=token)``.

        It holds job ids, container ids, ETags, tags, deadlines and idempotency keys; never the API
        key. Valid at any time, also after the tracker was canceled.
        """
        return dump_snapshot(self._active.values(), self._clones.pending.values(), to_wall=self._to_wall)

    def _finish(self, entry: JobEntry, outcome: str, job: Job | None = None, error: Exception | None = None) -> None:
        if entry.done:
            return
        entry.done = True
        self._active.pop(entry.job_id, None)
        self._counts[_OUTCOME_FIELD.get(outcome, "errored" if outcome == "error" else outcome)] += 1
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
        self._finished.append(result)
        if self._out_send is not None and not self._closed:
            self._out_send.send_nowait(result)
        if not self._active and not self._clones.pending:
            self._idle.set()

    # -- tasks -----------------------------------------------------------------------------------
    async def _scheduler(self) -> None:
        assert self._work_send is not None
        clock = self._clock
        while True:
            if not self._heap:
                self._heap_changed = anyio.Event()
                await self._heap_changed.wait()
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
                self._finish(entry, "timed_out")
                continue
            await self._work_send.send(entry)

    async def _poller(self, work: MemoryObjectReceiveStream[JobEntry]) -> None:
        async with work:
            async for entry in work:
                await self._guard(self._poll_once(entry))

    async def _guard(self, coro: Any) -> None:
        try:
            await coro
        except (anyio.get_cancelled_exc_class(), ClientClosedError):
            raise
        except Exception as exc:
            if self._failure is None:
                self._failure = exc
            assert self._tg is not None
            self._tg.cancel_scope.cancel()

    async def _poll_once(self, entry: JobEntry) -> None:
        try:
            job = await self._client.jobs.get(entry.job_id, etag=entry.etag)
        except RateLimitedError as exc:
            self._schedule(entry, max(exc.retry_after or 0.0, self._poll.delay(entry.polls)))
            return
        except (TransportError, ServerError):
            entry.polls += 1  # the client already retried; keep following on the slower cadence
            self._schedule(entry, self._poll.delay(entry.polls))
            return
        except APIError as exc:
            self._finish(entry, "error", error=exc)
            return
        entry.polls += 1
        if job is not None:
            entry.etag = job.etag
            self._observe(entry, job)
            if job.is_terminal:  # a poll may leave out containerId: keep the one the tracker knows
                known = entry.container_id if job.container_id is None else None
                self._finish(entry, job.status.value, attrs.evolve(job, container_id=known) if known else job)
                return
        self._schedule(entry, self._poll.delay(entry.polls))

    def _observe(self, entry: JobEntry, job: Job) -> None:
        status = job.status.value
        if entry.container_id is None:
            entry.container_id = job.container_id
        if (status, job.stage, job.progress) == (entry.status, entry.stage, entry.progress):
            return
        entry.status, entry.stage, entry.progress = status, job.stage, job.progress
        if self._on_event is not None:
            self._on_event(
                ProgressEvent(job_id=entry.job_id, status=status, stage=job.stage, progress=job.progress, tag=entry.tag)
            )

    async def _submitter(self) -> None:
        while True:
            spec = await self._clones.take()
            await self._guard(self._submit(spec))

    async def _submit(self, spec: CloneSpec) -> None:
        result = await submit_clone(self._client, spec)
        if isinstance(result, TrackedJob):  # given up: refused, or its deadline passed
            self._clones.settle(spec)
            self._counts["errored" if result.outcome == "error" else result.outcome] += 1
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
        # Become a tracked job before leaving the pending set, so a snapshot never loses it.
        self._schedule_new(entry)
        self._clones.settle(spec)
