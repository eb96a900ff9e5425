"""The read-only analysis tools: projects, ranking, one post's metrics, breakouts, saturation."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import attrs

from layers_async.agents._args import choice, choice_list, ident, int_range
from layers_async.agents._results import (
    BreakoutsResult,
    MetricsBucketOut,
    PostMetrics,
    PostRow,
    ProjectItem,
    ProjectsResult,
    RankResult,
    SaturationResult,
    Verdict,
    iso,
)
from layers_async.agents._spec import Progress, Tool, make_tool
from layers_async.models import OrganicMetric, ProjectStatus, RankingMetric, RankingWindow, TopPerformer
from layers_async.workflows import (
    NoiseFloor,
    WorkflowConfig,
    check_noise_floor,
    check_saturation,
    detect_stage,
    find_breakouts,
)

if TYPE_CHECKING:
    from layers_async import Client

__all__ = ["read_tools", "utc_now"]

_RANKING = [m.value for m in RankingMetric]
_WINDOWS = [w.value for w in RankingWindow]
_ORGANIC = [m.value for m in OrganicMetric]
_DAYS = {"7d": 7, "30d": 30, "90d": 90}
_PAID = frozenset({"conversions", "roas"})
_WINDOW_HELP = "How far back to look: 7d, 30d or 90d (null: 30d)."


def utc_now(client: Client) -> datetime:
    """The client clock's wall time (the emulator's clocks tell theirs), as an aware UTC datetime."""
    return datetime.fromtimestamp(client.clock.wall(), tz=timezone.utc)


@attrs.frozen(kw_only=True)
class ListProjectsArgs:
    status: str | None = choice("Only active or archived projects (null: both).", [s.value for s in ProjectStatus])
    limit: int = int_range("Projects to return, 1-100 (null: 25).", 1, 100, default=25)


@attrs.frozen(kw_only=True)
class RankArgs:
    project_id: str = ident("The project id (from list_projects).")
    metric: str | None = choice(
        "What to rank by. Null picks the project's stage metric: engagement_rate before any ad spend, "
        "conversions after.",
        _RANKING,
    )
    window: str = choice(_WINDOW_HELP, _WINDOWS, default="30d")
    limit: int = int_range("Rows to return, 1-100 (null: 10).", 1, 100, default=10)


@attrs.frozen(kw_only=True)
class PostMetricsArgs:
    project_id: str = ident("The project id.")
    post_id: str = ident("The post's platform_post_id (pp_...) or the platform's native id.")
    metrics: tuple[str, ...] | None = choice_list(
        "Organic metrics to read (null: views, engagement_rate, watch_time_ms).", _ORGANIC
    )
    window: str = choice(_WINDOW_HELP, _WINDOWS, default="30d")
    granularity: str = choice("Bucket size: day or week (null: day).", ["day", "week"], default="day")


@attrs.frozen(kw_only=True)
class BreakoutArgs:
    project_id: str = ident("The project id.")
    window: str = choice(_WINDOW_HELP, _WINDOWS, default="30d")


@attrs.frozen(kw_only=True)
class SaturationArgs:
    project_id: str = ident("The project id.")
    post_id: str = ident("The source post's platform_post_id.")
    metric: str = choice(
        "The metric clones are compared on (null: engagement_rate).", _RANKING, default="engagement_rate"
    )
    window: str = choice(_WINDOW_HELP, _WINDOWS, default="30d")


def _verdict(noise: NoiseFloor, *, empty: bool) -> tuple[Verdict, str]:
    if empty:
        return "empty", (
            "Nothing to rank yet: no linked accounts, or the first sync (every 30 minutes) has not finished. "
            "This is normal, not an error. Do not clone; check again later."
        )
    if noise.status == "not_enough_data":
        return "not_enough_data", f"{noise.reason}. The ranking cannot be trusted: do not act on it."
    if noise.status == "provisional":
        return "provisional", f"{noise.reason}. Show it, but take no action (no clones) on it."
    return "ok", f"{noise.reason}. The ranking can be trusted; find_breakouts says what to clone."


def _row(row: TopPerformer) -> PostRow:
    organic, paid = row.organic, row.paid
    return PostRow(
        rank=row.rank,
        source_type=str(row.source_type.value),
        platform_post_id=row.platform_post_id,
        source_id=row.source_id,
        title=row.title,
        metric_value=row.metric_value,
        views=None if organic is None else organic.views,
        engagement_rate=None if organic is None else organic.engagement_rate,
        conversions=None if paid is None else paid.conversions,
        roas=None if paid is None else paid.roas,
    )


def read_tools(client: Client) -> list[Tool]:
    """The read-only analysis tools, bound to ``client``."""

    async def list_projects(args: ListProjectsArgs, progress: Progress | None) -> ProjectsResult:
        pages = client.projects.list(status=args.status, limit=args.limit).pages()
        page = await pages.__anext__()
        items = tuple(
            ProjectItem(id=p.id, name=p.name, status=str(p.status.value), customer_external_id=p.customer_external_id)
            for p in page.items
        )
        return ProjectsResult(projects=items, more=page.next_cursor is not None)

    async def rank(args: RankArgs, progress: Progress | None) -> RankResult:
        config = WorkflowConfig(window=args.window)  # type: ignore[arg-type]
        noise = await check_noise_floor(client, args.project_id, config=config)
        stage = None
        metric = args.metric
        if metric is None:
            stage = await detect_stage(client, args.project_id, config=config)
            metric = stage.metric
        ranking = await client.metrics.top_performers(
            args.project_id, metric=metric, window=args.window, limit=args.limit
        )
        if not ranking.items and args.metric is None and metric in _PAID:
            metric = "engagement_rate"  # the stage's paid metric, before any row has paid results
            ranking = await client.metrics.top_performers(
                args.project_id, metric=metric, window=args.window, limit=args.limit
            )
        verdict, advice = _verdict(noise, empty=not ranking.items)
        if verdict == "empty" and metric in _PAID:
            advice = f"No creative has paid results ({metric}) in this window; rank by engagement_rate instead."
        rows = () if verdict == "not_enough_data" else tuple(_row(r) for r in ranking.items)
        return RankResult(
            project_id=args.project_id,
            metric=metric,
            window=args.window,
            verdict=verdict,
            advice=advice,
            noise_floor=noise,
            stage=stage,
            rows=rows,
        )

    async def post_metrics(args: PostMetricsArgs, progress: Progress | None) -> PostMetrics:
        until = utc_now(client)
        since = until - timedelta(days=_DAYS[args.window])
        metrics: Any = args.metrics or ("views", "engagement_rate", "watch_time_ms")
        report = await client.metrics.organic(
            args.project_id,
            scope="platform_post",
            id=args.post_id,
            metrics=metrics,
            since=since,
            until=until,
            granularity=args.granularity,
        )
        totals: dict[str, float] = dict(report.totals.values)
        if report.totals.post_count is not None:
            totals["post_count"] = report.totals.post_count
        window = report.window
        granularity = None if window is None else window.granularity
        return PostMetrics(
            project_id=args.project_id,
            post_id=args.post_id,
            since=iso(since if window is None else window.since),
            until=iso(until if window is None else window.until),
            granularity=args.granularity if granularity is None else str(getattr(granularity, "value", granularity)),
            totals=totals,
            series=tuple(MetricsBucketOut(bucket=b.bucket, values=dict(b.values)) for b in report.series),
        )

    async def breakouts(args: BreakoutArgs, progress: Progress | None) -> BreakoutsResult:
        config = WorkflowConfig(window=args.window)  # type: ignore[arg-type]
        noise = await check_noise_floor(client, args.project_id, config=config)
        base: dict[str, Any] = {"project_id": args.project_id, "window": args.window, "noise_floor": noise}
        if noise.status == "not_enough_data":
            verdict, advice = _verdict(noise, empty=False)
            return BreakoutsResult(
                **base,
                verdict=verdict,
                advice=advice,
                median_engagement_rate=None,
                threshold=None,
                rows_ranked=0,
                rows_considered=0,
                breakouts=(),
            )
        scan = await find_breakouts(client, args.project_id, config=config)
        verdict, advice = _verdict(noise, empty=scan.reason == "no_data")
        if verdict == "ok":
            advice = (
                f"{scan.detail}. Clone each breakout with start_clone (fork, 2 variations) unless check_saturation "
                "says it is saturated or has a clone in flight; every clone waits for a human's approval."
                if scan.breakouts
                else f"{scan.detail}. Nothing to clone today."
            )
        elif verdict == "provisional":
            advice = f"{scan.detail}. {advice}"
        return BreakoutsResult(
            **base,
            verdict=verdict,
            advice=advice,
            median_engagement_rate=scan.median_engagement_rate,
            threshold=scan.threshold,
            rows_ranked=scan.rows_ranked,
            rows_considered=scan.rows_considered,
            breakouts=scan.breakouts,
        )

    async def saturation(args: SaturationArgs, progress: Progress | None) -> SaturationResult:
        config = WorkflowConfig(window=args.window)  # type: ignore[arg-type]
        found = await check_saturation(client, args.project_id, args.post_id, metric=args.metric, config=config)
        if found.saturated:
            advice = "Saturated: stop cloning this source; fresh content with a new hook is the next step."
        elif found.in_flight_clone_id is not None:
            advice = f"A clone ({found.in_flight_clone_id}) is still in flight or awaiting review: do not clone again."
        else:
            advice = f"Not saturated ({found.clone_count} live clone(s)): cloning it again is fine."
        return SaturationResult(project_id=args.project_id, saturation=found, advice=advice)

    return [
        make_tool(
            "list_projects",
            "List projects",
            "List the Layers projects this API key can see (one per end customer), newest first. Use it first to "
            "find a project_id. Cheap (one read). Returns id, name, status per project.",
            ListProjectsArgs,
            ProjectsResult,
            list_projects,
        ),
        make_tool(
            "rank_top_posts",
            "Rank top posts",
            "Rank a project's best-performing posts and creatives over a window, with a verdict on whether the "
            "data can be trusted: 'empty' (nothing synced yet; normal), 'not_enough_data' (under 5 posts or 50 "
            "views per post: rows are withheld, do not act), 'provisional' (5-10 posts: show, do not act) or 'ok'. "
            "Use it to answer 'what is working?'. A few reads; results are cached about 30 minutes, so calling "
            "it more often gains nothing. Returns rows with rank, platform_post_id, title, metric value, views, "
            "engagement rate and paid results.",
            RankArgs,
            RankResult,
            rank,
        ),
        make_tool(
            "get_post_metrics",
            "Get post metrics",
            "Read one post's organic metrics (views, engagement rate, watch time...) over a window, as totals "
            "and a day or week series. Use it to look closer at a post found by rank_top_posts. One read. "
            "Returns totals by metric name and one bucket per day or week.",
            PostMetricsArgs,
            PostMetrics,
            post_metrics,
        ),
        make_tool(
            "find_breakouts",
            "Find breakouts",
            "Find a project's breakout posts: engagement rate more than twice the median of the ranked posts "
            "that have at least 50 views. Checks the noise floor first and finds nothing below it. Use it to "
            "decide what to clone. Two reads. Returns the verdict, the median, the threshold, how many rows "
            "were ranked and considered, and each breakout with its platform_post_id.",
            BreakoutArgs,
            BreakoutsResult,
            breakouts,
        ),
        make_tool(
            "check_saturation",
            "Check saturation",
            "Check whether a source post is saturated: more than 4 live clones and none beating it on the "
            "metric. Also says whether a clone of it is still in flight or awaiting review. Use it before "
            "cloning a post again. Two reads. Returns clone count, best clone, source and best values, and "
            "advice.",
            SaturationArgs,
            SaturationResult,
            saturation,
        ),
    ]
