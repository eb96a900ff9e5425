"""The tools called directly, as any framework would, against the emulator's demo world (asyncio and trio)."""

from __future__ import annotations

from typing import Any

import pytest

from layers_async import Client, RetryPolicy
from layers_async.agents import Tool, ToolError, build_tools, clone_identity
from layers_async.testing import DemoHandles, FakeLayers
from tests.agents._helpers import clone_args

pytestmark = pytest.mark.anyio

READ_ONLY = [
    "list_projects",
    "rank_top_posts",
    "get_post_metrics",
    "find_breakouts",
    "check_saturation",
    "get_job_status",
    "wait_for_job",
    "list_pending_approvals",
]


async def _error(tool: Tool, args: Any) -> ToolError:
    with pytest.raises(ToolError) as caught:
        await tool(args)
    return caught.value


@pytest.mark.parametrize(
    ("writes", "approvals", "extra"),
    [
        (False, False, []),
        (True, False, ["start_clone", "run_daily_loop"]),
        (False, True, ["decide_approval", "schedule_post"]),
        (True, True, ["start_clone", "run_daily_loop", "decide_approval", "schedule_post"]),
    ],
)
async def test_tool_set_is_read_only_unless_writes_or_approvals_are_enabled(
    client: Client, writes: bool, approvals: bool, extra: list[str]
) -> None:
    tools = build_tools(client, allow_writes=writes, allow_approvals=approvals)
    assert [t.name for t in tools] == READ_ONLY + extra


async def test_only_read_tools_are_marked_read_only(client: Client) -> None:
    tools = build_tools(client, allow_writes=True, allow_approvals=True)
    assert [t.name for t in tools if t.annotations.read_only] == READ_ONLY


async def test_rank_withholds_rows_below_the_noise_floor(tools: dict[str, Tool], demo: DemoHandles) -> None:
    result = await tools["rank_top_posts"](
        {"project_id": demo.small_project_id, "metric": None, "window": None, "limit": None}
    )
    assert (result["verdict"], result["rows"], result["noise_floor"]["post_count"]) == ("not_enough_data", [], 3)


async def test_rank_reports_an_empty_project_as_a_normal_empty_state(
    fake: FakeLayers, demo: DemoHandles, tools: dict[str, Tool]
) -> None:
    project_id = fake.create_project(demo.org_id, "fresh")
    result = await tools["rank_top_posts"]({"project_id": project_id, "metric": "views", "window": "7d", "limit": 5})
    assert (result["verdict"], result["rows"], "normal" in result["advice"]) == ("empty", [], True)


async def test_find_breakouts_names_the_breakout_with_median_and_threshold(
    tools: dict[str, Tool], demo: DemoHandles
) -> None:
    result = await tools["find_breakouts"]({"project_id": demo.project_id, "window": None})
    ids = [b["platform_post_id"] for b in result["breakouts"]]
    assert (result["verdict"], ids, result["threshold"]) == (
        "ok",
        [demo.breakout_post_id],
        2 * result["median_engagement_rate"],
    )


async def test_find_breakouts_detects_nothing_below_the_noise_floor(tools: dict[str, Tool], demo: DemoHandles) -> None:
    result = await tools["find_breakouts"]({"project_id": demo.small_project_id, "window": None})
    assert (result["verdict"], result["breakouts"], result["rows_ranked"]) == ("not_enough_data", [], 0)


async def test_check_saturation_stops_cloning_a_worn_out_source(tools: dict[str, Tool], demo: DemoHandles) -> None:
    args = {"project_id": demo.project_id, "post_id": demo.saturated_source_id, "metric": None, "window": None}
    result = await tools["check_saturation"](args)
    assert (result["saturation"]["saturated"], result["saturation"]["clone_count"]) == (True, 5)


async def test_dry_run_clone_sends_nothing(fake: FakeLayers, tools: dict[str, Tool], demo: DemoHandles) -> None:
    fake.clear_request_log()
    result = await tools["start_clone"](clone_args(demo.project_id, demo.breakout_post_id, dry_run=True))
    assert (result["dry_run"], result["job_id"], fake.request_log) == (True, None, [])


async def test_retried_clone_starts_one_job(fake: FakeLayers, tools: dict[str, Tool], demo: DemoHandles) -> None:
    before = fake.job_count(demo.project_id)
    first = await tools["start_clone"](clone_args(demo.project_id, demo.breakout_post_id))
    again = await tools["start_clone"](clone_args(demo.project_id, demo.breakout_post_id))
    assert (fake.job_count(demo.project_id) - before, again["job_id"], again["replayed"]) == (1, first["job_id"], True)


async def test_a_request_key_starts_a_second_distinct_clone(
    fake: FakeLayers, tools: dict[str, Tool], demo: DemoHandles
) -> None:
    first = await tools["start_clone"](clone_args(demo.project_id, demo.breakout_post_id))
    other = await tools["start_clone"](clone_args(demo.project_id, demo.breakout_post_id, request_key="second-take"))
    assert (other["replayed"], other["container_id"] != first["container_id"]) == (False, True)


async def test_the_clone_id_is_the_documented_derivation(tools: dict[str, Tool], demo: DemoHandles) -> None:
    result = await tools["start_clone"](clone_args(demo.project_id, demo.breakout_post_id, dry_run=True))
    expected = clone_identity(demo.project_id, demo.breakout_post_id, "fork", 2, day="2026-05-11")
    assert (result["container_id"], result["idempotency_key"]) == expected


