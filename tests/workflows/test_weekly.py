"""run_weekly against the demo world's paid project: totals, rankings, divergence, briefs, generations."""

from __future__ import annotations

import json

import pytest

from layers_async import Client
from layers_async.errors import InvalidRequestError
from layers_async.testing import DemoHandles, FakeLayers
from layers_async.testing._fake._demo_paid import CONVERTER_CTA, CONVERTER_HOOK
from layers_async.workflows import WeeklyProjectReport, WorkflowConfig, run_weekly

pytestmark = pytest.mark.anyio


async def _paid(client: Client, demo: DemoHandles, **kwargs: object) -> WeeklyProjectReport:
    return (await run_weekly(client, [demo.paid.project_id], **kwargs)).projects[0]  # type: ignore[arg-type]


async def test_the_converter_leads_the_conversions_ranking(client: Client, demo: DemoHandles) -> None:
    report = await _paid(client, demo)
    assert (demo.paid.converter_post_id, 1) == (
        report.by_conversions[0].platform_post_id,
        report.by_conversions[0].conversions_rank,
    )


async def test_the_converter_is_not_the_top_organic_post(client: Client, demo: DemoHandles) -> None:
    views = await client.metrics.top_performers(demo.paid.project_id, metric="views", window="7d")
    report = await _paid(client, demo)
    assert (demo.paid.top_organic_post_id, 4) == (views.items[0].platform_post_id, report.by_conversions[0].views_rank)


async def test_the_converter_is_joined_to_its_container_and_scoring_row(client: Client, demo: DemoHandles) -> None:
    leader = (await _paid(client, demo)).by_conversions[0]
    assert (CONVERTER_HOOK, "container", "video_remix", CONVERTER_CTA, demo.paid.converter_ads_content_id, True) == (
        leader.hook,
        leader.hook_from,
        leader.format,
        leader.cta,
        leader.ads_content_id,
        leader.eligible,
    )


async def test_paid_figures_are_the_seven_day_sums_in_cents(client: Client, demo: DemoHandles) -> None:
    leader = (await _paid(client, demo)).by_conversions[0]
    assert (18_900, 41, 461, ("meta_ads", "tiktok_ads")) == (
        leader.spend_cents,
        leader.conversions,
        leader.cpa_cents,
        leader.paid_platforms,
    )


async def test_roas_ranking_is_its_own_order(client: Client, demo: DemoHandles) -> None:
    report = await _paid(client, demo)
    assert [demo.paid.roas_leader_post_id, demo.paid.converter_post_id] == [
        c.platform_post_id for c in report.by_roas[:2]
    ]


async def test_override_is_reported(client: Client, demo: DemoHandles) -> None:
    report = await _paid(client, demo)
    leader = next(c for c in report.by_roas if c.platform_post_id == demo.paid.roas_leader_post_id)
    assert ("include", True) == (leader.override, leader.eligible)


async def test_totals_sum_the_day_buckets_of_both_weeks(client: Client, demo: DemoHandles) -> None:
    totals = (await _paid(client, demo)).totals
    assert totals is not None
    assert (61_420, 64, 31_920, 33, 29_500) == (
        totals.current.spend_cents,
        totals.current.conversions,
        totals.previous.spend_cents,
        totals.previous.conversions,
        totals.spend_change_cents,
    )
    assert sum(d.spend_cents for d in totals.current.days) == totals.current.spend_cents


async def test_totals_roas_is_recomputed_over_the_window(client: Client, demo: DemoHandles) -> None:
    totals = (await _paid(client, demo)).totals
    assert totals is not None
    revenue = 29 * 1_150 + 12 * 1_250 + 2 * 1_900 + 12 * 1_650 + 9 * 1_550
    assert round(revenue / 61_420, 2) == totals.current.roas


async def test_creatives_below_the_paid_floor_are_not_ranked(client: Client, demo: DemoHandles) -> None:
    report = await _paid(client, demo)
    below = {c.key: c.floor_reason for c in report.below_floor}
    ranked = {c.key for c in (*report.by_conversions, *report.by_roas)}
    assert (demo.paid.no_conversion_ads_content_id in below, set()) == (True, ranked & set(below))


