"""The frozen results the workflows return; each says what was decided and why (``to_dict``/``to_json``)."""

from __future__ import annotations

from typing import Any, Literal

import attrs

from layers_async._json import to_dict, to_json
from layers_async.models import Container
from layers_async.workflows._config import WorkflowConfig

__all__ = [
    "Breakout",
    "BreakoutScan",
    "CloneResult",
    "CloneRun",
    "DailyReport",
    "Decision",
    "FreshGeneration",
    "NoiseFloor",
    "ProjectReport",
    "RankedRow",
    "Saturation",
    "Skip",
    "StageInfo",
]

Decision = Literal["act", "provisional", "not_enough_data", "empty", "error"]


class _Dumpable:
    """``to_dict``/``to_json`` for the report models (JSON types only: enums as values, times as RFC 3339)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data: `layers_async.to_dict` (attribute names, RFC 3339 instants)."""
        data: dict[str, Any] = to_dict(self)
        return data

    def to_json(self, *, indent: int | None = None) -> str:
        """The report as a JSON document: `layers_async.to_json`."""
        return to_json(self, indent=indent)


@attrs.frozen(kw_only=True)
class NoiseFloor(_Dumpable):
    """Whether a project has enough data to rank.

    Attributes:
        status: ``ok``, ``provisional`` (shown, never acted on) or ``not_enough_data``.
        post_count: Live posts with data in the window (``totals.post_count``).
        views: Total views in the window.
        avg_views: ``views / post_count`` (0 without posts).
        reason: One sentence saying why.
    """

    status: Literal["ok", "provisional", "not_enough_data"]
    post_count: int
    views: int
    avg_views: float
    reason: str

    @property
    def trusted(self) -> bool:
        """``True`` unless the project is under the floor."""
        return self.status != "not_enough_data"


@attrs.frozen(kw_only=True)
class StageInfo(_Dumpable):
    """The project's stage and the metrics it is ranked by."""

    stage: Literal["early", "later"]
    metric: str
    secondary_metric: str
    reason: str


@attrs.frozen(kw_only=True)
class RankedRow(_Dumpable):
    """One top-performers row as the reports show it."""

    rank: int
    source_type: str
    platform_post_id: str | None
    source_id: str | None
    title: str | None
    metric_value: float
    views: int | None


@attrs.frozen(kw_only=True)
class Breakout(_Dumpable):
    """A row whose engagement rate is more than the multiplier times the median."""

    rank: int
    source_type: str
    platform_post_id: str | None
    source_id: str | None
    title: str | None
    engagement_rate: float
    views: int
    times_median: float | None


@attrs.frozen(kw_only=True)
class BreakoutScan(_Dumpable):
    """The result of `find_breakouts`; when ``breakouts`` is empty, ``reason`` says why.

    Attributes:
        reason: ``"no_data"`` (nothing ranked yet), ``"no_rows_above_floor"``,
            ``"no_breakouts"`` or ``"found"``.
        detail: The same, as a sentence.
        median_engagement_rate: Median over the rows with at least ``min_row_views`` views.
        threshold: ``breakout_multiplier × median``.
        rows_ranked: Rows the ranking returned; ``rows_considered``: those above the row floor.
    """

    project_id: str
    window: str
    reason: Literal["no_data", "no_rows_above_floor", "no_breakouts", "found"]
    detail: str
    median_engagement_rate: float | None = None
    threshold: float | None = None
    rows_ranked: int = 0
    rows_considered: int = 0
    breakouts: tuple[Breakout, ...] = ()

    @property
    def empty(self) -> bool:
        """``True`` when there is no breakout."""
        return not self.breakouts


@attrs.frozen(kw_only=True)
class Skip(_Dumpable):
    """Something a workflow chose not to do, and why.

    Attributes:
        action: ``clone`` or ``generate``.
        platform_post_id: The source concerned (``None`` when it has none).
        reason: A stable code: ``no_platform_post_id``, ``clone_in_flight``, ``saturated``,
            ``provisional``, ``no_new_hook``, ``already_started_today`` or ``refused``.
        detail: One sentence.
    """

    action: Literal["clone", "generate"]
    platform_post_id: str | None
    reason: str
    detail: str


@attrs.frozen(kw_only=True)
class CloneResult(_Dumpable):
    """One clone a workflow started: its job's outcome and the container's state after it."""

    source_platform_post_id: str
    container_id: str | None
    job_id: str | None
    outcome: str
    status: str | None = None
    approval_status: str | None = None
    error: str | None = None

    @property
    def finished(self) -> bool:
        """``True`` when the job completed."""
        return self.outcome == "completed"


