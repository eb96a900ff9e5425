"""What the tracker keeps per job and per pending clone, what it reports, and the checks of its inputs."""

from __future__ import annotations

import json
from typing import Any

import attrs

from layers_async._checks import check_number_range, path_id
from layers_async._public import publish
from layers_async.errors import InvalidRequestError
from layers_async.models._content import CloneMode
from layers_async.models._jobs import Job

__all__ = [
    "CLONE_MODES",
    "CloneSpec",
    "JobEntry",
    "ProgressEvent",
    "TrackedJob",
    "TrackerCounts",
    "check_deadline",
    "check_etag",
    "check_tag",
    "new_job_entry",
]

CLONE_MODES = frozenset(m.value for m in CloneMode)
_MAX_DEADLINE = 1e9  # seconds (about 31 years): any larger value is a mistake, and it keeps clock sums finite


class JobEntry:
    """One job the tracker follows (slotted: thousands of these live at once)."""

    __slots__ = (
        "container_id",
        "deadline",
        "done",
        "etag",
        "idempotency_key",
        "job_id",
        "polls",
        "progress",
        "stage",
        "status",
        "tag",
    )

    def __init__(
        self,
        job_id: str,
        *,
        container_id: str | None = None,
        etag: str | None = None,
        tag: Any = None,
        deadline: float | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        self.job_id = job_id
        self.container_id = container_id
        self.etag = etag
        self.tag = tag
        self.deadline = deadline
        self.idempotency_key = idempotency_key
        self.polls = 0
        self.status: str | None = None
        self.stage: str | None = None
        self.progress: float | None = None
        self.done = False


@attrs.frozen(kw_only=True)
class CloneSpec:
    """A clone the tracker submits itself; its ids are minted up front so a resume never duplicates it."""

    container_id: str
    idempotency_key: str
    project_id: str
    source_platform_post_id: str
    mode: str = "fork"
    variations: int = 1
    project_layer_id: str | None = None
    tag: Any = None
    deadline: float | None = None


@attrs.frozen(kw_only=True)
class TrackedJob:
    """A job the tracker has finished following.

    Attributes:
        job_id: The job's id (``None`` when its clone could not be submitted).
        outcome: ``completed``, ``failed``, ``canceled``, ``timed_out`` (its deadline passed) or
            ``error`` (the API refused to show or start it; see ``error``).
        job: The last envelope seen (terminal unless ``timed_out``/``error``).
        tag: What you passed to ``add``/``clone``.
        container_id: The (first) container the job produces.
        error: The SDK error behind an ``error`` outcome.
        redelivered: Handed out before, by a run that stopped before moving past it (only with a
            job store: results are handed out at least once).
    """

    job_id: str | None
    outcome: str
    job: Job | None = None
    tag: Any = None
    container_id: str | None = None
    error: Exception | None = None
    redelivered: bool = False

    @property
    def ok(self) -> bool:
        """``True`` when the job completed."""
        return self.outcome == "completed"


@attrs.frozen(kw_only=True)
class ProgressEvent:
    """A change in a tracked job's status, stage or progress."""

    job_id: str
    status: str
    stage: str | None
    progress: float | None
    tag: Any = None


@attrs.frozen(kw_only=True)
class TrackerCounts:
    """Live counts: ``running`` includes clones still being submitted."""

    running: int = 0
    completed: int = 0
    failed: int = 0
    canceled: int = 0
    timed_out: int = 0
    errored: int = 0


def check_tag(tag: Any) -> Any:
    """Require a JSON-serializable tag (snapshots keep it)."""
    try:
        json.dumps(tag)
    except (TypeError, ValueError, RecursionError):
        raise InvalidRequestError("tag must be JSON-serializable to be kept in snapshots", argument="tag") from None
    return tag


def check_deadline(deadline: object) -> float | None:
    """Require ``None`` or a finite number of seconds, 0 to about 31 years."""
    if deadline is None:
        return None
    return float(check_number_range("deadline", deadline, 0, _MAX_DEADLINE))


def check_etag(etag: object) -> str | None:
    """Require ``None`` or an ETag that can be sent back as ``If-None-Match`` (printable ASCII)."""
    if etag is None:
        return None
    if not isinstance(etag, str) or not etag or len(etag) > 1024 or not all(" " <= c <= "~" for c in etag):
        raise InvalidRequestError("etag must be 1-1024 printable ASCII characters", argument="etag")
    return etag


def new_job_entry(job: object, *, tag: Any, deadline: float | None) -> JobEntry:
    """Check a job to follow (an id or a `Job`) and its tag; ``deadline`` is already a clock time.

    Raises:
        InvalidRequestError: Not a valid job id or `Job`, or a tag a snapshot cannot keep.
    """
    if isinstance(job, Job):
        job_id = job.job_id
    elif isinstance(job, str):
        job_id = job
    else:
        raise InvalidRequestError("job must be a job id or a Job", argument="job")
    path_id("job", job_id)
    return JobEntry(
        job_id,
        container_id=job.container_id if isinstance(job, Job) else None,
        etag=check_etag(job.etag) if isinstance(job, Job) else None,
        tag=check_tag(tag),
        deadline=deadline,
        idempotency_key=getattr(job, "idempotency_key", None),
    )


publish("layers_async", ProgressEvent, TrackedJob, TrackerCounts)
