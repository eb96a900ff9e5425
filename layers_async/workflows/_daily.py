"""`run_daily`: the publish-to-learn loop for many projects at once (the vendor's daily cadence)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

import anyio

from layers_async._store import tag_key
from layers_async.errors import LayersError
from layers_async.models import Project, TopPerformers
from layers_async.workflows._clone import FreshPlan, OnEvent, execute, fresh_container_id, plan_clones
from layers_async.workflows._config import WorkflowConfig
from layers_async.workflows._gather import gather
from layers_async.workflows._report import DailyReport, NoiseFloor, ProjectReport, Saturation, Skip
from layers_async.workflows._saturation import pick_new_hook, survey
from layers_async.workflows._signals import (
    breakouts_from_ranking,
    check_noise_floor,
    detect_stage,
    ranked_row,
    today,
)

if TYPE_CHECKING:
    from layers_async import Client
    from layers_async._store import JobStore

__all__ = ["run_daily"]


async def run_daily(
    client: Client,
    project_ids: Iterable[str],
    *,
    config: WorkflowConfig | None = None,
    on_event: OnEvent | None = None,
    store: JobStore | None = None,
) -> DailyReport:
    """Run the daily publish-to-learn loop on many projects concurrently and report every decision.

    Per project: check the noise floor and the stage, rank, find breakouts,
    clone each breakout that has no clone in flight (``fork``, 2 variations), and for each saturated
    source generate fresh content with a new hook instead. Jobs are followed to their end;
    nothing is approved or scheduled. A provisional project (5–10 posts) is ranked but not acted on.
    Running it twice the same day starts no second clone of a source, and replays (rather than
    repeats) the day's fresh generations.

    Args:
        client: The client.
        project_ids: The projects, each worked on once (duplicates are dropped).
        config: Thresholds and limits (``max_concurrent_projects`` bounds the concurrency).
        on_event: Called with each clone or generation job's `ProgressEvent`; ``tag`` is
            ``[kind, project_id, source_post_id]`` with ``kind`` ``"clone"`` or ``"generate"``.
        store: A `JobStore` for the day's clones: a run killed mid-way and started again (here or on
            another worker sharing the store) resumes each in-flight clone instead of starting it
            again; clone tags then end with the day (``["clone", project_id, source_post_id, day]``).

    Returns:
        One `ProjectReport` per project, in the order given. A project that fails (e.g. unknown
        id) gets ``decision == "error"`` and does not stop the others.
    """
    config = config or WorkflowConfig()
    ids = list(dict.fromkeys(project_ids))
    limiter = anyio.CapacityLimiter(config.max_concurrent_projects)
    reports: dict[str, ProjectReport] = {}

    async def one(project_id: str) -> None:
        async with limiter:
            try:
                reports[project_id] = await _run_project(client, project_id, config, on_event, store)
            except LayersError as exc:
                reports[project_id] = ProjectReport(
                    project_id=project_id, decision="error", reason=f"stopped: {exc}", error=str(exc)
                )

    async with anyio.create_task_group() as tg:
        for project_id in ids:
            tg.start_soon(one, project_id)
    return DailyReport(projects=tuple(reports[p] for p in ids), config=config)


async def _run_project(
    client: Client, project_id: str, config: WorkflowConfig, on_event: OnEvent | None, store: JobStore | None
) -> ProjectReport:
    reads = await gather(
        [
            lambda: client.projects.get(project_id),
            lambda: check_noise_floor(client, project_id, config=config),
            lambda: client.metrics.top_performers(
                project_id, metric="engagement_rate", window=config.window, limit=config.ranking_limit
            ),
        ]
    )
    project, floor, ranking = cast("tuple[Project, NoiseFloor, TopPerformers]", tuple(reads))
    scan = breakouts_from_ranking(project_id, ranking, config)
    if scan.reason == "no_data":
        return ProjectReport(
            project_id=project_id, decision="empty", reason=scan.detail, noise_floor=floor, breakouts=scan
        )
    if not floor.trusted:
        return ProjectReport(project_id=project_id, decision="not_enough_data", reason=floor.reason, noise_floor=floor)
    stage = await detect_stage(client, project_id, ranking=ranking, config=config)
    metric, board = stage.metric, ranking
    if metric != "engagement_rate":
        board = await client.metrics.top_performers(
            project_id, metric=metric, window=config.window, limit=config.ranking_limit
        )
        if not board.items:  # promoted but no spend yet: nothing ranks on the paid metric
            metric, board = "engagement_rate", ranking
    top = tuple(ranked_row(r) for r in board.items[: config.top_n])
    base = {
        "project_id": project_id,
        "noise_floor": floor,
        "stage": stage,
        "ranking_metric": metric,
        "top": top,
        "ranked": tuple(ranked_row(r) for r in ranking.items),
        "breakouts": scan,
    }
    if floor.status == "provisional":
        waiting = tuple(
            Skip(action="clone", platform_post_id=b.platform_post_id, reason="provisional", detail=floor.reason)
            for b in scan.breakouts
        )
        return ProjectReport(decision="provisional", reason=floor.reason, skipped=waiting, **base)  # type: ignore[arg-type]

    candidates = {b.platform_post_id: b.title for b in scan.breakouts if b.platform_post_id}
    for row in board.items[: config.top_n]:
        if row.platform_post_id:
            candidates.setdefault(row.platform_post_id, row.title)
    rows = [*ranking.items, *(board.items if board is not ranking else ())]
    surveyed = await survey(client, project_id, candidates, rows, metric=metric, config=config)
    sources, skipped = plan_clones(scan.breakouts, surveyed)
    if store is not None:
        sources, skipped = await _resume_held(client, store, project_id, sources, skipped)
    saturated = [s for s in surveyed.values() if s.saturated]
    plans, no_hook = await _plan_fresh(client, project, saturated, board, metric, config)
    skipped.extend(no_hook)
    layers = project.content_layers
    layer_id = layers[0].project_layer_id if len(layers) > 1 else None
    clones, _, fresh, refused = await execute(
        client, project_id, sources, plans, config=config, project_layer_id=layer_id, on_event=on_event, store=store
    )
    skipped.extend(refused)
    reason = (
        f"{floor.reason}; {scan.detail}; {len(clones)} clone(s) started, "
        f"{len(saturated)} saturated source(s), {len(fresh)} fresh generation(s)"
    )
    return ProjectReport(
        decision="act",
        reason=reason,
        clones=tuple(clones),
        saturation=tuple(surveyed.values()),
        fresh=tuple(fresh),
        skipped=tuple(skipped),
        **base,  # type: ignore[arg-type]
    )


async def _resume_held(
    client: Client, store: JobStore, project_id: str, sources: list[str], skipped: list[Skip]
) -> tuple[list[str], list[Skip]]:
    """Today's clones the store holds unreported (a run died mid-way) are resumed, not skipped as in flight."""
    day = today(client)
    keep: list[Skip] = []
    for skip in skipped:
        post_id = skip.platform_post_id
        if skip.reason == "clone_in_flight" and post_id is not None:
            held = await store.get(tag_key(["clone", project_id, post_id, day]))
            if held is not None and not held.reported:
                sources.append(post_id)
                continue
        keep.append(skip)
    return sources, keep