async def test_the_spend_without_conversions_is_below_the_floor_with_its_reason(
    client: Client, demo: DemoHandles
) -> None:
    report = await _paid(client, demo)
    static = next(c for c in report.below_floor if c.key == demo.paid.no_conversion_ads_content_id)
    assert (6_300, 0, "0 conversion(s) < 3") == (static.spend_cents, static.conversions, static.floor_reason)


async def test_views_without_conversions_is_called_out(client: Client, demo: DemoHandles) -> None:
    report = await _paid(client, demo)
    assert [demo.paid.top_organic_post_id] == [
        d.platform_post_id for d in report.divergences if d.kind == "views_not_conversions"
    ]


async def test_conversions_without_views_is_called_out(client: Client, demo: DemoHandles) -> None:
    report = await _paid(client, demo)
    found = [d for d in report.divergences if d.kind == "conversions_not_views"]
    assert (demo.paid.converter_post_id, 1, 4) == (
        found[0].platform_post_id,
        found[0].conversions_rank,
        found[0].views_rank,
    )


async def test_briefs_pin_the_converters_hook(client: Client, demo: DemoHandles) -> None:
    brief = (await _paid(client, demo)).briefs[0]
    assert (CONVERTER_HOOK, "video_remix", CONVERTER_CTA, ("tiktok", "instagram")) == (
        brief.hook,
        brief.format,
        brief.cta,
        brief.target_platforms,
    )


async def test_brief_evidence_names_the_figures_and_ids(client: Client, demo: DemoHandles) -> None:
    brief = (await _paid(client, demo)).briefs[0]
    split = {p.platform: (p.spend_cents, p.conversions) for p in brief.converted_on}
    assert ({"tiktok_ads": (12_600, 29), "meta_ads": (6_300, 12)}, True, True) == (
        split,
        demo.paid.converter_ads_content_id in brief.evidence,
        "41 conversions for 189.00" in brief.evidence,
    )


async def test_a_post_brief_is_auto_format_without_cta(client: Client, demo: DemoHandles) -> None:
    briefs = (await _paid(client, demo)).briefs
    assert [("auto", None)] * 2 == [(b.format, b.cta) for b in briefs[1:]]


async def test_without_generate_nothing_is_started(fake: FakeLayers, client: Client, demo: DemoHandles) -> None:
    before = fake.job_count(demo.paid.project_id)
    report = await _paid(client, demo)
    assert (before, ()) == (fake.job_count(demo.paid.project_id), report.generations)


async def test_generate_starts_one_generation_per_brief_held_for_review(
    fake: FakeLayers, client: Client, demo: DemoHandles
) -> None:
    before = fake.job_count(demo.paid.project_id)
    report = await _paid(client, demo, generate=True)
    assert (before + 3, [("completed", "pending", False)] * 3) == (
        fake.job_count(demo.paid.project_id),
        [(g.outcome, g.approval_status, g.already_started) for g in report.generations],
    )


async def test_generation_carries_the_brief(client: Client, demo: DemoHandles) -> None:
    report = await _paid(client, demo, generate=True)
    container = await client.content.get(report.generations[0].container_id)
    assert (CONVERTER_HOOK, CONVERTER_CTA, "video_remix") == (
        container.hook,
        (container.brief or {}).get("cta"),
        container.format,
    )


async def test_generate_twice_in_one_iso_week_starts_each_generation_once(
    fake: FakeLayers, client: Client, demo: DemoHandles
) -> None:
    first = await _paid(client, demo, generate=True)
    jobs = fake.job_count(demo.paid.project_id)
    fake.advance(2 * 86_400)  # Monday 09:00 → Wednesday, same ISO week
    second = await _paid(client, demo, generate=True)
    assert (jobs, [True] * 3, [g.container_id for g in first.generations]) == (
        fake.job_count(demo.paid.project_id),
        [g.already_started for g in second.generations],
        [g.container_id for g in second.generations],
    )


async def test_next_iso_week_starts_new_generations(fake: FakeLayers, client: Client, demo: DemoHandles) -> None:
    first = await _paid(client, demo, generate=True)
    fake.advance(7 * 86_400)
    second = await _paid(client, demo, generate=True)
    assert ("2026-W20", "2026-W21", set()) == (
        first.iso_week,
        second.iso_week,
        {g.container_id for g in first.generations} & {g.container_id for g in second.generations},
    )


