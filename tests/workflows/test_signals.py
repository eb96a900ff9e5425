"""Noise floor, stage and breakouts against the demo world (contract §19.1–19.3, §19.8)."""

from __future__ import annotations

import pytest

from layers_async import Client
from layers_async.testing import DemoHandles, FakeLayers
from layers_async.workflows import assess_noise_floor, check_noise_floor, detect_stage, find_breakouts

pytestmark = pytest.mark.anyio


async def test_project_under_the_noise_floor_has_not_enough_data(client: Client, demo: DemoHandles) -> None:
    floor = await check_noise_floor(client, demo.small_project_id)
    assert ("not_enough_data", 3) == (floor.status, floor.post_count)


async def test_main_project_is_above_the_noise_floor(client: Client, demo: DemoHandles) -> None:
    floor = await check_noise_floor(client, demo.project_id)
    assert "ok" == floor.status


def test_five_to_ten_posts_are_provisional() -> None:
    assert ["not_enough_data", "provisional", "provisional", "ok"] == [
        assess_noise_floor(n, n * 100).status for n in (4, 5, 10, 11)
    ]


def test_too_few_views_per_post_is_not_enough_data() -> None:
    assert "not_enough_data" == assess_noise_floor(20, 20 * 49).status


async def test_breakout_is_the_post_far_above_the_median(client: Client, demo: DemoHandles) -> None:
    scan = await find_breakouts(client, demo.project_id)
    assert [demo.breakout_post_id] == [b.platform_post_id for b in scan.breakouts]


async def test_other_orgs_posts_never_appear(client: Client, demo: DemoHandles) -> None:
    scan = await find_breakouts(client, demo.project_id)
    ranking = await client.metrics.top_performers(demo.project_id, metric="engagement_rate", limit=100)
    seen = {b.platform_post_id for b in scan.breakouts} | {r.platform_post_id for r in ranking.items}
    assert demo.other_post_id not in seen


async def test_empty_ranking_is_an_empty_state_not_an_error(fake: FakeLayers, demo: DemoHandles) -> None:
    org = fake.create_org("newcomer")
    key = fake.create_key(org, scopes=("*",), tier="partner")
    project = fake.create_project(org, "fresh-app")
    async with fake.client(key=key) as client:
        scan = await find_breakouts(client, project)
    assert ("no_data", (), True) == (scan.reason, scan.breakouts, scan.empty)


async def test_a_row_with_an_ads_content_id_means_later_stage(client: Client, demo: DemoHandles) -> None:
    stage = await detect_stage(client, demo.project_id)
    assert ("later", "conversions") == (stage.stage, stage.metric)


async def test_no_paid_signal_means_early_stage(client: Client, demo: DemoHandles) -> None:
    stage = await detect_stage(client, demo.small_project_id)
    assert ("early", "engagement_rate") == (stage.stage, stage.metric)