async def _plan_fresh(
    client: Client,
    project: Project,
    saturated: list[Saturation],
    board: TopPerformers,
    metric: str,
    config: WorkflowConfig,
) -> tuple[list[FreshPlan], list[Skip]]:
    """One generation per saturated source, each with a hook no other plan and no source uses."""
    if not saturated:
        return [], []
    week = await client.metrics.top_performers(project.id, metric=metric, window="7d", limit=10)
    month = board
    if config.window != "30d" or board.window.value != "30d":
        month = await client.metrics.top_performers(project.id, metric=metric, window="30d", limit=100)
    avoid = [s.title for s in saturated if s.title]
    day = today(client)
    plans: list[FreshPlan] = []
    skipped: list[Skip] = []
    for source in saturated:
        picked = pick_new_hook(rows_7d=week.items, rows_30d=month.items, brand=project.brand_context, avoid=avoid)
        if picked is None:
            detail = "no rising performer and no brand context to take a new hook from"
            skipped.append(
                Skip(action="generate", platform_post_id=source.platform_post_id, reason="no_new_hook", detail=detail)
            )
            continue
        hook, origin, hook_from = picked
        avoid.append(hook)
        plans.append(
            FreshPlan(
                source=source.platform_post_id,
                hook=hook,
                origin=origin,
                hook_from=hook_from,
                container_id=fresh_container_id(project.id, source.platform_post_id, day),
            )
        )
    return plans, skipped
