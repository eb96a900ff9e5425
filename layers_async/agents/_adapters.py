"""Adapters: the Layers tools as OpenAI Agents SDK, PydanticAI and LangChain tool objects.

Each framework is imported only when its adapter is called (none is a dependency of layers-async).
Those frameworks run on asyncio only, so their agents (and these tools inside them) do too; the
tools themselves, and `mcp_server`, run on asyncio and trio.

Every adapter hands the framework our own JSON Schema and an async callable; a result goes back as
JSON text (or data), and a `ToolError` goes back as its text so the model can act on it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from layers_async.agents._errors import ToolError
from layers_async.agents._spec import Tool

__all__ = ["to_langchain", "to_openai_agents", "to_pydantic_ai"]


def _need(module: str, extra: str) -> None:
    raise ImportError(f"this adapter needs {module}: pip install {extra}")


def to_openai_agents(tools: Iterable[Tool]) -> list[Any]:
    """The tools as OpenAI Agents SDK ``FunctionTool`` objects (strict JSON Schema).

    The model's JSON arguments are checked by our schema rules; a `ToolError` is returned to the
    model as text (``"invalid_argument: ..."``), never raised into the run.
    """
    try:
        from agents import FunctionTool
    except ImportError:
        _need("the OpenAI Agents SDK", "openai-agents")

    def make(tool: Tool) -> Any:
        async def invoke(context: Any, arguments: str) -> str:
            try:
                data = json.loads(arguments or "{}")
            except ValueError:
                return "invalid_argument: the arguments are not valid JSON"
            try:
                return json.dumps(await tool(data), ensure_ascii=False)
            except ToolError as exc:
                return str(exc)

        return FunctionTool(
            name=tool.name,
            description=tool.description,
            params_json_schema=tool.input_schema,
            on_invoke_tool=invoke,
            strict_json_schema=True,
        )

    return [make(tool) for tool in tools]


def to_pydantic_ai(tools: Iterable[Tool]) -> list[Any]:
    """The tools as PydanticAI ``Tool`` objects built with ``Tool.from_schema``.

    A bad argument raises ``ModelRetry`` (the model corrects it and calls again); any other
    `ToolError` raises ``ToolFailed`` (the model sees the failure and adapts, without retrying).
    """
    try:
        from pydantic_ai import ModelRetry
        from pydantic_ai import Tool as PydanticTool
        from pydantic_ai.exceptions import ToolFailed
    except ImportError:
        _need("PydanticAI", "pydantic-ai-slim")

    def make(tool: Tool) -> Any:
        async def call(**arguments: Any) -> Any:
            try:
                return await tool(arguments)
            except ToolError as exc:
                if exc.kind == "invalid_argument":
                    raise ModelRetry(str(exc)) from None
                raise ToolFailed(str(exc)) from None

        call.__name__ = tool.name
        return PydanticTool.from_schema(
            call, name=tool.name, description=tool.description, json_schema=tool.input_schema
        )

    return [make(tool) for tool in tools]


def to_langchain(tools: Iterable[Tool]) -> list[Any]:
    """The tools as LangChain ``StructuredTool`` objects whose ``args_schema`` is our JSON Schema (a dict).

    Async only (``ainvoke``). A `ToolError` becomes a ``ToolException``, which the tool turns into
    an error ``ToolMessage`` carrying the text (``handle_tool_error=True``).
    """
    try:
        from langchain_core.tools import StructuredTool, ToolException
    except ImportError:
        _need("LangChain", "langchain-core")

    def make(tool: Tool) -> Any:
        async def call(**arguments: Any) -> str:
            try:
                return json.dumps(await tool(arguments), ensure_ascii=False)
            except ToolError as exc:
                raise ToolException(str(exc)) from None

        return StructuredTool(
            name=tool.name,
            description=tool.description,
            args_schema=tool.input_schema,
            coroutine=call,
            handle_tool_error=True,
        )

    return [make(tool) for tool in tools]
