"""The weekly read's judgements, pure: paid creatives joined and floored, divergences, and briefs."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from layers_async.models import AdsContent, Container, TopPerformer
from layers_async.workflows._config import WorkflowConfig
from layers_async.workflows._weekly_report import (
    Divergence,
    PaidCreative,
    PaidPlatform,
    WeeklyBrief,
    money,
)

__all__ = [
    "REQUEST_FORMATS",
    "brief_container_id",
    "creative_key",
    "divergences",
    "make_brief",
    "paid_creatives",
    "scoring_row",
]

#: Formats a generate request accepts; a winner made in another format is briefed as ``auto``.
REQUEST_FORMATS = frozenset({"video_remix", "slideshow_remix", "ugc_remix"})
#: Where an ads platform's ads are seen organically (``apple_ads`` has no organic counterpart).
ORGANIC_OF_ADS = {"tiktok_ads": "tiktok", "meta_ads": "instagram"}
_NAMESPACE = uuid.UUID("0f4b8a8e-6f5c-4f0e-9b7d-2c1e5a9d3b71")


def _text(value: Any) -> str:
    return str(getattr(value, "value", value))


def creative_key(row: TopPerformer) -> str:
    """How the weekly report names a ranked creative: ads-content id, else post id, else source id."""
    return row.ads_content_id or row.platform_post_id or row.source_id or f"rank-{row.rank}"


def brief_container_id(project_id: str, iso_week: str, key: str) -> str:
    """The container id of a brief's generation: one per project, ISO week and creative."""
    return f"cnt_{uuid.uuid5(_NAMESPACE, f'weekly/{project_id}/{iso_week}/{key}')}"


def _ids(row: TopPerformer) -> list[str]:
    return [i for i in (row.ads_content_id, row.platform_post_id, row.source_id) if i]


def scoring_row(ids: Sequence[str | None], ads: Sequence[AdsContent]) -> AdsContent | None:
    """A creative's scoring-pool entry from ``(ads_content_id, platform_post_id, source_id)``, first match wins."""
    for ident, field in zip(ids, ("ads_content_id", "platform_post_id", "source_id")):
        if ident:
            found = next((a for a in ads if getattr(a, field) == ident), None)
            if found is not None:
                return found
    return None


def _creative(
    row: TopPerformer,
    ads: Sequence[AdsContent],
    containers: Mapping[str, Container],
    views_rank: Mapping[str, int],
    config: WorkflowConfig,
) -> PaidCreative:
    paid, organic = row.paid, row.organic
    spend = int(paid.spend_cents or 0) if paid else 0
    conversions = int(paid.conversions or 0) if paid else 0
    box = containers.get(row.source_id or "") if _text(row.source_type) == "content_container" else None
    hook, hook_from = (box.hook, "container") if box is not None and box.hook else (row.title, "title")
    scoring = scoring_row((row.ads_content_id, row.platform_post_id, row.source_id), ads)
    short = []
    if spend < config.min_paid_spend_cents:
        short.append(f"spend {money(spend)} < {money(config.min_paid_spend_cents)}")
    if conversions < config.min_paid_conversions:
        short.append(f"{conversions} conversion(s) < {config.min_paid_conversions}")
    rank = next((views_rank[i] for i in _ids(row) if i in views_rank), None)
    return PaidCreative(
        key=creative_key(row),
        source_type=_text(row.source_type),
        source_id=row.source_id,
        platform_post_id=row.platform_post_id,
        ads_content_id=row.ads_content_id,
        title=row.title,
        hook=hook,
        hook_from=hook_from if hook else None,
        format=None if box is None or box.format is None else _text(box.format),
        cta=None if box is None or not box.brief else box.brief.get("cta"),
        spend_cents=spend,
        conversions=conversions,
        roas=float(paid.roas or 0) if paid else 0.0,
        cpa_cents=round(spend / conversions) if conversions else None,
        impressions=int(paid.impressions or 0) if paid else 0,
        clicks=int(paid.clicks or 0) if paid else 0,
        paid_platforms=tuple(_text(p) for p in (paid.platforms or ())) if paid else (),
        views=None if organic is None else organic.views,
        engagement_rate=None if organic is None else organic.engagement_rate,
        organic_platforms=tuple(_text(p) for p in (organic.platforms or ())) if organic else (),
        views_rank=rank,
        organic_score=None if scoring is None else scoring.organic_score,
        eligible=None if scoring is None else scoring.eligible,
        override=None if scoring is None or scoring.override is None else _text(scoring.override),
        counts=not short,
        floor_reason="; ".join(short) or None,
    )


def paid_creatives(
    by_conversions: Iterable[TopPerformer],
    by_roas: Iterable[TopPerformer],
    views: Iterable[TopPerformer],
    ads: Sequence[AdsContent],
    containers: Mapping[str, Container],
    config: WorkflowConfig,
) -> tuple[tuple[PaidCreative, ...], tuple[PaidCreative, ...], tuple[PaidCreative, ...]]:
    """Join the paid rows to organic ranks, hooks and scoring rows, and apply the paid noise floor.

    Returns:
        ``(by_conversions, by_roas, below_floor)``: the creatives that count, in each ranking's order
        and ranked from 1 among themselves; then those with paid data under the floor.
    """
    views_rank: dict[str, int] = {}
    for row in views:
        for ident in _ids(row):
            views_rank.setdefault(ident, row.rank)
    conv_rows = [r for r in by_conversions if r.paid is not None]
    roas_rows = [r for r in by_roas if r.paid is not None]
    made: dict[str, PaidCreative] = {}
    for row in [*conv_rows, *roas_rows]:
        key = creative_key(row)
        if key not in made:
            made[key] = _creative(row, ads, containers, views_rank, config)
    conv_keys = list(dict.fromkeys(creative_key(r) for r in conv_rows if made[creative_key(r)].counts))
    roas_keys = list(dict.fromkeys(creative_key(r) for r in roas_rows if made[creative_key(r)].counts))
    conv_rank = {k: i for i, k in enumerate(conv_keys, start=1)}
    roas_rank = {k: i for i, k in enumerate(roas_keys, start=1)}
    final = {key: _with_ranks(c, conv_rank.get(key), roas_rank.get(key)) if c.counts else c for key, c in made.items()}
    below = tuple(c for c in final.values() if not c.counts)
    return tuple(final[k] for k in conv_keys), tuple(final[k] for k in roas_keys), below