async def test_clone_identity_changes_with_the_day_and_with_a_request_key() -> None:
    base = clone_identity("prj_1", "pp_1", "fork", 2, day="2026-05-11")
    assert (
        len(
            {
                base,
                clone_identity("prj_1", "pp_1", "fork", 2, day="2026-05-12"),
                clone_identity("prj_1", "pp_1", "fork", 2, day="2026-05-11", request_key="k"),
                clone_identity("prj_1", "pp_1", "fork", 3, day="2026-05-11"),
            }
        )
        == 4
    )


async def test_wait_for_job_returns_running_within_its_bound(
    fake: FakeLayers, client: Client, tools: dict[str, Tool], demo: DemoHandles
) -> None:
    started = await tools["start_clone"](clone_args(demo.project_id, demo.breakout_post_id))
    seen: list[float] = []

    async def progress(done: float, total: float | None, message: str | None) -> None:
        seen.append(done)

    t0 = client.clock.now()
    result = await tools["wait_for_job"]({"job_id": started["job_id"], "timeout_seconds": 4}, progress=progress)
    assert (result["status"], result["finished"], client.clock.now() - t0 <= 4, len(seen) >= 1) == (
        "running",
        False,
        True,
        True,
    )


async def test_wait_for_job_reports_rising_progress_until_the_job_completes(
    tools: dict[str, Tool], demo: DemoHandles
) -> None:
    started = await tools["start_clone"](clone_args(demo.project_id, demo.breakout_post_id))
    seen: list[float] = []

    async def progress(done: float, total: float | None, message: str | None) -> None:
        seen.append(done)

    result = await tools["wait_for_job"]({"job_id": started["job_id"], "timeout_seconds": None}, progress=progress)
    assert (result["status"], seen[-1], seen == sorted(set(seen))) == ("completed", 1.0, True)


async def test_a_bad_argument_names_the_argument_and_the_rule(tools: dict[str, Tool], demo: DemoHandles) -> None:
    error = await _error(
        tools["rank_top_posts"], {"project_id": demo.project_id, "metric": None, "window": None, "limit": 500}
    )
    assert (error.kind, error.argument, "between 1 and 100" in str(error)) == ("invalid_argument", "limit", True)


async def test_an_unknown_project_is_not_found(tools: dict[str, Tool]) -> None:
    error = await _error(tools["list_pending_approvals"], {"project_id": "prj_unknown", "limit": None})
    assert (error.kind, "Check the id" in str(error)) == ("not_found", True)


async def test_a_429_says_how_long_to_wait(fake: FakeLayers, demo: DemoHandles) -> None:
    fake.faults.rate_limit(retry_after=30)
    made: Any = fake.client(key=demo.key, retry=RetryPolicy(attempts=1))
    async with made as client:
        error = await _error(build_tools(client)[0], {"status": None, "limit": None})
    assert (error.kind, error.retry_after, "wait 30 seconds" in str(error)) == ("rate_limited", 30, True)


async def test_a_kill_switch_says_a_human_must_act(fake: FakeLayers, demo: DemoHandles, tools: dict[str, Tool]) -> None:
    fake.kill_key(demo.key)
    error = await _error(tools["list_projects"], {"status": None, "limit": None})
    assert (error.kind, "A human must act" in str(error), "Do not retry" in str(error)) == (
        "human_required",
        True,
        True,
    )


async def test_a_missing_scope_says_a_human_must_act(fake: FakeLayers, demo: DemoHandles) -> None:
    key = fake.create_key(demo.org_id, scopes=("metrics:read",))
    made: Any = fake.client(key=key)
    async with made as client:
        tools = {t.name: t for t in build_tools(client, allow_writes=True)}
        error = await _error(tools["start_clone"], clone_args(demo.project_id, demo.breakout_post_id))
    assert (error.kind, "content:write" in str(error)) == ("human_required", True)


async def test_errors_never_carry_the_api_key(fake: FakeLayers, demo: DemoHandles, tools: dict[str, Tool]) -> None:
    fake.kill_key(demo.key)
    error = await _error(tools["list_projects"], {"status": None, "limit": None})
    assert demo.key.secret not in str(error)


async def test_a_retried_review_decision_replays_the_first_answer(tools: dict[str, Tool], demo: DemoHandles) -> None:
    started = await tools["start_clone"](clone_args(demo.project_id, demo.breakout_post_id))
    await tools["wait_for_job"]({"job_id": started["job_id"], "timeout_seconds": None})
    args = {"container_id": started["container_id"], "decision": "approve", "reason": "Sam: ship it"}
    first = await tools["decide_approval"](args)
    again = await tools["decide_approval"](args)
    assert (first["approval_status"], again) == ("approved", first)


async def test_a_second_different_decision_is_a_conflict(tools: dict[str, Tool], demo: DemoHandles) -> None:
    started = await tools["start_clone"](clone_args(demo.project_id, demo.breakout_post_id))
    await tools["wait_for_job"]({"job_id": started["job_id"], "timeout_seconds": None})
    await tools["decide_approval"]({"container_id": started["container_id"], "decision": "approve", "reason": "yes"})
    args = {"container_id": started["container_id"], "decision": "reject", "reason": "changed my mind"}
    error = await _error(tools["decide_approval"], args)
    assert (error.kind, "APPROVAL_STATE" in str(error)) == ("conflict", True)
