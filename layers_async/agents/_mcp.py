"""`mcp_server`: the Layers tools over the Model Context Protocol (the official SDK's low-level server).

Needs the ``mcp`` extra: ``pip install 'layers-async[mcp]'``. Our own schemas are served as they
are (the SDK's decorators would derive them with pydantic, which cannot read attrs models).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

try:
    import mcp_types as types
    from mcp.server.lowlevel import Server
except ImportError as exc:  # pragma: no cover - depends on the install
    raise ImportError("layers_async.agents.mcp_server needs the mcp extra: pip install 'layers-async[mcp]'") from exc

from layers_async._version import __version__
from layers_async.agents._errors import ToolError
from layers_async.agents._spec import Tool
from layers_async.agents._tools import build_tools

if TYPE_CHECKING:
    from mcp.server.context import ServerRequestContext

    from layers_async import Client

__all__ = ["INSTRUCTIONS", "mcp_server"]

INSTRUCTIONS = (
    "Layers tools: read how a project's social posts perform, find breakouts, clone them, and follow the jobs. "
    "Start with list_projects, then rank_top_posts or find_breakouts. Respect the verdicts: below the noise "
    "floor or when provisional, do not act. Clones are held for human review; never approve on a human's "
    "behalf. A tool error says what to do: fix the argument, wait, or stop because a human must act."
)


def _describe(tool: Tool) -> types.Tool:
    return types.Tool(
        name=tool.name,
        title=tool.title,
        description=tool.description,
        input_schema=tool.input_schema,
        output_schema=tool.output_schema,
        annotations=types.ToolAnnotations(
            title=tool.title,
            read_only_hint=tool.annotations.read_only,
            destructive_hint=tool.annotations.destructive,
            idempotent_hint=tool.annotations.idempotent,
            open_world_hint=tool.annotations.open_world,
        ),
    )


def _error(text: str) -> types.CallToolResult:
    return types.CallToolResult(content=[types.TextContent(type="text", text=text)], is_error=True)


def mcp_server(
    client: Client,
    *,
    allow_writes: bool = False,
    allow_approvals: bool = False,
    name: str = "layers",
) -> Server[Any]:
    """An MCP server (``mcp.server.lowlevel.Server``) offering the Layers tools of `build_tools`.

    Run it with ``await server.run(read, write, server.create_initialization_options())`` on any
    transport, or serve ``server.streamable_http_app()`` with an ASGI server (on trio, use hypercorn;
    uvicorn runs on asyncio only). ``layers-async mcp`` does both.

    Each call reports progress while ``wait_for_job`` waits (when the client sent a progress token);
    a client's ``notifications/cancelled`` cancels the call, and the SDK request in flight with it.
    A `ToolError` comes back as a tool result with ``isError`` and the error's text.

    Args:
        client: The Layers client every tool calls; it stays yours to close.
        allow_writes: Offer ``start_clone`` and ``run_daily_loop``.
        allow_approvals: Offer ``decide_approval`` and ``schedule_post``.
        name: The server's name in the MCP handshake.
    """
    tools = build_tools(client, allow_writes=allow_writes, allow_approvals=allow_approvals)
    by_name = {tool.name: tool for tool in tools}
    listing = types.ListToolsResult(tools=[_describe(tool) for tool in tools])

    async def list_tools(
        ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return listing

    async def call_tool(ctx: ServerRequestContext[Any], params: types.CallToolRequestParams) -> types.CallToolResult:
        tool = by_name.get(params.name)
        if tool is None:
            return _error(f"invalid_argument: no tool named {params.name!r}; the tools are {', '.join(by_name)}")

        async def progress(done: float, total: float | None, message: str | None) -> None:
            await ctx.session.report_progress(done, total, message)

        try:
            data = await tool(params.arguments or {}, progress=progress)
        except ToolError as exc:
            return _error(str(exc))
        text = json.dumps(data, ensure_ascii=False)
        return types.CallToolResult(content=[types.TextContent(type="text", text=text)], structured_content=data)

    return Server(
        name,
        version=__version__,
        instructions=INSTRUCTIONS,
        get_tool_input_schema=lambda tool_name: by_name[tool_name].input_schema if tool_name in by_name else None,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )
