"""`run_weekly`: the weekly read of paid results, and next week's briefs from the top converters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timezone
from functools import partial
from typing import TYPE_CHECKING, Any, cast

import anyio

from layers_async.errors import InvalidRequestError, LayersError, NotFoundError
from layers_async.models import (
    ActivePromotion,
    AdsContent,
    Container,
    MetricsReport,
    Project,
    TopPerformer,
    TopPerformers,
)
from layers_async.workflows._clone import OnEvent
from layers_async.workflows._config import WorkflowConfig
from layers_async.workflows._gather import gather
from layers_async.workflows._report import Skip
from layers_async.workflows._signals import _now, ranked_row
from layers_async.workflows._week import Windows, iso_week, sum_days, weekly_windows
from layers_async.workflows._weekly_gen import start_generations
from layers_async.workflows._weekly_rank import divergences, make_brief, paid_creatives, scoring_row
from layers_async.workflows._weekly_report import (
    PaidCreative,
    PaidDay,
    PaidFloor,
    PaidPlatform,
    PaidTotals,
    PaidWeekOverWeek,
    WeeklyBrief,
    WeeklyProjectReport,
    WeeklyReport,
    money,
)

if TYPE_CHECKING:
    from layers_async import Client

__all__ = ["run_weekly"]

_PAID_METRICS = ("spend", "conversions", "roas", "impressions", "clicks")


async def run_weekly(
    client: Client,
    project_ids: Iterable[str],
    *,
    config: WorkflowConfig | None = None,
    generate: bool = False,
    on_event: OnEvent | None = None,
) -> WeeklyReport:
    """Read each project's paid week and write next week's briefs from the creatives that converted.

    Per project: the last 7 days' paid totals (``/ads-metrics`` at project scope, the 7 UTC day
    buckets up to now summed) against the 7 whole days before; the creatives of the 7-day
    ``/top-performers`` paid rows ranked by conversions and by ROAS, joined to their organic figures,
    hooks and ads-content rows; the paid noise floor (``min_paid_spend_cents`` and
    ``min_paid_conversions``) applied before a creative counts; divergences (top on views but not on
    conversions, and the reverse); and a brief for each of the ``weekly_briefs`` top converters, with
    the winner's hook pinned. A project without ads data gets an empty state, not an error.

    With ``generate=True`` each brief is generated (one container, held for review): the container
    id is derived from the project, the ISO week and the creative, so a rerun in the same ISO week
    starts nothing new. Nothing is ever approved or scheduled.

    Args:
        client: The client.
        project_ids: The projects, each read once (duplicates are dropped).
        config: Thresholds (the paid floor, ``weekly_briefs``, ``max_concurrent_projects``, ``job_timeout``).
        generate: Start the briefs' generations and follow them with the job tracker.
        on_event: Called with each generation's `ProgressEvent`; ``tag`` is
            ``["brief", project_id, creative_key]``.

    Returns:
        One `WeeklyProjectReport` per project, in the order given. A project that fails (say an
        unknown id) gets ``decision == "error"`` and does not stop the others.

    Raises:
        InvalidRequestError: ``project_ids`` is a string rather than a collection of ids, or
            ``generate`` is not a bool (before any request).
    """
    if isinstance(project_ids, (str, bytes)):
        raise InvalidRequestError(
            "project_ids must be a collection of project ids, not one string", argument="project_ids"
        )
    if not isinstance(generate, bool):
        raise InvalidRequestError("generate must be True or False", argument="generate")
    config = config or WorkflowConfig()
    ids = list(dict.fromkeys(project_ids))
    now = datetime.fromtimestamp(_now(client), tz=timezone.utc)
    week, windows = iso_week(now), weekly_windows(now)
    limiter = anyio.CapacityLimiter(config.max_concurrent_projects)
    reports: dict[str, WeeklyProjectReport] = {}

    async def one(project_id: str) -> None:
        async with limiter:
            try:
                reports[project_id] = await _run_project(
                    client, project_id, windows, week, config, generate=generate, on_event=on_event
                )
            except LayersError as exc:
                reports[project_id] = WeeklyProjectReport(
                    project_id=project_id, decision="error", reason=f"stopped: {exc}", iso_week=week, error=str(exc)
                )

    async with anyio.create_task_group() as tg:
        for project_id in ids:
            tg.start_soon(one, project_id)
    return WeeklyReport(iso_week=week, generate=generate, projects=tuple(reports[p] for p in ids), config=config)


async def paid_totals(
    client: Client, project_id: str, since: datetime, until: datetime, days: Sequence[date]
) -> PaidTotals:
    """One window's project-scope ``/ads-metrics``, its day buckets summed (ROAS from the window totals)."""
    report = await client.metrics.ads(
        project_id, scope="project", id=project_id, metrics=_PAID_METRICS, since=since, until=until
    )
    sums = sum_days(report.series, days)
    roas = report.totals.values.get("roas")
    if not isinstance(roas, (int, float)) or isinstance(roas, bool):
        roas = sums.revenue_cents / sums.spend_cents if sums.spend_cents else 0.0
    return PaidTotals(
        since=since,
        until=until,
        spend_cents=sums.spend_cents,
        conversions=sums.conversions,
        cpa_cents=round(sums.spend_cents / sums.conversions) if sums.conversions else None,
        roas=float(roas),
        impressions=sums.impressions,
        clicks=sums.clicks,
        ad_count=int(report.totals.ad_count or 0),
        days=tuple(PaidDay(date=d, spend_cents=s, conversions=c) for d, s, c in sums.days),
    )


def week_over_week(current: PaidTotals, previous: PaidTotals) -> PaidWeekOverWeek:
    """The two windows side by side, with the changes and a sentence."""
    cpa_change = (
        None if current.cpa_cents is None or previous.cpa_cents is None else current.cpa_cents - previous.cpa_cents
    )

    def cpa(value: int | None) -> str:
        return "-" if value is None else money(value)

    summary = (
        f"last 7 days: spend {money(current.spend_cents)}, {current.conversions} conversions, "
        f"CPA {cpa(current.cpa_cents)}, ROAS {current.roas:.2f}; the 7 days before: spend "
        f"{money(previous.spend_cents)}, {previous.conversions} conversions, CPA {cpa(previous.cpa_cents)}, "
        f"ROAS {previous.roas:.2f}"
    )
    return PaidWeekOverWeek(
        current=current,
        previous=previous,
        spend_change_cents=current.spend_cents - previous.spend_cents,
        conversions_change=current.conversions - previous.conversions,
        cpa_change_cents=cpa_change,
        roas_change=round(current.roas - previous.roas, 4),
        summary=summary,
    )


async def _maybe_container(client: Client, container_id: str) -> Container | None:
    try:
        return await client.content.get(container_id)
    except NotFoundError:
        return None


def _is_container(row: TopPerformer) -> bool:
    return str(getattr(row.source_type, "value", row.source_type)) == "content_container"


async def _containers(client: Client, rankings: Sequence[TopPerformers]) -> dict[str, Container]:
    """The containers behind ``content_container`` paid rows (for their hook, format and CTA)."""
    wanted = list(
        dict.fromkeys(
            row.source_id
            for ranking in rankings
            for row in ranking.items
            if row.paid is not None and row.source_id and _is_container(row)
        )
    )
    found = await gather([partial(_maybe_container, client, cid) for cid in wanted])
    return {cid: box for cid, box in zip(wanted, found) if box is not None}


async def _ad_split(
    client: Client, project_id: str, promotion: ActivePromotion, windows: Windows
) -> PaidPlatform | None:
    try:
        report: MetricsReport = await client.metrics.ads(
            project_id,
            scope="ad",
            id=promotion.ad_id,
            metrics=("spend", "conversions"),
            since=windows.since,
            until=windows.until,
        )
    except NotFoundError:
        return None
    sums = sum_days(report.series, windows.days)
    return PaidPlatform(
        platform="unknown"
        if promotion.platform is None
        else str(getattr(promotion.platform, "value", promotion.platform)),
        spend_cents=sums.spend_cents,
        conversions=sums.conversions,
    )


async def converted_on(
    client: Client, project_id: str, row: AdsContent | None, windows: Windows
) -> tuple[PaidPlatform, ...]:
    """A creative's results per ads platform: each active ad read at ``ad`` scope, summed per platform."""
    promotions = list(row.active_promotions or ()) if row is not None else []
    splits = await gather([partial(_ad_split, client, project_id, p, windows) for p in promotions])
    merged: dict[str, PaidPlatform] = {}
    for split in splits:
        if split is None:
            continue
        seen = merged.get(split.platform)
        if seen is not None:
            split = PaidPlatform(
                platform=split.platform,
                spend_cents=seen.spend_cents + split.spend_cents,
                conversions=seen.conversions + split.conversions,
            )
        merged[split.platform] = split
    return tuple(sorted(merged.values(), key=lambda p: (-p.conversions, p.platform)))