async def test_nothing_is_approved_or_scheduled(fake: FakeLayers, client: Client, demo: DemoHandles) -> None:
    await _paid(client, demo, generate=True)
    await _paid(client, demo, generate=True)
    assert [] == [r.path for r in fake.request_log if r.path.endswith(("/approve", "/schedule"))]


async def test_project_without_ads_data_is_an_empty_state(client: Client, demo: DemoHandles) -> None:
    report = (await run_weekly(client, [demo.project_id])).projects[0]
    assert ("empty", True, (), ()) == (
        report.decision,
        report.reason.startswith("no ads data"),
        report.briefs,
        report.by_conversions,
    )


async def test_new_project_without_anything_is_an_empty_state(fake: FakeLayers) -> None:
    org = fake.create_org("newcomer")
    key = fake.create_key(org, scopes=("*",), tier="partner")
    project = fake.create_project(org, "fresh-app")
    async with fake.client(key=key) as client:
        report = (await run_weekly(client, [project], generate=True)).projects[0]
    assert ("empty", None, 0) == (report.decision, report.error, fake.job_count(project))


async def test_below_the_paid_floor_no_briefs_with_the_reason(
    fake: FakeLayers, client: Client, demo: DemoHandles
) -> None:
    config = WorkflowConfig(min_paid_conversions=50)
    report = (await run_weekly(client, [demo.paid.project_id], config=config, generate=True)).projects[0]
    assert ("below_floor", (), (), 5) == (report.decision, report.briefs, report.generations, len(report.below_floor))
    assert ">= 50 conversions" in report.reason


async def test_small_spend_stays_under_the_default_floor(fake: FakeLayers, client: Client, demo: DemoHandles) -> None:
    project = fake.create_project(demo.org_id, "acme-tiny")
    post = fake.add_post(project, title="Tiny test ad", published_at=fake.now() - 86_400)
    row = fake.add_ads_content(project, platform_post_id=post)
    fake.add_paid_stats(row, daily={"2026-05-10": {"spend": 1_999, "conversions": 5, "revenue": 4_000}})
    report = (await run_weekly(client, [project])).projects[0]
    assert ("below_floor", ["spend 19.99 < 20.00"]) == (report.decision, [c.floor_reason for c in report.below_floor])


async def test_paid_floor_is_stated_in_the_report(client: Client, demo: DemoHandles) -> None:
    report = await _paid(client, demo)
    floor = report.paid_floor
    assert floor is not None
    assert (2_000, 3, 3, 2) == (floor.min_spend_cents, floor.min_conversions, floor.counted, floor.below)


async def test_other_orgs_project_is_an_error(client: Client, demo: DemoHandles) -> None:
    report = (await run_weekly(client, [demo.other_project_id])).projects[0]
    assert ("error", ()) == (report.decision, report.briefs)


async def test_one_string_of_ids_is_refused_before_any_request(fake: FakeLayers, client: Client) -> None:
    fake.clear_request_log()
    with pytest.raises(InvalidRequestError) as caught:
        await run_weekly(client, "prj_1")
    assert ("project_ids", []) == (caught.value.argument, fake.request_log)


async def test_report_is_json(client: Client, demo: DemoHandles) -> None:
    report = await run_weekly(client, [demo.paid.project_id, demo.project_id])
    data = json.loads(report.to_json())
    assert (["act", "empty"], 2_000, 18_900) == (
        [p["decision"] for p in data["projects"]],
        data["config"]["min_paid_spend_cents"],
        data["projects"][0]["briefs"][0]["creative"]["spend_cents"],
    )


async def test_archived_project_keeps_its_read_and_skips_the_generations(
    fake: FakeLayers, client: Client, demo: DemoHandles
) -> None:
    fake.archive_project(demo.paid.project_id)
    report = await _paid(client, demo, generate=True)
    assert ("act", (), ["refused"] * 3) == (report.decision, report.generations, [s.reason for s in report.skipped])


async def test_container_id_taken_elsewhere_is_skipped_not_raised(
    fake: FakeLayers, client: Client, demo: DemoHandles
) -> None:
    taken = (await _paid(client, demo)).briefs[0].container_id
    async with fake.client(key=demo.other_key) as rival:
        await rival.content.generate(demo.other_project_id, container_id=taken)
    report = await _paid(client, demo, generate=True)
    assert (["already_started"], 2) == ([s.reason for s in report.skipped], len(report.generations))