def _with_ranks(creative: PaidCreative, conversions_rank: int | None, roas_rank: int | None) -> PaidCreative:
    return attrs.evolve(creative, conversions_rank=conversions_rank, roas_rank=roas_rank)


def divergences(
    views: Iterable[TopPerformer],
    counted: Sequence[PaidCreative],
    below: Sequence[PaidCreative],
    *,
    top: int,
) -> tuple[Divergence, ...]:
    """Creatives in the top ``top`` on views but not on conversions, then the reverse.

    Only promoted creatives can be judged on conversions: a top post that never ran as an ad is not a
    divergence, just untested.
    """
    by_id: dict[str, PaidCreative] = {}
    for creative in [*counted, *below]:
        for ident in (creative.ads_content_id, creative.platform_post_id, creative.source_id):
            if ident:
                by_id.setdefault(ident, creative)
    found: list[Divergence] = []
    for row in views:
        if row.rank > top or row.organic is None:
            continue
        promoted = next((by_id[i] for i in _ids(row) if i in by_id), None)
        if promoted is None or (promoted.conversions_rank is not None and promoted.conversions_rank <= top):
            continue
        creative = promoted
        where = (
            f"#{creative.conversions_rank} on conversions"
            if creative.conversions_rank is not None
            else f"below the paid floor ({creative.floor_reason})"
        )
        detail = (
            f"#{row.rank} on views ({row.organic.views:,} views) but {creative.conversions} conversion(s) "
            f"on {money(creative.spend_cents)} spend: {where}"
        )
        found.append(_divergence("views_not_conversions", creative, row.rank, detail))
    for creative in counted:
        if creative.conversions_rank is None or creative.conversions_rank > top:
            continue
        if creative.views_rank is not None and creative.views_rank <= top:
            continue
        seen = (
            f"#{creative.views_rank} on views ({creative.views or 0:,} views)"
            if creative.views_rank is not None
            else "not ranked on organic views"
        )
        detail = (
            f"#{creative.conversions_rank} on conversions ({creative.conversions} for "
            f"{money(creative.spend_cents)}, ROAS {creative.roas:.2f}) but {seen}"
        )
        found.append(_divergence("conversions_not_views", creative, creative.views_rank, detail))
    return tuple(found)


def _divergence(kind: Any, creative: PaidCreative, views_rank: int | None, detail: str) -> Divergence:
    return Divergence(
        kind=kind,
        key=creative.key,
        title=creative.title,
        platform_post_id=creative.platform_post_id,
        ads_content_id=creative.ads_content_id,
        views=creative.views,
        views_rank=views_rank,
        conversions=creative.conversions,
        conversions_rank=creative.conversions_rank,
        spend_cents=creative.spend_cents,
        detail=detail,
    )


def make_brief(
    creative: PaidCreative, converted_on: Sequence[PaidPlatform], *, project_id: str, iso_week: str
) -> WeeklyBrief:
    """Next week's brief for a top converter: its hook pinned, its format and CTA when known.

    ``converted_on`` is the per-platform split of its active ads; only platforms with conversions
    become target platforms (mapped to where those ads are seen organically).
    """
    if not creative.hook:
        raise ValueError("a brief needs the winner's hook")
    fmt = creative.format if creative.format in REQUEST_FORMATS else "auto"
    converting = [p for p in converted_on if p.conversions > 0]
    targets = tuple(dict.fromkeys(ORGANIC_OF_ADS[p.platform] for p in converting if p.platform in ORGANIC_OF_ADS))
    where = ", ".join(f"{p.platform} ({p.conversions})" for p in converting) or ", ".join(creative.paid_platforms)
    ids = ", ".join(i for i in (creative.ads_content_id, creative.platform_post_id, creative.source_id) if i)
    cpa = "-" if creative.cpa_cents is None else money(creative.cpa_cents)
    evidence = (
        f"#{creative.conversions_rank} on conversions over 7d: {creative.conversions} conversions for "
        f"{money(creative.spend_cents)} (CPA {cpa}, ROAS {creative.roas:.2f}), converted on {where or 'unknown'}; "
        f"organic {creative.views or 0:,} views"
        + (f" (#{creative.views_rank} on views)" if creative.views_rank else "")
        + f"; ids {ids}"
    )
    return WeeklyBrief(
        key=creative.key,
        rank=creative.conversions_rank or 0,
        hook=creative.hook,
        format=fmt,
        cta=creative.cta,
        target_platforms=targets,
        converted_on=tuple(converted_on),
        evidence=evidence,
        creative=creative,
        container_id=brief_container_id(project_id, iso_week, creative.key),
    )
