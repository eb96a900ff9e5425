"""The weekly read's pure judgements: the paid floor, divergences, briefs and their container ids."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from layers_async.errors import InvalidRequestError
from layers_async.models import OrganicBlock, PaidBlock, SourceType, TopPerformer
from layers_async.workflows import PaidPlatform, WorkflowConfig
from layers_async.workflows._weekly_rank import brief_container_id, divergences, make_brief, paid_creatives
from layers_async.workflows._weekly_report import money


def row(rank: int, post: str, *, views: int | None = None, spend: int | None = None, conv: int = 0) -> TopPerformer:
    organic = None if views is None else OrganicBlock(views=views, engagement_rate=0.05, watch_time_ms=1)
    paid = None if spend is None else PaidBlock(spend_cents=spend, conversions=conv, roas=1.5, impressions=1, clicks=1)
    return TopPerformer(
        rank=rank,
        source_type=SourceType.PLATFORM_POST,
        platform_post_id=post,
        title=f"title {post}",
        metric_value=float(conv if paid else views or 0),
        organic=organic,
        paid=paid,
    )


def creatives(conv: list[TopPerformer], views: list[TopPerformer], **config: Any) -> Any:
    return paid_creatives(conv, conv, views, [], {}, WorkflowConfig(**config))


def test_floor_needs_both_spend_and_conversions() -> None:
    counted, _, below = creatives([row(1, "a", spend=2_000, conv=3), row(2, "b", spend=1_999, conv=9)], [])
    assert (["a"], ["b"]) == ([c.key for c in counted], [c.key for c in below])


def test_floor_is_configurable() -> None:
    counted, _, below = creatives([row(1, "a", spend=500, conv=1)], [], min_paid_spend_cents=0, min_paid_conversions=1)
    assert (["a"], ()) == ([c.key for c in counted], below)


def test_ranks_count_only_creatives_above_the_floor() -> None:
    conv = [row(1, "x", spend=100, conv=50), row(2, "a", spend=5_000, conv=10), row(3, "b", spend=5_000, conv=4)]
    counted, _, _ = creatives(conv, [])
    assert [("a", 1), ("b", 2)] == [(c.key, c.conversions_rank) for c in counted]


def test_a_top_post_that_never_ran_as_an_ad_is_no_divergence() -> None:
    conv = [row(1, "a", spend=5_000, conv=10)]
    views = [row(1, "organic-only", views=9_000), row(2, "a", views=3_000)]
    counted, _, below = creatives(conv, views)
    assert [] == [d for d in divergences(views, counted, below, top=3) if d.kind == "views_not_conversions"]


def test_views_leader_outside_the_top_converters_diverges() -> None:
    conv = [row(i, f"c{i}", spend=5_000, conv=20 - i) for i in range(1, 5)]
    views = [row(1, "c4", views=9_000), row(2, "c1", views=100)]
    counted, _, below = creatives(conv, views)
    found = divergences(views, counted, below, top=3)
    assert [("views_not_conversions", "c4", 4)] == [
        (d.kind, d.key, d.conversions_rank) for d in found if d.kind == "views_not_conversions"
    ]


def test_converter_without_organic_rank_diverges() -> None:
    conv = [row(1, "paid-only", spend=5_000, conv=10)]
    counted, _, below = creatives(conv, [])
    (found,) = divergences([], counted, below, top=3)
    assert ("conversions_not_views", None, "#1 on conversions") == (
        found.kind,
        found.views_rank,
        found.detail[:17],
    )


def _creative(**changes: Any) -> Any:
    counted, _, _ = creatives([row(1, "a", spend=5_000, conv=10)], [])
    return attrs.evolve(counted[0], **changes)


def test_brief_pins_the_hook_and_maps_where_it_converted() -> None:
    split = (PaidPlatform(platform="tiktok_ads", spend_cents=4_000, conversions=8),
             PaidPlatform(platform="apple_ads", spend_cents=500, conversions=2),
             PaidPlatform(platform="meta_ads", spend_cents=500, conversions=0))  # fmt: skip
    brief = make_brief(_creative(hook="Pinned hook"), split, project_id="prj_1", iso_week="2026-W20")
    assert ("Pinned hook", ("tiktok",), "auto") == (brief.hook, brief.target_platforms, brief.format)


def test_brief_keeps_a_request_format_and_drops_others() -> None:
    formats = [
        make_brief(_creative(hook="h", format=f), (), project_id="p", iso_week="2026-W20").format
        for f in ("slideshow_remix", "slideshow-builder")
    ]
    assert ["slideshow_remix", "auto"] == formats


def test_brief_without_hook_is_refused() -> None:
    with pytest.raises(ValueError):
        make_brief(_creative(hook=None), (), project_id="p", iso_week="2026-W20")


def test_container_id_is_one_per_project_week_and_creative() -> None:
    ids = {
        brief_container_id("prj_1", "2026-W20", "adc_1"),
        brief_container_id("prj_1", "2026-W20", "adc_1"),
        brief_container_id("prj_1", "2026-W21", "adc_1"),
        brief_container_id("prj_2", "2026-W20", "adc_1"),
        brief_container_id("prj_1", "2026-W20", "adc_2"),
    }
    assert 4 == len(ids)


@pytest.mark.parametrize(("cents", "text"), [(0, "0.00"), (5, "0.05"), (123_456, "1,234.56"), (-250, "-2.50")])
def test_money(cents: int, text: str) -> None:
    assert text == money(cents)


@pytest.mark.parametrize(
    ("field", "value"),
    [("min_paid_spend_cents", -1), ("min_paid_spend_cents", 20.5), ("min_paid_conversions", -1), ("weekly_briefs", 26)],
)
def test_paid_thresholds_are_checked(field: str, value: object) -> None:
    with pytest.raises(InvalidRequestError) as info:
        WorkflowConfig(**{field: value})  # type: ignore[arg-type]
    assert field == info.value.argument


def test_paid_floor_defaults() -> None:
    config = WorkflowConfig()
    assert (2_000, 3, 3) == (config.min_paid_spend_cents, config.min_paid_conversions, config.weekly_briefs)
