"""JSON Schema from attrs models: flat and inlined, the form every agent framework and MCP client accepts.

Pydantic cannot describe attrs classes, so the agent tools describe their arguments and results with
this one generator. Every schema is self-contained (no ``$ref``/``$defs``), draft 2020-12.

* **Input** schemas are closed (``additionalProperties: false``) and list every property as
  required; an optional argument allows ``null`` (OpenAI's strict mode and the fussiest MCP
  clients accept nothing looser). Enums are closed.
* **Output** schemas list every property as required too (results always carry every key), keep
  maps (``dict[str, float]`` becomes an object of numbers) and leave enums open: the API grows.

A field's ``metadata`` may carry ``description`` and ``schema`` (extra keywords such as ``minimum``
or ``pattern``, applied to the non-null part of the type).
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

import attrs

__all__ = ["Mode", "input_schema", "output_schema", "schema_for"]

Mode = Literal["input", "output"]
_NONE = type(None)
_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    _NONE: {"type": "null"},
}


def input_schema(cls: type[Any]) -> dict[str, Any]:
    """The closed object schema of an attrs class whose fields are a tool's arguments."""
    return _object(cls, "input")


def output_schema(cls: type[Any]) -> dict[str, Any]:
    """The object schema of an attrs class a tool returns (as ``attrs.asdict`` would dump it)."""
    return _object(cls, "output")


def schema_for(tp: Any, mode: Mode) -> dict[str, Any]:
    """The schema of one Python type (an attrs class, a scalar, an enum, a union, a tuple or a mapping).

    Raises:
        TypeError: The type has no JSON form here (or, in input mode, is a map: inputs are closed).
    """
    if tp in _SCALARS:
        return dict(_SCALARS[tp])
    if tp is Any:
        if mode == "input":
            raise TypeError("an input argument needs a concrete type")
        return {}
    if tp is datetime:
        return {"type": "string", "format": "date-time"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _enum([m.value for m in tp], mode)
    if isinstance(tp, type) and attrs.has(tp):
        return _object(tp, mode)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is Literal:
        return _enum(list(args), "input")  # a Literal is closed on purpose, even in results
    if origin in (typing.Union, types.UnionType):
        return _union(args, mode)
    if origin in (tuple, list, Sequence) and args and (origin is not tuple or args[-1] is Ellipsis):
        return {"type": "array", "items": schema_for(args[0], mode)}
    if origin in (dict, Mapping) and len(args) == 2 and args[0] is str:
        if mode == "input":
            raise TypeError("input schemas are closed: use an attrs class, not a map")
        return {"type": "object", "additionalProperties": schema_for(args[1], mode)}
    raise TypeError(f"no JSON Schema for {tp!r}")


def _enum(values: list[Any], mode: Mode) -> dict[str, Any]:
    kinds = {type(v) for v in values}
    json_type = "string" if kinds <= {str} else "integer" if kinds <= {int} else None
    schema: dict[str, Any] = {} if json_type is None else {"type": json_type}
    if mode == "input":
        schema["enum"] = list(values)
    else:
        schema["description"] = "Known values: " + ", ".join(map(str, values)) + " (others may appear)."
    return schema


def _union(args: tuple[Any, ...], mode: Mode) -> dict[str, Any]:
    nullable = _NONE in args
    rest = [a for a in args if a is not _NONE]
    if set(rest) == {int, float}:
        rest = [float]
    if len(rest) != 1:
        parts = [schema_for(a, mode) for a in rest]
        return {"anyOf": parts + ([{"type": "null"}] if nullable else [])}
    inner = schema_for(rest[0], mode)
    return _nullable(inner) if nullable else inner


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """Allow ``null`` beside a schema: in ``type`` (and ``enum``) when it has one, else with ``anyOf``."""
    json_type = schema.get("type")
    if isinstance(json_type, str) and json_type != "object":
        out = dict(schema, type=[json_type, "null"])
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
        return out
    return {"anyOf": [schema, {"type": "null"}]}


def _field_schema(field: attrs.Attribute[Any], tp: Any, mode: Mode) -> dict[str, Any]:
    """A field's schema: its type, its ``metadata["schema"]`` keywords, and ``null`` where it is optional.

    An input argument with a default is optional too: ``null`` asks for the default.
    """
    args = typing.get_args(tp) if typing.get_origin(tp) in (typing.Union, types.UnionType) else ()
    inner = [a for a in args if a is not _NONE]
    nullable = _NONE in args or (mode == "input" and field.default is not attrs.NOTHING)
    if len(inner) == 1:
        tp = inner[0]
    elif inner:
        nullable = False  # a wider union keeps its own null branch
    schema = schema_for(tp, mode)
    schema.update(field.metadata.get("schema") or {})
    if nullable:
        schema = _nullable(schema)
    description = field.metadata.get("description")
    if description:
        known = schema.get("description")
        schema["description"] = f"{description} {known}" if known else description
    return schema


def _object(cls: type[Any], mode: Mode) -> dict[str, Any]:
    # Resolved against the module the class was written in (its __module__ may name a public one).
    hints = {field.name: field.type for field in attrs.fields(attrs.resolve_types(cls))}
    properties = {f.name: _field_schema(f, hints[f.name], mode) for f in attrs.fields(cls)}
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    doc = (cls.__doc__ or "").strip().splitlines()
    if doc and mode == "output":
        schema["description"] = doc[0]
    return schema
