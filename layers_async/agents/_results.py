"""What the tools return: small frozen models (their output schemas come from these) and `dump`."""

from __future__ import annotations

import enum
from datetime import datetime, timezone
from typing import Any, Literal

import attrs

from layers_async.workflows import Breakout, NoiseFloor, Saturation, StageInfo

__all__ = [
    "ApprovalDecision",
    "BreakoutsResult",
    "CloneStarted",
    "JobStatusResult",
    "MetricsBucketOut",
    "PendingApprovals",
    "PendingItem",
    "PostMetrics",
    "PostRow",
    "ProjectItem",
    "ProjectsResult",
    "RankResult",
    "SaturationResult",
    "ScheduledItem",
    "ScheduleResultOut",
    "Verdict",
    "dump",
    "iso",
    "jsonable",
]

Verdict = Literal["ok", "provisional", "not_enough_data", "empty"]


def iso(value: datetime | None) -> str | None:
    """RFC 3339 in UTC with ``Z`` (``None`` stays ``None``)."""
    if value is None:
        return None
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _serialize(inst: Any, field: Any, value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return iso(value)
    return value


def jsonable(value: Any) -> Any:
    """Plain JSON data: tuples become lists (``attrs.asdict`` keeps them), dict keys become strings."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return _serialize(None, None, value)


def dump(result: Any) -> dict[str, Any]:
    """A result model as JSON-ready data: every key present, enums as values, times as RFC 3339."""
    data: dict[str, Any] = jsonable(attrs.asdict(result, value_serializer=_serialize))
    return data


@attrs.frozen(kw_only=True)
class ProjectItem:
    """One project."""

    id: str
    name: str | None
    status: str
    customer_external_id: str | None


@attrs.frozen(kw_only=True)
class ProjectsResult:
    """The caller's projects (newest first)."""

    projects: tuple[ProjectItem, ...]
    more: bool = attrs.field(metadata={"description": "More projects exist than were returned."})


@attrs.frozen(kw_only=True)
class PostRow:
    """One ranked creative."""

    rank: int
    source_type: str
    platform_post_id: str | None = attrs.field(metadata={"description": "The id start_clone accepts."})
    source_id: str | None
    title: str | None
    metric_value: float
    views: int | None
    engagement_rate: float | None
    conversions: int | None
    roas: float | None


@attrs.frozen(kw_only=True)
class RankResult:
    """A project's top performers with the noise-floor verdict."""

    project_id: str
    metric: str
    window: str
    verdict: Verdict
    advice: str
    noise_floor: NoiseFloor
    stage: StageInfo | None
    rows: tuple[PostRow, ...]


@attrs.frozen(kw_only=True)
class MetricsBucketOut:
    """One bucket of a series (``bucket`` is its start)."""

    bucket: str
    values: dict[str, float]


@attrs.frozen(kw_only=True)
class PostMetrics:
    """One post's organic metrics over a window."""

    project_id: str
    post_id: str
    since: str | None
    until: str | None
    granularity: str
    totals: dict[str, float]
    series: tuple[MetricsBucketOut, ...]


@attrs.frozen(kw_only=True)
class BreakoutsResult:
    """Breakouts: rows whose engagement rate is more than twice the median."""

    project_id: str
    window: str
    verdict: Verdict
    advice: str
    noise_floor: NoiseFloor
    median_engagement_rate: float | None
    threshold: float | None
    rows_ranked: int
    rows_considered: int
    breakouts: tuple[Breakout, ...]


@attrs.frozen(kw_only=True)
class SaturationResult:
    """Whether a source post is worn out by its clones."""

    project_id: str
    saturation: Saturation
    advice: str


@attrs.frozen(kw_only=True)
class JobStatusResult:
    """A job's state, and what to do next."""

    job_id: str
    kind: str | None
    status: str
    finished: bool
    stage: str | None
    progress: float | None
    project_id: str | None
    container_id: str | None
    container_ids: tuple[str, ...]
    error_code: str | None
    error_message: str | None
    waited_seconds: float
    advice: str


@attrs.frozen(kw_only=True)
class PendingItem:
    """A container waiting for a human's review."""

    container_id: str
    status: str
    format: str | None
    hook: str | None
    source_platform_post_id: str | None
    clone_mode: str | None
    created_at: str | None
    captions: tuple[str, ...]


@attrs.frozen(kw_only=True)
class PendingApprovals:
    """Content held for human review."""

    project_id: str
    count: int
    more: bool
    items: tuple[PendingItem, ...]
    advice: str


@attrs.frozen(kw_only=True)
class CloneStarted:
    """A clone that was started (or, with ``dry_run``, would be)."""

    dry_run: bool
    project_id: str
    source_platform_post_id: str
    mode: str
    variations: int
    container_id: str
    idempotency_key: str
    job_id: str | None
    status: str | None
    replayed: bool = attrs.field(metadata={"description": "The same clone was already started; nothing new began."})
    advice: str


@attrs.frozen(kw_only=True)
class ApprovalDecision:
    """A human's review decision, recorded."""

    container_id: str
    approval_status: str
    decided_at: str | None
    decided_by: str | None


@attrs.frozen(kw_only=True)
class ScheduledItem:
    """One scheduled post."""

    scheduled_post_id: str
    social_account_id: str | None
    platform: str | None
    mode: str | None
    status: str
    scheduled_for: str | None


@attrs.frozen(kw_only=True)
class ScheduleResultOut:
    """The posts a schedule call created."""

    container_id: str
    scheduled_posts: tuple[ScheduledItem, ...]
    gate_status: str | None
