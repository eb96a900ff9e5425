"""run_daily against the demo world: every decision the contract asks for (§19)."""

from __future__ import annotations

import json

import pytest

from layers_async import Client
from layers_async.testing import DemoHandles, FakeLayers
from layers_async.workflows import ProjectReport, WorkflowConfig, run_daily

pytestmark = pytest.mark.anyio


async def _main(client: Client, demo: DemoHandles) -> ProjectReport:
    return (await run_daily(client, [demo.project_id])).projects[0]


async def test_breakout_is_cloned_and_held_pending(client: Client, demo: DemoHandles) -> None:
    report = await _main(client, demo)
    assert [(demo.breakout_post_id, "completed", "pending")] == [
        (c.source_platform_post_id, c.outcome, c.approval_status) for c in report.clones
    ]


async def test_clones_are_never_approved(fake: FakeLayers, client: Client, demo: DemoHandles) -> None:
    await _main(client, demo)
    assert [] == [r.path for r in fake.request_log if r.path.endswith(("/approve", "/schedule"))]


async def test_saturated_source_is_not_cloned_again(client: Client, demo: DemoHandles) -> None:
    report = await _main(client, demo)
    assert demo.saturated_source_id not in {c.source_platform_post_id for c in report.clones}


async def test_saturated_source_is_reported(client: Client, demo: DemoHandles) -> None:
    report = await _main(client, demo)
    assert [demo.saturated_source_id] == [s.platform_post_id for s in report.saturated_sources]


async def test_saturated_source_gets_a_fresh_generation_with_the_rising_hook(client: Client, demo: DemoHandles) -> None:
    report = await _main(client, demo)
    assert [(demo.saturated_source_id, "rising_performer", demo.rising_post_id, "completed")] == [
        (f.replaces_platform_post_id, f.hook_origin, f.hook_from, f.outcome) for f in report.fresh
    ]


async def test_fresh_generation_carries_the_new_hook_in_its_brief(client: Client, demo: DemoHandles) -> None:
    report = await _main(client, demo)
    container = await client.content.get(report.fresh[0].container_ids[0])
    assert report.fresh[0].hook == (container.brief or {}).get("hook")


async def test_project_under_the_noise_floor_gets_no_clone(client: Client, demo: DemoHandles) -> None:
    report = (await run_daily(client, [demo.small_project_id])).projects[0]
    assert ("not_enough_data", ()) == (report.decision, report.clones)


async def test_project_with_nothing_ranked_is_empty(fake: FakeLayers, demo: DemoHandles) -> None:
    org = fake.create_org("newcomer")
    key = fake.create_key(org, scopes=("*",), tier="partner")
    project = fake.create_project(org, "fresh-app")
    async with fake.client(key=key) as client:
        report = (await run_daily(client, [project])).projects[0]
    assert ("empty", ()) == (report.decision, report.clones)


async def test_other_orgs_project_is_an_error_not_a_leak(client: Client, demo: DemoHandles) -> None:
    report = (await run_daily(client, [demo.other_project_id])).projects[0]
    assert ("error", ()) == (report.decision, report.clones)


async def test_second_run_the_same_day_starts_no_second_clone(
    fake: FakeLayers, client: Client, demo: DemoHandles
) -> None:
    await _main(client, demo)
    second = await _main(client, demo)
    clones = [c async for c in client.content.list(demo.project_id, source_platform_post_id=demo.breakout_post_id)]
    assert ((), ["clone_in_flight"], 1) == (second.clones, [s.reason for s in second.skipped], len(clones))


async def test_second_run_the_same_day_replays_the_fresh_generation(client: Client, demo: DemoHandles) -> None:
    first = await _main(client, demo)
    second = await _main(client, demo)
    assert (first.fresh[0].container_ids, True) == (second.fresh[0].container_ids, second.fresh[0].replayed)


async def test_many_projects_report_in_the_order_given(client: Client, demo: DemoHandles) -> None:
    config = WorkflowConfig(max_concurrent_projects=1)
    report = await run_daily(client, [demo.small_project_id, demo.project_id], config=config)
    assert [demo.small_project_id, demo.project_id] == [p.project_id for p in report.projects]


async def test_report_is_json(client: Client, demo: DemoHandles) -> None:
    report = await run_daily(client, [demo.project_id])
    data = json.loads(report.to_json())
    assert ["act"] == [p["decision"] for p in data["projects"]]
