"""Job envelopes (contract §7, §12)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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

    code: str
    message: str = ""


@attrs.frozen(kw_only=True)
class JobResult:
    """What a completed job produced; read media and captions from the container."""

    container_id: str | None = None
    container_ids: tuple[str, ...] | None = None


@attrs.frozen(kw_only=True)
class Job:
    """The job envelope returned by job-starting calls and by ``GET /v1/jobs/{jobId}``.

    ``etag`` is the response's ``ETag`` header (not part of the body); pass it back to
    ``client.jobs.get(job_id, etag=...)`` to get ``None`` when nothing changed.
    """

    job_id: str
    kind: str
    status: JobStatus
    project_id: str
    container_id: str
    location_url: str
    started_at: datetime
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
        """Every container the job produces (``containerIds``, or ``(containerId,)``)."""
        return self.container_ids or (self.container_id,)


def _accepted_wire_in(data: dict[str, Any]) -> dict[str, Any]:
    """Tolerance of §13: a generate envelope without ``containerIds`` means ``[containerId]``."""
    if data.get("kind") == "content_generate" and "containerIds" not in data and "containerId" in data:
        data = {**data, "containerIds": [data["containerId"]]}
    return data


@attrs.frozen(kw_only=True)
class AcceptedJob(Job):
    """The 202 answer to a job-starting call, plus what the client sent to get it.

    Attributes:
        idempotency_key: The ``Idempotency-Key`` the call carried (reused on every retry).
        replayed: ``True`` when the server answered with a stored response (``Idempotent-Replayed``).
    """

    idempotency_key: str | None = None
    replayed: bool = False

    _wire_in = staticmethod(_accepted_wire_in)


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
