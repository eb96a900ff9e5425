"""``layers-async mcp``: serve the Layers agent tools over MCP (stdio, or streamable HTTP on 127.0.0.1).

Streamable HTTP runs on hypercorn, an ASGI server that runs on asyncio and on trio alike (uvicorn
runs on asyncio only). Needs the ``mcp`` extra: ``pip install 'layers-async[mcp]'``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import TYPE_CHECKING, Any

import anyio

from layers_async.errors import InvalidRequestError

if TYPE_CHECKING:
    from layers_async import Client

__all__ = ["MCP_EXAMPLES", "MCP_SUMMARY", "add_mcp_arguments", "run_mcp"]

_SANDBOX_SPEED = 10.0  # the sandbox's clock runs 10x: a clone takes ~1.5 s of real time


MCP_SUMMARY = "serve the Layers agent tools over MCP (stdio by default; read-only unless allowed)"
MCP_EXAMPLES = ["mcp --sandbox", "mcp --http --port 8765 --allow-writes", "mcp --sandbox --backend trio"]


def add_mcp_arguments(mcp: argparse.ArgumentParser) -> None:
    """The ``mcp`` command's options (it uses ``LAYERS_API_KEY`` unless ``--sandbox``)."""
    mcp.add_argument(
        "--backend", choices=("asyncio", "trio"), default="asyncio", help="event loop to run on (e.g. --backend trio)"
    )
    mcp.add_argument("--debug", action="store_true", help="show tracebacks (e.g. --debug)")
    mcp.add_argument(
        "--sandbox", action="store_true", help="serve the in-process demo world, no key needed (e.g. mcp --sandbox)"
    )
    mcp.add_argument(
        "--http", action="store_true", help="streamable HTTP on 127.0.0.1 instead of stdio (e.g. mcp --http)"
    )
    mcp.add_argument("--port", type=int, default=8765, help="HTTP port on 127.0.0.1, default 8765 (e.g. --port 9000)")
    mcp.add_argument(
        "--allow-writes", action="store_true", help="offer start_clone and run_daily_loop (e.g. --allow-writes)"
    )
    mcp.add_argument(
        "--allow-approvals",
        action="store_true",
        help="offer decide_approval and schedule_post, for a human's decisions (e.g. --allow-approvals)",
    )


@asynccontextmanager
async def _client(sandbox: bool) -> AsyncIterator[Client]:
    if not sandbox:
        from layers_async._cli._env import client_from_env

        async with client_from_env() as client:
            yield client
        return
    from layers_async.testing import FakeLayers, RealClock

    fake = FakeLayers(seed=0, clock=RealClock(speed=_SANDBOX_SPEED))
    demo = fake.demo()
    async with fake.client(key=demo.key) as sandbox_client:
        yield sandbox_client


async def _serve(args: argparse.Namespace) -> int:
    from layers_async.agents import mcp_server

    async with _client(args.sandbox) as client:
        server = mcp_server(client, allow_writes=args.allow_writes, allow_approvals=args.allow_approvals)
        if not args.http:
            from mcp.server.stdio import stdio_server

            async with stdio_server() as (read, write):
                await server.run(read, write, server.create_initialization_options())
            return 0
        from hypercorn.config import Config

        config = Config()
        config.bind = [f"127.0.0.1:{args.port}"]
        config.accesslog = None
        app: Any = server.streamable_http_app(host="127.0.0.1")
        print(f"layers-async mcp: serving on http://127.0.0.1:{args.port}/mcp", file=sys.stderr, flush=True)
        if args.backend == "trio":
            from hypercorn.trio import serve as serve_trio

            await serve_trio(app, config)
        else:
            from hypercorn.asyncio import serve as serve_asyncio

            await serve_asyncio(app, config)
    return 0


def run_mcp(args: argparse.Namespace) -> int:
    """Run ``layers-async mcp`` until the client disconnects (stdio) or Ctrl-C (HTTP)."""
    if args.port is not None and not 0 < args.port < 65536:
        raise InvalidRequestError("--port must be 1-65535", argument="port")
    try:
        import hypercorn  # noqa: F401
        import mcp  # noqa: F401
    except ImportError as exc:
        raise InvalidRequestError(
            f"layers-async mcp needs the mcp extra: pip install 'layers-async[mcp]' ({exc})", argument="mcp"
        ) from None
    code: int = anyio.run(partial(_serve, args), backend=args.backend)
    return code
