"""`Tool`: one framework-neutral tool spec (name, description, schemas, hints, an async callable)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

import attrs

from layers_async.agents._args import parse_arguments
from layers_async.agents._errors import tool_error_from
from layers_async.agents._results import dump, jsonable
from layers_async.agents._schema import input_schema, output_schema
from layers_async.errors import LayersError

__all__ = ["READ_ONLY", "Progress", "Tool", "ToolAnnotations", "make_tool"]


class Progress(Protocol):
    """Where a tool reports progress while it waits: ``await progress(done, total, message)``."""

    def __call__(self, progress: float, total: float | None, message: str | None, /) -> Awaitable[None]: ...


Run = Callable[[Any, "Progress | None"], Awaitable[Any]]


@attrs.frozen(kw_only=True)
class ToolAnnotations:
    """MCP's behaviour hints for a tool (hints for clients, not guarantees).

    Attributes:
        read_only: Changes nothing.
        destructive: May undo or overwrite something (approving or scheduling content is final).
        idempotent: Calling again with the same arguments has no further effect.
        open_world: Reaches beyond the Layers account (publishing to a social platform does).
    """

    read_only: bool
    destructive: bool
    idempotent: bool
    open_world: bool

    def to_mcp(self) -> dict[str, bool]:
        """The hints under MCP's names (``readOnlyHint``, ...)."""
        return {
            "readOnlyHint": self.read_only,
            "destructiveHint": self.destructive,
            "idempotentHint": self.idempotent,
            "openWorldHint": self.open_world,
        }


READ_ONLY = ToolAnnotations(read_only=True, destructive=False, idempotent=True, open_world=False)


@attrs.frozen(kw_only=True)
class Tool:
    """A Layers tool for an agent, bound to one client.

    Call it with the model's JSON arguments: ``await tool({"project_id": ...})``. It returns
    JSON-ready data matching `output_schema`, or raises `ToolError` whose text tells the model what
    to do (fix an argument, wait, or stop because a human must act).

    Attributes:
        name: The tool's name (``snake_case``).
        title: A short human title.
        description: Written for a model: when to use it, what it costs, what comes back.
        input_schema: Closed JSON Schema of the arguments (every property required, ``null`` for defaults).
        output_schema: JSON Schema of the result.
        annotations: MCP behaviour hints.
        arguments: The attrs class the arguments are parsed into.
    """

    name: str
    title: str
    description: str
    input_schema: dict[str, Any]
    output_schema: dict[str, Any]
    annotations: ToolAnnotations
    arguments: type[Any]
    _run: Run = attrs.field(alias="run", repr=False)

    def parse(self, arguments: object) -> Any:
        """Check ``arguments`` (the SDK's checks, no I/O) and return the parsed arguments.

        Raises:
            ToolError: ``kind == "invalid_argument"``, naming the argument and the rule.
        """
        return parse_arguments(self.arguments, arguments)

    async def __call__(self, arguments: Mapping[str, Any] | None, *, progress: Progress | None = None) -> Any:
        """Run the tool on JSON arguments; returns JSON-ready data.

        Raises:
            ToolError: A bad argument or a failed call, worded for the model.
        """
        parsed = self.parse({} if arguments is None else arguments)
        try:
            result = await self._run(parsed, progress)
        except LayersError as exc:
            raise tool_error_from(exc) from None
        return jsonable(result) if isinstance(result, dict) else dump(result)


def make_tool(
    name: str,
    title: str,
    description: str,
    arguments: type[Any],
    result: type[Any],
    run: Run,
    annotations: ToolAnnotations = READ_ONLY,
    extra_output: Mapping[str, Any] | None = None,
) -> Tool:
    """Build a `Tool`, generating its schemas from the ``arguments`` and ``result`` classes."""
    out = output_schema(result)
    if extra_output:
        out["properties"].update(extra_output)
        out["required"] = list(out["properties"])
    return Tool(
        name=name,
        title=title,
        description=description,
        input_schema=input_schema(arguments),
        output_schema=out,
        annotations=annotations,
        arguments=arguments,
        run=run,
    )
