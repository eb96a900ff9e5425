"""``client.jobs``: read and cancel asynchronous jobs (API reference: Jobs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, overload

import attrs

from layers_async._checks import path_id
from layers_async._polling import PollPolicy
from layers_async._resources._base import Resource
from layers_async.errors import JobCanceledError, JobFailedError, PollTimeoutError
from layers_async.models._jobs import CancelResult, Job, JobStatus

if TYPE_CHECKING:
    from layers_async._store import JobStore
    from layers_async._tracker import JobTracker
    from layers_async._tracker_state import ProgressEvent

__all__ = ["Jobs"]


class Jobs(Resource):
    """Jobs: ``get`` (with ETag support) and ``cancel``."""

    __slots__ = ()

    @overload
    async def get(self, job_id: str) -> Job: ...

    @overload
    async def get(self, job_id: str, *, etag: str | None) -> Job | None: ...

    async def get(self, job_id: str, *, etag: str | None = None) -> Job | None:
        """Fetch a job's current envelope.

        Args:
            job_id: The job's id.
            etag: The ETag of the envelope you already hold; sent as ``If-None-Match``.

        Returns:
            The job (its ``etag`` set from the response), or ``None`` when the server answered 304:
            nothing changed since ``etag``.
        """
        path = f"/v1/jobs/{path_id('job_id', job_id)}"
        headers = (("If-None-Match", etag),) if etag else ()
        reply = await self._send("GET", path, headers=headers)
        return None if reply.not_modified else self._decode(reply, Job)

    async def cancel(self, job_id: str, *, idempotency_key: str | None = None) -> CancelResult:
        """Ask a job to stop at its next stage boundary; keep polling until it is terminal.

        Args:
            job_id: The job's id.
            idempotency_key: Your own key; one is minted otherwise and reused on every retry.

        Raises:
            ConflictError: ``JOB_CANCEL_UNAVAILABLE`` while the job is finalizing.
        """
        path = f"/v1/jobs/{path_id('job_id', job_id)}/cancel"
        return await self._call("POST", path, CancelResult, idempotency_key=idempotency_key)

    async def wait(
        self,
        job: str | Job,
        *,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        raise_on_failure: bool = False,
    ) -> Job:
        """Poll one job until it is terminal, on the documented cadence (`PollPolicy`).

        Sends ``If-None-Match`` with the last ETag; a 304 counts as "unchanged" and is not decoded.

        Args:
            job: A job id, or the job (e.g. the `AcceptedJob` a clone returned).
            timeout: Seconds (of the client's clock) to wait at most; ``None`` waits for ever.
            poll: The cadence; defaults to 2 s, ×1.3 per poll, 10 s ceiling, 0–500 ms jitter.
            raise_on_failure: Raise `JobFailedError` / `JobCanceledError` instead of returning a
                failed or canceled job.

        Returns:
            The terminal job. A poll that leaves out ``containerId``, ``containerIds`` or ``projectId``
            (the vendor's polling example does) keeps the ones the job given here already named.

        Raises:
            PollTimeoutError: ``timeout`` passed first (``error.job`` is the last envelope seen).
        """
        policy = poll or PollPolicy()
        job_id = job if isinstance(job, str) else job.job_id
        last = job if isinstance(job, Job) else None
        clock = self._client.clock
        deadline = None if timeout is None else clock.now() + timeout
        n = 0
        while last is None or not last.is_terminal:
            delay = policy.delay(n)
            n += 1
            if deadline is not None:
                remaining = deadline - clock.now()
                if remaining <= 0:
                    raise PollTimeoutError(f"job {job_id} still running after {timeout} s", job_id=job_id, job=last)
                delay = min(delay, remaining)
            await clock.sleep(delay)
            if deadline is not None and clock.now() >= deadline:
                raise PollTimeoutError(f"job {job_id} still running after {timeout} s", job_id=job_id, job=last)
            fresh = await self.get(job_id, etag=last.etag if last else None)
            if fresh is not None:
                last = _keep_known(fresh, last)
        if raise_on_failure:
            _raise_for_outcome(last)
        return last

    def tracker(
        self,
        *,
        poll: PollPolicy | None = None,
        max_in_flight: int | None = None,
        max_submitting: int = 4,
        on_event: Callable[[ProgressEvent], object] | None = None,
        resume: str | None = None,
        store: JobStore | None = None,
    ) -> JobTracker:
        """A `JobTracker` that follows many jobs from one task group: ``async with client.jobs.tracker() as t``.

        See `JobTracker` for the arguments.
        """
        from layers_async._tracker import JobTracker  # the tracker sits above the resources: imported on use

        return JobTracker(
            self._client,
            poll=poll,
            max_in_flight=max_in_flight,
            max_submitting=max_submitting,
            on_event=on_event,
            resume=resume,
            store=store,
        )


def _raise_for_outcome(job: Job) -> None:
    """Raise `JobFailedError` / `JobCanceledError` for a failed or canceled job."""
    if job.status is JobStatus.FAILED:
        reason = f"{job.error.code}: {job.error.message}" if job.error else "no error given"
        raise JobFailedError(f"job {job.job_id} failed ({reason})", job_id=job.job_id, job=job)
    if job.status is JobStatus.CANCELED:
        raise JobCanceledError(f"job {job.job_id} was canceled", job_id=job.job_id, job=job)


def _keep_known(fresh: Job, known: Job | None) -> Job:
    """``fresh`` with the container and project ids it leaves out taken from the job already known."""
    if known is None:
        return fresh
    missing = {
        name: getattr(known, name)
        for name in ("container_id", "container_ids", "project_id")
        if getattr(fresh, name) is None and getattr(known, name) is not None
    }
    return attrs.evolve(fresh, **missing) if missing else fresh
