"""Starting clones and fresh generations, tracking them together, and `clone_breakouts`.

Nothing here approves or schedules: every clone is left for a human to review.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

import attrs

from layers_async.errors import ConflictError, NotFoundError
from layers_async.models import Container, ContentBrief, TopPerformers
from layers_async.workflows._config import WorkflowConfig
from layers_async.workflows._gather import gather
from layers_async.workflows._report import Breakout, BreakoutScan, CloneResult, CloneRun, FreshGeneration, Skip
from layers_async.workflows._saturation import survey
from layers_async.workflows._signals import today

if TYPE_CHECKING:
    from layers_async import Client, ProgressEvent, TrackedJob
    from layers_async._store import JobStore

__all__ = ["FreshPlan", "clone_breakouts", "execute", "fresh_container_id"]

_DEFAULT = WorkflowConfig()
_NAMESPACE = uuid.UUID("5b0c63e6-52a4-4d5c-9a53-3b1a0c6f1e20")

OnEvent = Callable[["ProgressEvent"], object]


def fresh_container_id(project_id: str, source: str, day: str) -> str:
    """The id of the fresh generation replacing ``source`` on ``day``: the same all day, so a rerun replays it."""
    return f"cnt_{uuid.uuid5(_NAMESPACE, f'fresh/{project_id}/{source}/{day}')}"


@attrs.frozen(kw_only=True)
class FreshPlan:
    """A generation to start instead of cloning a saturated source."""

    source: str
    hook: str
    origin: str
    hook_from: str | None
    container_id: str


def _error_text(job: TrackedJob) -> str | None:
    if job.error is not None:
        return str(job.error)
    if job.job is not None and job.job.error is not None:
        return f"{job.job.error.code}: {job.job.error.message}"
    return None


async def _read_containers(client: Client, ids: Iterable[str]) -> dict[str, Container]:
    unique = list(dict.fromkeys(ids))
    found = await gather([partial(client.content.get, container_id) for container_id in unique])
    return dict(zip(unique, found))


async def _exists(client: Client, container_id: str) -> bool:
    """Whether the day's fresh generation already exists (then generating again only replays it)."""
    try:
        await client.content.get(container_id)
    except NotFoundError:
        return False
    return True


async def execute(
    client: Client,
    project_id: str,
    sources: Sequence[str],
    plans: Sequence[FreshPlan] = (),
    *,
    config: WorkflowConfig = _DEFAULT,
    project_layer_id: str | None = None,
    on_event: OnEvent | None = None,
    store: JobStore | None = None,
) -> tuple[list[CloneResult], list[Container], list[FreshGeneration], list[Skip]]:
    """Clone ``sources`` and start ``plans``, follow every job in one tracker, then read the containers.

    With a ``store``, each clone's tag also names the day (``["clone", project, source, day]``): a
    rerun the same day reattaches to that day's clone, the next day's run starts a new one.
    """
    skipped: list[Skip] = []
    started: dict[str, tuple[FreshPlan, bool]] = {}
    day = [today(client)] if store is not None else []
    async with client.jobs.tracker(on_event=on_event, store=store) as tracker:
        for source in sources:
            tracker.clone(
                project_id=project_id,
                source_platform_post_id=source,
                mode=config.clone_mode,
                variations=config.clone_variations,
                project_layer_id=project_layer_id,
                deadline=config.job_timeout,
                tag=["clone", project_id, source, *day],
            )
        for plan in plans:
            existed = await _exists(client, plan.container_id)
            try:
                accepted = await client.content.generate(
                    project_id,
                    brief=ContentBrief(hook=plan.hook),
                    container_id=plan.container_id,
                    project_layer_id=project_layer_id,
                )
            except ConflictError as exc:
                if exc.subcode != "CONTAINER_ID_IN_USE":
                    raise
                detail = "a fresh generation for this source was already started today (with another hook)"
                skipped.append(
                    Skip(action="generate", platform_post_id=plan.source, reason="already_started_today", detail=detail)
                )
                continue
            started[accepted.job_id] = (plan, existed or accepted.replayed)
            tracker.add(accepted, deadline=config.job_timeout, tag=["generate", project_id, plan.source])
        done = await tracker.gather()
    containers = await _read_containers(client, [t.container_id for t in done if t.container_id and t.job_id])
    clones: list[CloneResult] = []
    fresh: list[FreshGeneration] = []
    for tracked in done:
        kind, source = tracked.tag[0], tracked.tag[2]
        box = containers.get(tracked.container_id or "")
        status = None if box is None else str(box.status.value)
        approval = None if box is None else str(box.approval_status.value)
        if kind == "clone":
            clones.append(
                CloneResult(
                    source_platform_post_id=source,
                    container_id=tracked.container_id,
                    job_id=tracked.job_id,
                    outcome=tracked.outcome,
                    status=status,
                    approval_status=approval,
                    error=_error_text(tracked),
                )
            )
            continue
        plan, replayed = started[str(tracked.job_id)]
        job = tracked.job
        fresh.append(
            FreshGeneration(
                replaces_platform_post_id=plan.source,
                hook=plan.hook,
                hook_origin=plan.origin,
                hook_from=plan.hook_from,
                job_id=tracked.job_id,
                container_ids=(job.all_container_ids if job else ()) or (plan.container_id,),
                outcome=tracked.outcome,
                replayed=replayed,
                approval_status=approval,
                error=_error_text(tracked),
            )
        )
    order = {s: i for i, s in enumerate(sources)}
    clones.sort(key=lambda c: order.get(c.source_platform_post_id, 0))
    kept = [containers[c.container_id] for c in clones if c.container_id in containers]
    return clones, kept, fresh, skipped


