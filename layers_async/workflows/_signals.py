"""Reading the signals: the noise floor, the stage and breakouts."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from layers_async.models import TopPerformer, TopPerformers
from layers_async.workflows._config import WorkflowConfig
from layers_async.workflows._report import Breakout, BreakoutScan, NoiseFloor, RankedRow, StageInfo

if TYPE_CHECKING:
    from layers_async import Client

__all__ = [
    "assess_noise_floor",
    "breakouts_from_ranking",
    "check_noise_floor",
    "detect_stage",
    "find_breakouts",
    "metric_value",
    "ranked_row",
    "stage_from_signals",
    "today",
]

_DAYS = {"7d": 7, "30d": 30, "90d": 90}
_DEFAULT = WorkflowConfig()


def _now(client: Client) -> float:
    """Epoch seconds on the client's clock when it tells wall time (emulator clocks do), else the system's."""
    wall = getattr(client.clock, "wall", None)
    return float(wall()) if callable(wall) else time.time()


def today(client: Client) -> str:
    """The client's current UTC date, ``YYYY-MM-DD`` (what "the same day" means for the daily loop)."""
    return datetime.fromtimestamp(_now(client), tz=timezone.utc).date().isoformat()


def assess_noise_floor(post_count: int, views: int, config: WorkflowConfig = _DEFAULT) -> NoiseFloor:
    """Judge a project's totals against the noise floor; pure.

    Args:
        post_count: ``totals.post_count`` over the window.
        views: ``totals.views`` over the window.
        config: The thresholds.
    """
    avg = views / post_count if post_count else 0.0
    if post_count < config.min_posts or avg < config.min_avg_views:
        reason = (
            f"not enough data: {post_count} posts averaging {avg:.0f} views "
            f"(needs >= {config.min_posts} posts and >= {config.min_avg_views:g} views per post)"
        )
        return NoiseFloor(status="not_enough_data", post_count=post_count, views=views, avg_views=avg, reason=reason)
    if post_count <= config.provisional_max_posts:
        reason = f"provisional: {post_count} posts (<= {config.provisional_max_posts}); shown, not acted on"
        return NoiseFloor(status="provisional", post_count=post_count, views=views, avg_views=avg, reason=reason)
    reason = f"{post_count} posts averaging {avg:.0f} views: above the noise floor"
    return NoiseFloor(status="ok", post_count=post_count, views=views, avg_views=avg, reason=reason)


async def check_noise_floor(client: Client, project_id: str, *, config: WorkflowConfig | None = None) -> NoiseFloor:
    """Read the project's ``/metrics`` totals over the window and judge them against the noise floor.

    Args:
        client: The client.
        project_id: The project.
        config: The thresholds (``window`` included); the contract's defaults otherwise.

    Raises:
        NotFoundError: Unknown project (or another org's).
    """
    config = config or _DEFAULT
    since = until = None
    if config.window != "30d":  # 30 days is the endpoint's own default window
        end = datetime.fromtimestamp(_now(client), tz=timezone.utc)
        since, until = end - timedelta(days=_DAYS[config.window]), end
    report = await client.metrics.organic(
        project_id, scope="project", id=project_id, metrics=("views",), since=since, until=until
    )
    views = report.totals.values.get("views", 0)
    return assess_noise_floor(report.totals.post_count or 0, int(views), config)


def stage_from_signals(rows: Iterable[TopPerformer], *, promoted: bool = False) -> StageInfo:
    """Tell the stage from ranking rows and whether any ads-content row has active promotions; pure."""
    for row in rows:
        if row.paid is not None or row.ads_content_id is not None:
            what = "paid data" if row.paid is not None else f"adsContentId {row.ads_content_id}"
            name = row.platform_post_id or row.source_id
            reason = f"later stage: ranked row #{row.rank} ({name}) has {what}"
            return StageInfo(stage="later", metric="conversions", secondary_metric="roas", reason=reason)
    if promoted:
        reason = "later stage: an ads-content row has active promotions"
        return StageInfo(stage="later", metric="conversions", secondary_metric="roas", reason=reason)
    reason = "early stage: no paid data, no promoted creative"
    return StageInfo(stage="early", metric="engagement_rate", secondary_metric="watch_time_ms", reason=reason)


