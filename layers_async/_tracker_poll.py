"""The tracker's polling: a fixed pool of worker tasks that take due jobs from one `PollSchedule`.

A worker polls a job, records what changed, and schedules the next poll; nothing is allocated per
poll beyond the request itself (no task, no timer, no heap tuple, no closure).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

import attrs

from layers_async._clock import Clock
from layers_async._polling import PollPolicy
from layers_async._tracker_schedule import PollSchedule
from layers_async._tracker_state import JobEntry, ProgressEvent
from layers_async.errors import APIError, RateLimitedError, ServerError, TransportError
from layers_async.models._jobs import Job

if TYPE_CHECKING:
    from layers_async._client import Client

__all__ = ["Finish", "Polling"]


class Finish(Protocol):
    """The tracker stops following ``entry``: it ended with ``outcome`` (and the last job or the error)."""

    def __call__(self, entry: JobEntry, outcome: str, job: Job | None = None, error: Exception | None = None) -> None:
        """Record ``entry``'s end."""


class Polling:
    """Polls the jobs in its schedule on ``policy``'s cadence; run `work` in each worker task.

    Args:
        client: The client to poll with.
        clock: The client's clock.
        policy: The polling cadence.
        on_event: Called with a `ProgressEvent` when a job's status, stage or progress changes.
        finish: Called when a job is terminal, refused by the API, or past its deadline.
    """

    __slots__ = ("_client", "_finish", "_on_event", "_policy", "schedule")

    def __init__(
        self,
        client: Client,
        clock: Clock,
        policy: PollPolicy,
        on_event: Callable[[ProgressEvent], object] | None,
        finish: Finish,
    ) -> None:
        self._client = client
        self._policy = policy
        self._on_event = on_event
        self._finish = finish
        self.schedule = PollSchedule(clock, self._expire)

    def add(self, entry: JobEntry) -> None:
        """Schedule ``entry``'s next poll on the cadence (after ``entry.polls`` polls)."""
        self.schedule.push(entry, self._policy.delay(entry.polls))

    async def work(self) -> None:
        """One worker, for ever: take the next due job and poll it (an unexpected error leaves)."""
        schedule = self.schedule
        while True:
            entry = schedule.next_due()
            if entry is None:
                await schedule.wait()
            else:
                await self._poll_once(entry)

    def _expire(self, entry: JobEntry) -> None:
        self._finish(entry, "timed_out")

    async def _poll_once(self, entry: JobEntry) -> None:
        try:
            job = await self._client.jobs.get(entry.job_id, etag=entry.etag)
        except RateLimitedError as exc:
            self.schedule.push(entry, max(exc.retry_after or 0.0, self._policy.delay(entry.polls)))
            return
        except (TransportError, ServerError):
            entry.polls += 1  # the client already retried; keep following on the slower cadence
            self.add(entry)
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
        self.add(entry)

    def _observe(self, entry: JobEntry, job: Job) -> None:
        status = job.status.value
        if entry.container_id is None:
            entry.container_id = job.container_id
        if status == entry.status and job.stage == entry.stage and job.progress == entry.progress:
            return
        entry.status, entry.stage, entry.progress = status, job.stage, job.progress
        if self._on_event is not None:
            self._on_event(
                ProgressEvent(job_id=entry.job_id, status=status, stage=job.stage, progress=job.progress, tag=entry.tag)
            )