def plan_clones(breakouts: Iterable[Breakout], surveyed: dict[str, Any]) -> tuple[list[str], list[Skip]]:
    """Which breakouts to clone: those with a post id, no clone in flight, and not saturated."""
    sources: list[str] = []
    skipped: list[Skip] = []
    for breakout in breakouts:
        post_id = breakout.platform_post_id
        if post_id is None:
            detail = f"row #{breakout.rank} is not live as a tracked post (no platformPostId)"
            skipped.append(Skip(action="clone", platform_post_id=None, reason="no_platform_post_id", detail=detail))
            continue
        if post_id in sources:
            continue
        check = surveyed.get(post_id)
        if check is not None and check.in_flight_clone_id is not None:
            detail = f"clone {check.in_flight_clone_id} is still in flight or pending approval"
            skipped.append(Skip(action="clone", platform_post_id=post_id, reason="clone_in_flight", detail=detail))
        elif check is not None and check.saturated:
            skipped.append(Skip(action="clone", platform_post_id=post_id, reason="saturated", detail=check.reason))
        else:
            sources.append(post_id)
    return sources, skipped


async def clone_breakouts(
    client: Client,
    project_id: str,
    breakouts: BreakoutScan | Iterable[Breakout],
    *,
    config: WorkflowConfig | None = None,
    ranking: TopPerformers | None = None,
    project_layer_id: str | None = None,
    on_event: OnEvent | None = None,
) -> CloneRun:
    """Clone each breakout once (``fork``, 2 variations), follow the jobs, and hold the results for review.

    A breakout is skipped when it has no ``platformPostId``, when one of its clones is still
    ``queued``, ``processing`` or ``pending`` approval, or when its source is saturated. All
    clones are tracked concurrently. Nothing is approved or scheduled.

    Args:
        client: The client.
        project_id: The project the breakouts belong to.
        breakouts: A `BreakoutScan` (from `find_breakouts`) or breakouts.
        config: Mode, variations, saturation threshold and job timeout.
        ranking: The ``engagement_rate`` ranking the saturation check compares clones on (read
            otherwise, when there is a breakout to check).
        project_layer_id: The content layer, when the project has several.
        on_event: Called with each job's `ProgressEvent` (``tag`` is ``["clone", project, source]``).

    Returns:
        The clones started, their containers (``approval_status`` as the policy set it) and the skips.
    """
    config = config or _DEFAULT
    items = list(breakouts.breakouts if isinstance(breakouts, BreakoutScan) else breakouts)
    titles = {b.platform_post_id: b.title for b in items if b.platform_post_id}
    if titles and ranking is None:
        ranking = await client.metrics.top_performers(
            project_id, metric="engagement_rate", window=config.window, limit=config.ranking_limit
        )
    rows = ranking.items if ranking is not None else ()
    surveyed = await survey(client, project_id, titles, rows, metric="engagement_rate", config=config)
    sources, skipped = plan_clones(items, surveyed)
    clones, containers, _, _ = await execute(
        client, project_id, sources, config=config, project_layer_id=project_layer_id, on_event=on_event
    )
    return CloneRun(
        clones=tuple(clones), containers=tuple(containers), skipped=tuple(skipped), saturation=tuple(surveyed.values())
    )
