"""Clones of a source, clones in flight, saturation and where a fresh hook comes from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

from layers_async.models import BrandContext, Container, TopPerformer
from layers_async.workflows._config import WorkflowConfig
from layers_async.workflows._gather import gather
from layers_async.workflows._report import Saturation
from layers_async.workflows._signals import metric_value

if TYPE_CHECKING:
    from layers_async import Client

__all__ = ["assess_saturation", "check_saturation", "in_flight_clone", "list_clones", "pick_new_hook", "survey"]

_DEAD = frozenset({"failed", "canceled"})
_RUNNING = frozenset({"queued", "processing", "generating"})
_DEFAULT = WorkflowConfig()


async def list_clones(client: Client, project_id: str, platform_post_id: str) -> list[Container]:
    """Every container cloned from ``platform_post_id`` (``GET …/content?sourcePlatformPostId=``)."""
    return await client.content.list(project_id, source_platform_post_id=platform_post_id, limit=200).collect()


def in_flight_clone(clones: Iterable[Container]) -> Container | None:
    """The first clone still ``queued``/``processing``, or ``pending`` approval and not failed or canceled."""
    for clone in clones:
        status = str(clone.status.value)
        if status in _RUNNING or (str(clone.approval_status.value) == "pending" and status not in _DEAD):
            return clone
    return None


def assess_saturation(
    platform_post_id: str,
    clones: Sequence[Container],
    rows: Iterable[TopPerformer],
    *,
    metric: str = "engagement_rate",
    title: str | None = None,
    config: WorkflowConfig = _DEFAULT,
) -> Saturation:
    """Judge a source against its clones; pure.

    A clone's performance is the ranking row whose ``sourceId`` is the clone's id. When the source
    row has no value for ``metric`` (say ``conversions`` before any spend), the comparison falls back
    to ``engagement_rate`` and the result names the metric used.
    """
    rows = list(rows)
    live = [c for c in clones if str(c.status.value) not in _DEAD]
    source_row = next((r for r in rows if r.platform_post_id == platform_post_id), None)
    used = metric
    source_value = None if source_row is None else metric_value(source_row, metric)
    if source_row is not None and source_value is None and metric != "engagement_rate":
        used, source_value = "engagement_rate", metric_value(source_row, "engagement_rate")
    by_source = {r.source_id: r for r in rows if r.source_id}
    best_id, best_value = None, None
    for clone in live:
        row = by_source.get(clone.id)
        value = None if row is None else metric_value(row, used)
        if value is not None and (best_value is None or value > best_value):
            best_id, best_value = clone.id, value
    beaten = best_value is not None and source_value is not None and best_value > source_value
    saturated = len(live) > config.max_clones and not beaten
    if saturated:
        reason = f"saturated: {len(live)} clones (> {config.max_clones}) and none beats the source on {used}"
    elif beaten:
        reason = f"clone {best_id} beats the source on {used} ({best_value:.4g} > {source_value:.4g})"
    else:
        reason = f"{len(live)} clone(s), at most {config.max_clones} before saturation"
    in_flight = in_flight_clone(live)
    return Saturation(
        platform_post_id=platform_post_id,
        title=title if title is not None else (source_row.title if source_row else None),
        clone_count=len(live),
        in_flight_clone_id=None if in_flight is None else in_flight.id,
        metric=used,
        source_value=source_value,
        best_clone_id=best_id,
        best_clone_value=best_value,
        saturated=saturated,
        reason=reason,
    )


async def survey(
    client: Client,
    project_id: str,
    sources: Mapping[str, str | None],
    rows: Sequence[TopPerformer],
    *,
    metric: str,
    config: WorkflowConfig,
) -> dict[str, Saturation]:
    """List the clones of every source concurrently and judge each (``sources``: post id → title)."""
    names = list(sources)
    found = await gather([partial(list_clones, client, project_id, post_id) for post_id in names])
    return {
        post_id: assess_saturation(post_id, clones, rows, metric=metric, title=sources[post_id], config=config)
        for post_id, clones in zip(names, found)
    }


async def check_saturation(
    client: Client,
    project_id: str,
    platform_post_id: str,
    *,
    metric: str = "engagement_rate",
    config: WorkflowConfig | None = None,
) -> Saturation:
    """Whether a source is saturated: more than ``max_clones`` clones, none beating it.

    Reads the source's clones and the ``metric`` ranking (``limit`` 100) over the config's window.
    """
    config = config or _DEFAULT
    ranking = await client.metrics.top_performers(
        project_id, metric=metric, window=config.window, limit=config.ranking_limit
    )
    clones = await list_clones(client, project_id, platform_post_id)
    return assess_saturation(platform_post_id, clones, ranking.items, metric=metric, config=config)


def _key(row: TopPerformer) -> tuple[str | None, str | None]:
    return (row.platform_post_id, row.source_id)


def pick_new_hook(
    *,
    rows_7d: Sequence[TopPerformer],
    rows_30d: Sequence[TopPerformer],
    brand: BrandContext | None,
    avoid: Iterable[str] = (),
) -> tuple[str, str, str | None] | None:
    """Choose a new hook for fresh content; pure.

    First a rising second-tier performer: a row ranked 2–10 over ``7d`` whose ``metricValue`` beats
    its ``30d`` value (its title becomes the hook); then the brand's tagline, keywords or app
    description. Hooks in ``avoid`` (case-insensitive), such as the saturated source's title, are
    never returned.

    Returns:
        ``(hook, origin, platform_post_id or None)``, or ``None`` when nothing new is available.
    """
    seen = {h.strip().casefold() for h in avoid}
    month = {_key(r): r.metric_value for r in rows_30d}
    for row in rows_7d:
        base = month.get(_key(row))
        rising = 2 <= row.rank <= 10 and base is not None and row.metric_value > base
        if rising and row.title and row.title.strip().casefold() not in seen:
            return row.title, "rising_performer", row.platform_post_id
    if brand is None:
        return None
    keywords = ", ".join(brand.keywords or ())
    for hook, origin in (
        (brand.tagline, "brand_tagline"),
        (keywords[:1].upper() + keywords[1:], "brand_keywords"),
        (brand.app_description, "brand_description"),
    ):
        if hook and hook.strip().casefold() not in seen:
            return hook, origin, None
    return None
