"""Starting next week's generations once per ISO week, tracked together, held for review."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from layers_async.errors import ConflictError, IdempotencyConflictError, NotFoundError
from layers_async.models import Container, ContentBrief, OrganicPlatform
from layers_async.workflows._clone import OnEvent
from layers_async.workflows._config import WorkflowConfig
from layers_async.workflows._report import Skip
from layers_async.workflows._weekly_report import WeeklyBrief, WeeklyGeneration

if TYPE_CHECKING:
    from layers_async import Client, TrackedJob

__all__ = ["start_generations"]


async def _existing(client: Client, container_id: str) -> Container | None:
    try:
        return await client.content.get(container_id)
    except NotFoundError:
        return None


def _error(tracked: TrackedJob | None) -> str | None:
    if tracked is None:
        return None
    if tracked.error is not None:
        return str(tracked.error)
    if tracked.job is not None and tracked.job.error is not None:
        return f"{tracked.job.error.code}: {tracked.job.error.message}"
    return None


def _refused(brief: WeeklyBrief, exc: ConflictError | IdempotencyConflictError) -> Skip:
    """A generation the server would not start: already started this ISO week, or refused (say, archived)."""
    post = brief.creative.platform_post_id
    if isinstance(exc, ConflictError) and exc.subcode != "CONTAINER_ID_IN_USE":
        detail = f"the server refused the generation for {brief.key}: {exc}"
        return Skip(action="generate", platform_post_id=post, reason="refused", detail=detail)
    detail = f"the container id of {brief.key}'s generation is in use: started this ISO week with another brief"
    return Skip(action="generate", platform_post_id=post, reason="already_started", detail=detail)


def _request(brief: WeeklyBrief) -> ContentBrief:
    platforms = tuple(OrganicPlatform(p) for p in brief.target_platforms) or None
    return ContentBrief(hook=brief.hook, cta=brief.cta, target_platforms=platforms)


async def start_generations(
    client: Client,
    project_id: str,
    briefs: Sequence[WeeklyBrief],
    *,
    config: WorkflowConfig,
    project_layer_id: str | None = None,
    on_event: OnEvent | None = None,
) -> tuple[list[WeeklyGeneration], list[Skip]]:
    """Generate each brief once per ISO week (its container id says which week), follow every job.

    A brief whose container already exists is not sent again: its job is followed instead and the
    result says ``already_started``. Nothing is approved or scheduled.
    """
    skipped: list[Skip] = []
    existing: dict[str, bool] = {}
    async with client.jobs.tracker(on_event=on_event) as tracker:
        for brief in briefs:
            tag = ["brief", project_id, brief.key]
            found = await _existing(client, brief.container_id)
            if found is not None:
                existing[brief.key] = True
                if found.job_id:
                    tracker.add(found.job_id, deadline=config.job_timeout, tag=tag)
                continue
            try:
                accepted = await client.content.generate(
                    project_id,
                    format=brief.format,
                    brief=_request(brief),
                    container_id=brief.container_id,
                    project_layer_id=project_layer_id,
                )
            except (ConflictError, IdempotencyConflictError) as exc:
                skipped.append(_refused(brief, exc))
                continue
            existing[brief.key] = accepted.replayed
            tracker.add(accepted, deadline=config.job_timeout, tag=tag)
        done = {t.tag[2]: t for t in await tracker.gather()}
    made: list[WeeklyGeneration] = []
    for brief in briefs:
        if brief.key not in existing:
            continue
        tracked = done.get(brief.key)
        box = await _existing(client, brief.container_id)
        outcome = tracked.outcome if tracked is not None else (str(box.status.value) if box else "unknown")
        made.append(
            WeeklyGeneration(
                key=brief.key,
                hook=brief.hook,
                container_id=brief.container_id,
                job_id=None if tracked is None else tracked.job_id,
                outcome=outcome,
                already_started=existing[brief.key],
                status=None if box is None else str(box.status.value),
                approval_status=None if box is None else str(box.approval_status.value),
                error=_error(tracked),
            )
        )
    return made, skipped