async def detect_stage(
    client: Client, project_id: str, *, ranking: TopPerformers | None = None, config: WorkflowConfig | None = None
) -> StageInfo:
    """Find the project's stage: early (rank by engagement) or later (rank by conversions and roas).

    Args:
        client: The client.
        project_id: The project.
        ranking: A ``/top-performers`` answer you already hold (read otherwise).
        config: Its ``window`` and ``ranking_limit`` are used when the ranking is read here.
    """
    config = config or _DEFAULT
    if ranking is None:
        ranking = await client.metrics.top_performers(
            project_id, metric="engagement_rate", window=config.window, limit=config.ranking_limit
        )
    stage = stage_from_signals(ranking.items)
    if stage.stage == "later":
        return stage
    async for row in client.ads_content.list(project_id, limit=200):
        if row.active_promotions:
            return stage_from_signals((), promoted=True)
    return stage


def metric_value(row: TopPerformer, metric: str) -> float | None:
    """A row's value of ``metric``, read from its organic or paid block (``None`` when the block is absent)."""
    organic, paid = row.organic, row.paid
    values: dict[str, float | None] = {
        "views": None if organic is None else float(organic.views),
        "engagement_rate": None if organic is None else organic.engagement_rate,
        "watch_time_ms": None if organic is None else float(organic.watch_time_ms),
        "conversions": None if paid is None else float(paid.conversions),
        "roas": None if paid is None else paid.roas,
    }
    return values.get(metric)


def ranked_row(row: TopPerformer) -> RankedRow:
    """The report's view of a ranking row."""
    return RankedRow(
        rank=row.rank,
        source_type=str(row.source_type.value),
        platform_post_id=row.platform_post_id,
        source_id=row.source_id,
        title=row.title,
        metric_value=row.metric_value,
        views=row.organic.views if row.organic else None,
    )


def breakouts_from_ranking(project_id: str, ranking: TopPerformers, config: WorkflowConfig = _DEFAULT) -> BreakoutScan:
    """Find the breakouts in an ``engagement_rate`` ranking; pure.

    The median leaves out rows without organic data and rows under ``min_row_views`` views; a
    breakout's rate is more than ``breakout_multiplier`` times that median.
    """
    window = str(ranking.window.value)
    rows = ranking.items
    if not rows:
        detail = "nothing to rank yet: no linked accounts, or the first sync has not finished"
        return BreakoutScan(project_id=project_id, window=window, reason="no_data", detail=detail)
    eligible = [r for r in rows if r.organic is not None and r.organic.views >= config.min_row_views]
    if not eligible:
        detail = f"no ranked row has {config.min_row_views} views or more"
        return BreakoutScan(
            project_id=project_id, window=window, reason="no_rows_above_floor", detail=detail, rows_ranked=len(rows)
        )
    median = statistics.median(r.organic.engagement_rate for r in eligible if r.organic)
    threshold = config.breakout_multiplier * median
    found = tuple(
        Breakout(
            rank=r.rank,
            source_type=str(r.source_type.value),
            platform_post_id=r.platform_post_id,
            source_id=r.source_id,
            title=r.title,
            engagement_rate=r.organic.engagement_rate,
            views=r.organic.views,
            times_median=r.organic.engagement_rate / median if median else None,
        )
        for r in eligible
        if r.organic and r.organic.engagement_rate > threshold
    )
    summary = f"median engagement {median:.4f} over {len(eligible)} rows; breakout above {threshold:.4f}"
    return BreakoutScan(
        project_id=project_id,
        window=window,
        reason="found" if found else "no_breakouts",
        detail=f"{len(found)} breakout(s): {summary}" if found else f"no breakout: {summary}",
        median_engagement_rate=median,
        threshold=threshold,
        rows_ranked=len(rows),
        rows_considered=len(eligible),
        breakouts=found,
    )


async def find_breakouts(
    client: Client, project_id: str, *, config: WorkflowConfig | None = None, ranking: TopPerformers | None = None
) -> BreakoutScan:
    """Find a project's breakouts: rows above twice the median engagement rate.

    Reads ``/top-performers?metric=engagement_rate&limit=100`` over the window. An empty ranking is
    an empty result (``reason == "no_data"``), not an error. This does not check the noise floor;
    `run_daily` does, before acting on any breakout.

    Args:
        client: The client.
        project_id: The project.
        config: The thresholds; the contract's defaults otherwise.
        ranking: An ``engagement_rate`` ranking you already hold (read otherwise).
    """
    config = config or _DEFAULT
    if ranking is None:
        ranking = await client.metrics.top_performers(
            project_id, metric="engagement_rate", window=config.window, limit=config.ranking_limit
        )
    return breakouts_from_ranking(project_id, ranking, config)
