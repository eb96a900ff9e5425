"""``layers-async mcp --sandbox`` driven by a real MCP client: over stdio, and over streamable HTTP on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from mcp import Client as McpClient
from mcp.client.stdio import StdioServerParameters

from layers_async._cli import build_parser

pytestmark = pytest.mark.anyio

_MAIN = "import sys; from layers_async._cli import main; sys.exit(main())"
_READ_ONLY = 8


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("LAYERS_API_KEY", "LAYERS_BASE_URL")}


def test_mcp_parser_defaults_to_read_only_stdio() -> None:
    args = build_parser().parse_args(["mcp"])
    assert (args.http, args.sandbox, args.allow_writes, args.allow_approvals, args.port) == (
        False,
        False,
        False,
        False,
        8765,
    )


async def test_stdio_server_lists_and_calls_tools(anyio_backend: str) -> None:
    # The server runs on the same backend as the client, in its own process.
    params = StdioServerParameters(
        command=sys.executable, args=["-c", _MAIN, "mcp", "--sandbox", "--backend", anyio_backend], env=_env()
    )
    async with McpClient(params, mode="legacy") as session:
        names = [t.name for t in (await session.list_tools()).tools]
        result = await session.call_tool("list_projects", {"status": None, "limit": None})
    data: object = result.structured_content
    projects = [p["name"] for p in data["projects"]] if isinstance(data, dict) else []
    assert (len(names), result.is_error, "acme-todo" in projects) == (_READ_ONLY, False, True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def http_server(anyio_backend: str) -> Iterator[str]:
    """``layers-async mcp --http`` on the test's backend (hypercorn on asyncio or trio), stopped with Ctrl-C."""
    port = _free_port()
    cmd = [sys.executable, "-c", _MAIN, "mcp", "--sandbox", "--http", "--port", str(port), "--allow-writes"]
    proc = subprocess.Popen([*cmd, "--backend", anyio_backend], env=_env(), stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {proc.stderr.read() if proc.stderr else ''}") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        if proc.stderr:
            proc.stderr.close()


async def test_streamable_http_server_lists_and_calls_tools(http_server: str) -> None:
    async with McpClient(http_server) as session:
        names = [t.name for t in (await session.list_tools()).tools]
        result = await session.call_tool("find_breakouts", {"project_id": "prj_unknown", "window": None})
    assert (len(names), "start_clone" in names, result.is_error) == (_READ_ONLY + 2, True, True)
