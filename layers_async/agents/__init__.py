"""Layers tools for AI agents: framework-neutral specs, an MCP server, adapters for agent frameworks.

``build_tools(client)`` returns a small, task-level tool set (read-only unless writes or approvals
are enabled). Each `Tool` has a name, a description written for a model, closed JSON Schemas for
its arguments and result (flat, no ``$ref``), MCP behaviour hints, and is called with the model's
JSON arguments: ``await tool({...})``. A failure is a `ToolError` whose text says what to do.

``mcp_server(client)`` serves them over MCP (the ``mcp`` extra); ``to_openai_agents``,
``to_pydantic_ai`` and ``to_langchain`` build those frameworks' tool objects (asyncio only: they
run on asyncio alone).
"""

from typing import TYPE_CHECKING, Any

from layers_async._public import publish as _publish
from layers_async.agents._errors import ToolError
from layers_async.agents._schema import input_schema, output_schema
from layers_async.agents._spec import Tool, ToolAnnotations
from layers_async.agents._tools import build_tools
from layers_async.agents._write import clone_identity

if TYPE_CHECKING:
    from layers_async.agents._adapters import to_langchain, to_openai_agents, to_pydantic_ai
    from layers_async.agents._mcp import mcp_server

# Loaded on first use: each needs an optional dependency.
_LAZY = {
    "mcp_server": "layers_async.agents._mcp",
    "to_langchain": "layers_async.agents._adapters",
    "to_openai_agents": "layers_async.agents._adapters",
    "to_pydantic_ai": "layers_async.agents._adapters",
}


def __getattr__(name: str) -> Any:
    import importlib

    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'layers_async.agents' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "Tool",
    "ToolAnnotations",
    "ToolError",
    "build_tools",
    "clone_identity",
    "input_schema",
    "mcp_server",
    "output_schema",
    "to_langchain",
    "to_openai_agents",
    "to_pydantic_ai",
]

# Reprs and tracebacks name the public module (attrs annotations resolved first).
_publish(__name__, *(globals()[name] for name in __all__ if name in globals()))
