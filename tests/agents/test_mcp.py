"""Every tool through an in-memory MCP client session against the emulator (the official SDK, asyncio and trio)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import anyio
import jsonschema
import mcp_types as types
import pytest
from mcp import Client as McpClient

from layers_async import Client, Request, Response, RetryPolicy
from layers_async.agents import build_tools, mcp_server
from layers_async.testing import DemoHandles, FakeLayers
from tests.agents._helpers import clone_args

pytestmark = pytest.mark.anyio


def _text(result: types.CallToolResult) -> str:
    return " ".join(c.text for c in result.content if isinstance(c, types.TextContent))


class _Session:
    """An MCP client session on our server, plus the tools' output schemas to check results with."""

    def __init__(self, session: McpClient, client: Client) -> None:
        self.session = session
        self.schemas = {t.name: t.output_schema for t in build_tools(client, allow_writes=True, allow_approvals=True)}

    async def ok(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        result = await self.session.call_tool(name, args)
        assert (result.is_error, isinstance(result.structured_content, dict)) == (False, True), _text(result)
        data: dict[str, Any] = result.structured_content  # type: ignore[assignment]
        jsonschema.validate(data, self.schemas[name], cls=jsonschema.Draft202012Validator)
        return data

    async def error(self, name: str, args: dict[str, Any]) -> str:
        result = await self.session.call_tool(name, args)
        assert result.is_error is True
        return _text(result)


@pytest.fixture
async def mcp(client: Client) -> AsyncIterator[_Session]:
    server = mcp_server(client, allow_writes=True, allow_approvals=True)
    async with McpClient(server) as session:
        yield _Session(session, client)


@pytest.mark.parametrize(
    ("writes", "approvals", "count"), [(False, False, 8), (True, False, 10), (False, True, 10), (True, True, 12)]
)
async def test_write_and_approval_tools_are_listed_only_when_enabled(
    client: Client, writes: bool, approvals: bool, count: int
) -> None:
    async with McpClient(mcp_server(client, allow_writes=writes, allow_approvals=approvals)) as session:
        names = {t.name for t in (await session.list_tools()).tools}
    assert (len(names), "start_clone" in names, "decide_approval" in names) == (count, writes, approvals)


async def test_tools_are_listed_with_our_schemas_and_hints(client: Client) -> None:
    ours = {t.name: t for t in build_tools(client, allow_writes=True)}
    async with McpClient(mcp_server(client, allow_writes=True)) as session:
        listed = {t.name: t for t in (await session.list_tools()).tools}
    clone = listed["start_clone"]
    assert (clone.input_schema, clone.output_schema, clone.annotations and clone.annotations.read_only_hint) == (
        ours["start_clone"].input_schema,
        ours["start_clone"].output_schema,
        False,
    )


async def test_every_tool_answers_within_its_output_schema(mcp: _Session, demo: DemoHandles) -> None:
    pid = demo.project_id
    await mcp.ok("list_projects", {"status": "active", "limit": 10})
    await mcp.ok("rank_top_posts", {"project_id": pid, "metric": None, "window": "30d", "limit": 5})
    args = {"project_id": pid, "post_id": demo.breakout_post_id, "metrics": ["views", "likes"], "window": "7d"}
    await mcp.ok("get_post_metrics", {**args, "granularity": "week"})
    await mcp.ok("find_breakouts", {"project_id": pid, "window": None})
    await mcp.ok(
        "check_saturation", {"project_id": pid, "post_id": demo.saturated_source_id, "metric": None, "window": None}
    )
    started = await mcp.ok("start_clone", clone_args(pid, demo.breakout_post_id))
    await mcp.ok("get_job_status", {"job_id": started["job_id"]})
    done = await mcp.ok("wait_for_job", {"job_id": started["job_id"], "timeout_seconds": 60})
    pending = await mcp.ok("list_pending_approvals", {"project_id": pid, "limit": None})
    report = await mcp.ok("run_daily_loop", {"project_id": pid})
    decided = await mcp.ok(
        "decide_approval", {"container_id": started["container_id"], "decision": "approve", "reason": "Sam: ship it"}
    )
    schedule = {"container_id": started["container_id"], "social_account_id": demo.tiktok_account_id}
    scheduled = await mcp.ok(
        "schedule_post",
        {**schedule, "mode": "direct_publish", "publish_at": "2026-05-20T09:00:00Z", "caption_override": None},
    )
    assert (
        done["status"],
        started["container_id"] in [i["container_id"] for i in pending["items"]],
        report["decision"],
        decided["approval_status"],
        len(scheduled["scheduled_posts"]),
    ) == ("completed", True, "act", "approved", 1)


async def test_a_bad_argument_is_a_tool_error_naming_it(mcp: _Session, demo: DemoHandles) -> None:
    text = await mcp.error(
        "rank_top_posts", {"project_id": demo.project_id, "metric": "likes", "window": None, "limit": 5}
    )
    assert text.startswith("invalid_argument: metric must be one of")


async def test_an_unknown_argument_is_a_tool_error_naming_it(mcp: _Session) -> None:
    text = await mcp.error("list_projects", {"status": None, "limit": None, "page": 2})
    assert "unknown argument 'page'" in text


async def test_a_404_is_a_tool_error_saying_to_check_the_id(mcp: _Session) -> None:
    text = await mcp.error("get_job_status", {"job_id": "job_01JQ7M4K9XW2RTB6HNC3PVDE5F"})
    assert text.startswith("not_found:") and "Check the id" in text


async def test_a_429_is_a_tool_error_saying_how_long_to_wait(fake: FakeLayers, demo: DemoHandles) -> None:
    fake.faults.rate_limit(retry_after=12)
    made: Any = fake.client(key=demo.key, retry=RetryPolicy(attempts=1))
    async with made as client, McpClient(mcp_server(client)) as session:
        result = await session.call_tool("list_projects", {"status": None, "limit": None})
    assert (result.is_error, "wait 12 seconds" in _text(result)) == (True, True)


async def test_a_kill_switch_is_a_tool_error_saying_a_human_must_act(
    fake: FakeLayers, demo: DemoHandles, mcp: _Session
) -> None:
    fake.suspend_org(demo.org_id)
    text = await mcp.error("find_breakouts", {"project_id": demo.project_id, "window": None})
    assert text.startswith("human_required:") and "organization is disabled" in text


async def test_a_retried_clone_starts_one_job(fake: FakeLayers, demo: DemoHandles, mcp: _Session) -> None:
    before = fake.job_count(demo.project_id)
    first = await mcp.ok("start_clone", clone_args(demo.project_id, demo.breakout_post_id))
    second = await mcp.ok("start_clone", clone_args(demo.project_id, demo.breakout_post_id))
    assert (fake.job_count(demo.project_id) - before, second["job_id"]) == (1, first["job_id"])


async def test_wait_for_job_sends_progress_and_returns_within_its_bound(
    client: Client, demo: DemoHandles, mcp: _Session
) -> None:
    started = await mcp.ok("start_clone", clone_args(demo.project_id, demo.breakout_post_id))
    seen: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total, message))

    t0 = client.clock.now()
    result = await mcp.session.call_tool(
        "wait_for_job", {"job_id": started["job_id"], "timeout_seconds": 6}, progress_callback=on_progress
    )
    data: Any = result.structured_content
    assert (data["status"], client.clock.now() - t0 <= 6, len(seen) >= 1, seen[0][1]) == ("running", True, True, 1.0)


class _Blocking:
    """A transport whose ``top-performers`` requests hang until cancelled (and say so)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.started = anyio.Event()
        self.cancelled = anyio.Event()

    async def handle_request(self, request: Request) -> Response:
        if "/top-performers" in request.url:
            self.started.set()
            try:
                await anyio.sleep_forever()
            finally:
                self.cancelled.set()
        response: Response = await self.inner.handle_request(request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_cancelling_the_call_cancels_the_sdk_request(fake: FakeLayers, demo: DemoHandles, mode: str) -> None:
    gate = _Blocking(fake.transport())
    client = Client(api_key=demo.key.secret, transport=gate, base_url="https://api.layers.com", clock=fake.clock)
    args = {"project_id": demo.project_id, "metric": "views", "window": None, "limit": None}
    async with client, McpClient(mcp_server(client), mode=mode) as session:
        with anyio.fail_after(10):
            async with anyio.create_task_group() as tg:
                tg.start_soon(session.call_tool, "rank_top_posts", args)
                await gate.started.wait()
                tg.cancel_scope.cancel()
            await gate.cancelled.wait()
    assert gate.cancelled.is_set()
