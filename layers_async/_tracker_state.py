"""What the tracker keeps per job and per pending clone, and its versioned JSON snapshot."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import attrs

from layers_async.errors import InvalidRequestError
from layers_async.models._jobs import Job

__all__ = [
    "SNAPSHOT_VERSION",
    "CloneSpec",
    "JobEntry",
    "ProgressEvent",
    "TrackedJob",
    "TrackerCounts",
    "dump_snapshot",
    "load_snapshot",
]

SNAPSHOT_VERSION = 1


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
    """

    job_id: str | None
    outcome: str
    job: Job | None = None
    tag: Any = None
    container_id: str | None = None
    error: Exception | None = None

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
    except (TypeError, ValueError):
        raise InvalidRequestError("tag must be JSON-serializable to be kept in snapshots", argument="tag") from None
    return tag


def dump_snapshot(entries: Iterable[JobEntry], pending: Iterable[CloneSpec], *, to_wall: Any) -> str:
    """The resume token: job ids, container ids, ETags, tags, deadlines (epoch s), idempotency keys."""
    jobs = [
        {
            "jobId": e.job_id,
            "containerId": e.container_id,
            "etag": e.etag,
            "tag": e.tag,
            "deadline": None if e.deadline is None else to_wall(e.deadline),
            "idempotencyKey": e.idempotency_key,
        }
        for e in entries
    ]
    clones = [
        {
            "containerId": s.container_id,
            "idempotencyKey": s.idempotency_key,
            "projectId": s.project_id,
            "sourcePlatformPostId": s.source_platform_post_id,
            "mode": s.mode,
            "variations": s.variations,
            "projectLayerId": s.project_layer_id,
            "tag": s.tag,
            "deadline": None if s.deadline is None else to_wall(s.deadline),
        }
        for s in pending
    ]
    return json.dumps({"version": SNAPSHOT_VERSION, "jobs": jobs, "clones": clones}, separators=(",", ":"))


def load_snapshot(token: str, *, from_wall: Any) -> tuple[list[JobEntry], list[CloneSpec]]:
    """Parse a resume token (see `dump_snapshot`).

    Raises:
        InvalidRequestError: The token is not one this version wrote.
    """
    try:
        data = json.loads(token)
        if data.get("version") != SNAPSHOT_VERSION:
            raise InvalidRequestError(
                f"unsupported tracker snapshot version {data.get('version')!r}", argument="resume"
            )
        entries = [
            JobEntry(
                str(j["jobId"]),
                container_id=j.get("containerId"),
                etag=j.get("etag"),
                tag=j.get("tag"),
                deadline=None if j.get("deadline") is None else from_wall(float(j["deadline"])),
                idempotency_key=j.get("idempotencyKey"),
            )
            for j in data["jobs"]
        ]
        clones = [
            CloneSpec(
                container_id=str(c["containerId"]),
                idempotency_key=str(c["idempotencyKey"]),
                project_id=str(c["projectId"]),
                source_platform_post_id=str(c["sourcePlatformPostId"]),
                mode=str(c.get("mode", "fork")),
                variations=int(c.get("variations", 1)),
                project_layer_id=c.get("projectLayerId"),
                tag=c.get("tag"),
                deadline=None if c.get("deadline") is None else from_wall(float(c["deadline"])),
            )
            for c in data["clones"]
        ]
    except InvalidRequestError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise InvalidRequestError(f"not a tracker snapshot: {exc}", argument="resume") from None
    return entries, clones
