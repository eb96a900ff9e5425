"""Job envelopes: what a job-starting call answers (202) and what ``GET /v1/jobs/{jobId}`` returns."""

from __future__ import annotations

from datetime import datetime

import attrs

from layers_async.models._base import OpenEnum

__all__ = ["AcceptedJob", "CancelReason", "CancelResult", "Job", "JobErrorInfo", "JobResult", "JobStatus"]


class JobStatus(OpenEnum):
    """A job's status. Only ``RUNNING`` is non-terminal."""

    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELED = "canceled"


_TERMINAL = frozenset({JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELED})


@attrs.frozen(kw_only=True)
class JobErrorInfo:
    """Why a job failed: ``code`` is an open set (``GENERATION_FAILED``, ``SOURCE_UNAVAILABLE``, ...)."""

    code: str = "UNKNOWN"
    message: str = ""


@attrs.frozen(kw_only=True)
class JobResult:
    """What a completed job produced; read media and captions from the container."""

    container_id: str | None = None
    container_ids: tuple[str, ...] | None = None


def _location_url(job: Job) -> str:
    return f"/v1/jobs/{job.job_id}"


@attrs.frozen(kw_only=True)
class Job:
    """The job envelope returned by job-starting calls and by ``GET /v1/jobs/{jobId}``.

    Only ``jobId`` and ``status`` are required: the vendor's own examples leave out ``projectId``,
    ``stage`` and ``startedAt`` (a clone's 202) or ``projectId``, ``containerId`` and ``locationUrl`` (a
    poll). ``location_url`` defaults to ``/v1/jobs/{job_id}``.

    ``etag`` is the response's ``ETag`` header (not part of the body); pass it back to
    ``client.jobs.get(job_id, etag=...)`` to get ``None`` when nothing changed.
    """

    job_id: str
    status: JobStatus
    kind: str | None = None
    project_id: str | None = None
    container_id: str | None = None
    location_url: str = attrs.field(default=attrs.Factory(_location_url, takes_self=True))
    started_at: datetime | None = None
    stage: str | None = None
    progress: float | None = None
    container_ids: tuple[str, ...] | None = None
    finished_at: datetime | None = None
    result: JobResult | None = None
    error: JobErrorInfo | None = None
    etag: str | None = None

    @property
    def is_terminal(self) -> bool:
        """``True`` once the job is ``completed``, ``failed`` or ``canceled``; it never changes again.

        A status this SDK does not know is not terminal: keep polling rather than stop early.
        """
        return self.status in _TERMINAL

    @property
    def all_container_ids(self) -> tuple[str, ...]:
        """Every container the job produces (``containerIds``, or ``(containerId,)``, or ``()`` when unknown)."""
        if self.container_ids:
            return self.container_ids
        return (self.container_id,) if self.container_id else ()


@attrs.frozen(kw_only=True)
class AcceptedJob(Job):
    """The 202 answer to a job-starting call, plus what the client sent to get it.

    Attributes:
        idempotency_key: The ``Idempotency-Key`` the call carried (reused on every retry).
        replayed: ``True`` when the server answered with a stored response (``Idempotent-Replayed``).
    """

    idempotency_key: str | None = None
    replayed: bool = False


class CancelReason(OpenEnum):
    """Why a cancel was not accepted: the job had already finished."""

    ALREADY_COMPLETED = "ALREADY_COMPLETED"
    ALREADY_FAILED = "ALREADY_FAILED"
    ALREADY_CANCELED = "ALREADY_CANCELED"


@attrs.frozen(kw_only=True)
class CancelResult:
    """The answer to ``POST /v1/jobs/{jobId}/cancel``: ``accepted`` or the ``reason`` it was not."""

    job_id: str
    accepted: bool
    reason: CancelReason | None = None