@attrs.frozen(kw_only=True)
class CloneRun(_Dumpable):
    """What `clone_breakouts` did: clones started (held for approval), their containers, skips."""

    clones: tuple[CloneResult, ...] = ()
    containers: tuple[Container, ...] = ()
    skipped: tuple[Skip, ...] = ()
    saturation: tuple[Saturation, ...] = ()


@attrs.frozen(kw_only=True)
class Saturation(_Dumpable):
    """A source's clones against the source itself.

    Attributes:
        clone_count: Clones that are not ``failed`` or ``canceled``.
        in_flight_clone_id: A clone still ``queued``/``processing``/``pending``, if any.
        metric: The metric compared on; ``source_value``/``best_clone_value`` read from the ranking.
        saturated: More than ``max_clones`` clones and none beats the source.
    """

    platform_post_id: str
    title: str | None
    clone_count: int
    in_flight_clone_id: str | None
    metric: str
    source_value: float | None
    best_clone_id: str | None
    best_clone_value: float | None
    saturated: bool
    reason: str


@attrs.frozen(kw_only=True)
class FreshGeneration(_Dumpable):
    """A generation started instead of another clone of a saturated source.

    Attributes:
        hook_origin: ``rising_performer``, ``brand_tagline``, ``brand_keywords`` or ``brand_description``.
        hook_from: The rising performer's ``platformPostId`` when the hook came from one.
        replayed: The same generation was already started today; the server returned it again.
    """

    replaces_platform_post_id: str
    hook: str
    hook_origin: str
    hook_from: str | None
    job_id: str | None
    container_ids: tuple[str, ...]
    outcome: str
    replayed: bool = False
    approval_status: str | None = None
    error: str | None = None


@attrs.frozen(kw_only=True)
class ProjectReport(_Dumpable):
    """The daily loop's account of one project: every decision and the data behind it.

    Attributes:
        decision: ``act`` (trusted data, actions taken where warranted), ``provisional`` (shown,
            not acted on), ``not_enough_data``, ``empty`` (nothing ranked yet) or ``error``.
        reason: The decision as a sentence.
        ranking_metric: The metric ``top`` is ranked by (the stage's, or ``engagement_rate``
            when no row has paid data yet).
        ranked: Every row of the engagement-rate ranking the breakouts were looked for in, best first.
    """

    project_id: str
    decision: Decision
    reason: str
    noise_floor: NoiseFloor | None = None
    stage: StageInfo | None = None
    ranking_metric: str | None = None
    top: tuple[RankedRow, ...] = ()
    ranked: tuple[RankedRow, ...] = ()
    breakouts: BreakoutScan | None = None
    clones: tuple[CloneResult, ...] = ()
    saturation: tuple[Saturation, ...] = ()
    fresh: tuple[FreshGeneration, ...] = ()
    skipped: tuple[Skip, ...] = ()
    error: str | None = None

    @property
    def clones_started(self) -> int:
        """Clones submitted today."""
        return len(self.clones)

    @property
    def clones_finished(self) -> int:
        """Clones whose job completed."""
        return sum(1 for c in self.clones if c.finished)

    @property
    def saturated_sources(self) -> tuple[Saturation, ...]:
        """The sources found saturated."""
        return tuple(s for s in self.saturation if s.saturated)

    def _json_extra(self) -> dict[str, Any]:
        """What `to_dict` adds to the fields: ``clones_started``, ``clones_finished``, ``saturated_sources``."""
        return {
            "clones_started": self.clones_started,
            "clones_finished": self.clones_finished,
            "saturated_sources": [s.platform_post_id for s in self.saturated_sources],
        }


@attrs.frozen(kw_only=True)
class DailyReport(_Dumpable):
    """`run_daily`'s result: one `ProjectReport` per project, in the order given."""

    projects: tuple[ProjectReport, ...]
    config: WorkflowConfig

    def to_html(self) -> str:
        """The report as one self-contained web page (inline CSS and SVG; no scripts, nothing fetched).

        Per project: the decision, today's top posts, the ranked posts as a bar chart of their engagement
        rate with the median and breakout lines (breakouts and saturated sources marked), the clones with
        their job outcome and approval status, fresh generations and skips.
        """
        from layers_async.workflows._html import render_report

        return render_report(self)