async def _briefs(
    client: Client,
    project_id: str,
    leaders: Sequence[PaidCreative],
    ads: Sequence[AdsContent],
    windows: Windows,
    week: str,
) -> tuple[list[WeeklyBrief], list[Skip]]:
    skipped = [
        Skip(
            action="generate",
            platform_post_id=c.platform_post_id,
            reason="no_hook",
            detail=f"{c.key} has no hook or title to pin",
        )
        for c in leaders
        if not c.hook
    ]
    hooked = [c for c in leaders if c.hook]
    rows = [scoring_row((c.ads_content_id, c.platform_post_id, c.source_id), ads) for c in hooked]
    splits = await gather([partial(converted_on, client, project_id, r, windows) for r in rows])
    briefs = [make_brief(c, split, project_id=project_id, iso_week=week) for c, split in zip(hooked, splits)]
    return briefs, skipped


def _floor(config: WorkflowConfig, counted: int, below: int) -> PaidFloor:
    rule = f">= {money(config.min_paid_spend_cents)} spend and >= {config.min_paid_conversions} conversions over 7d"
    reason = f"{counted} creative(s) above the paid noise floor ({rule}), {below} below it"
    return PaidFloor(
        min_spend_cents=config.min_paid_spend_cents,
        min_conversions=config.min_paid_conversions,
        window="7d",
        counted=counted,
        below=below,
        reason=reason,
    )


async def _run_project(
    client: Client,
    project_id: str,
    windows: Windows,
    week: str,
    config: WorkflowConfig,
    *,
    generate: bool,
    on_event: OnEvent | None,
) -> WeeklyProjectReport:
    def ranking(metric: str) -> Any:
        return lambda: client.metrics.top_performers(project_id, metric=metric, window="7d", limit=config.ranking_limit)

    reads = await gather(
        [
            lambda: client.projects.get(project_id),
            lambda: paid_totals(client, project_id, windows.since, windows.until, windows.days),
            lambda: paid_totals(
                client, project_id, windows.previous_since, windows.previous_until, windows.previous_days
            ),
            ranking("conversions"),
            ranking("roas"),
            ranking("views"),
            lambda: client.ads_content.list(project_id, limit=200).collect(),
        ]
    )
    project, current, previous, conv, roas, views, ads = cast(
        "tuple[Project, PaidTotals, PaidTotals, TopPerformers, TopPerformers, TopPerformers, list[AdsContent]]",
        tuple(reads),
    )
    totals = week_over_week(current, previous)
    organic = tuple(ranked_row(r) for r in views.items[:10])
    base: dict[str, Any] = {"project_id": project_id, "iso_week": week, "totals": totals, "organic_by_views": organic}
    paid_rows = [r for r in (*conv.items, *roas.items) if r.paid is not None]
    if current.empty and previous.empty and not paid_rows:
        promoted = sum(1 for a in ads if a.active_promotions)
        reason = (
            f"no ads data: nothing spent from {windows.previous_since.date()} to now and no creative with paid "
            "results over 7d; nothing to read yet"
            + (f" ({promoted} creative(s) promoted, no delivery reported yet)" if promoted else "")
        )
        return WeeklyProjectReport(decision="empty", reason=reason, **base)
    containers = await _containers(client, (conv, roas))
    counted, by_roas, below = paid_creatives(conv.items, roas.items, views.items, ads, containers, config)
    floor = _floor(config, len(counted), len(below))
    split = divergences(views.items, counted, below, top=max(config.top_n, 1))
    base.update(paid_floor=floor, by_conversions=counted, by_roas=by_roas, below_floor=below, divergences=split)
    if not counted:
        reason = f"paid data, but no creative reached the paid noise floor: {floor.reason}; no briefs this week"
        return WeeklyProjectReport(decision="below_floor", reason=reason, **base)
    briefs, skipped = await _briefs(client, project_id, counted[: config.weekly_briefs], ads, windows, week)
    leader = counted[0]
    reason = (
        f"{totals.summary}; leader {leader.key} ({leader.title or '-'}): {leader.conversions} conversions for "
        f"{money(leader.spend_cents)}; {len(split)} divergence(s); {len(briefs)} brief(s) for next week"
    )
    generations: tuple[Any, ...] = ()
    if generate and briefs:
        layers = project.content_layers or ()
        layer_id = layers[0].project_layer_id if len(layers) > 1 else None
        made, refused = await start_generations(
            client, project_id, briefs, config=config, project_layer_id=layer_id, on_event=on_event
        )
        generations, skipped = tuple(made), [*skipped, *refused]
        fresh = sum(1 for g in made if not g.already_started)
        reason += f"; {fresh} generation(s) started, {len(made) - fresh} already started this ISO week"
    return WeeklyProjectReport(
        decision="act", reason=reason, briefs=tuple(briefs), generations=generations, skipped=tuple(skipped), **base
    )
