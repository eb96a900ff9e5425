"""The schema generator and every tool's schemas: valid draft 2020-12, flat, closed, agreeing with the SDK's checks."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layers_async.agents import Tool, ToolError, build_tools, input_schema, output_schema
from layers_async.agents._args import ID_PATTERN, INSTANT_PATTERN
from layers_async.models import RankingWindow
from layers_async.testing import FakeLayers

Validator = jsonschema.Draft202012Validator


@attrs.frozen(kw_only=True)
class _Inner:
    name: str
    score: float | None


@attrs.frozen(kw_only=True)
class _Outer:
    when: datetime
    window: RankingWindow
    kind: Literal["a", "b"]
    values: dict[str, float]
    inner: tuple[_Inner, ...]
    best: _Inner | None


@attrs.frozen(kw_only=True)
class _Args:
    limit: int = attrs.field(default=5, metadata={"schema": {"minimum": 1}})
    window: RankingWindow


def _all_tools() -> list[Tool]:
    fake = FakeLayers()
    client: Any = fake.client()
    return build_tools(client, allow_writes=True, allow_approvals=True)


TOOLS = _all_tools()
TOOL_IDS = [t.name for t in TOOLS]
VALIDATORS = {t.name: Validator(t.input_schema) for t in TOOLS}


def test_output_schema_inlines_nested_models_and_keeps_maps() -> None:
    inner = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "score": {"type": ["number", "null"]}},
        "required": ["name", "score"],
        "additionalProperties": False,
    }
    schema = output_schema(_Outer)
    assert schema["properties"]["values"] == {"type": "object", "additionalProperties": {"type": "number"}}
    assert schema["properties"]["inner"]["items"] == inner
    assert schema["properties"]["best"] == {"anyOf": [inner, {"type": "null"}]}
    assert schema["properties"]["when"] == {"type": "string", "format": "date-time"}


def test_output_enums_stay_open_but_literals_are_closed() -> None:
    props = output_schema(_Outer)["properties"]
    assert ("enum" in props["window"], props["kind"]["enum"]) == (False, ["a", "b"])


def test_input_schema_is_closed_with_every_property_required_and_null_for_defaults() -> None:
    schema = input_schema(_Args)
    assert schema == {
        "type": "object",
        "properties": {
            "limit": {"type": ["integer", "null"], "minimum": 1},
            "window": {"type": "string", "enum": ["7d", "30d", "90d"]},
        },
        "required": ["limit", "window"],
        "additionalProperties": False,
    }


def test_input_schema_refuses_a_map() -> None:
    @attrs.frozen
    class WithMap:
        values: dict[str, int]

    with pytest.raises(TypeError, match="closed"):
        input_schema(WithMap)


@pytest.mark.parametrize("tool", TOOLS, ids=TOOL_IDS)
def test_every_schema_is_valid_draft_2020_12_without_refs(tool: Tool) -> None:
    for schema in (tool.input_schema, tool.output_schema):
        Validator.check_schema(schema)
        text = json.dumps(schema)
        assert ("$ref" in text, "$defs" in text, schema["type"]) == (False, False, "object")


def _objects(schema: Any) -> list[dict[str, Any]]:
    """Every object schema with properties, nested ones included."""
    found: list[dict[str, Any]] = []
    if isinstance(schema, dict):
        if "properties" in schema:
            found.append(schema)
        for value in schema.values():
            found += _objects(value)
    elif isinstance(schema, list):
        for value in schema:
            found += _objects(value)
    return found


@pytest.mark.parametrize("tool", TOOLS, ids=TOOL_IDS)
def test_input_schemas_are_closed_and_require_every_property(tool: Tool) -> None:
    for obj in _objects(tool.input_schema):
        assert (obj["additionalProperties"], sorted(obj["required"])) == (False, sorted(obj["properties"]))


@pytest.mark.parametrize("tool", TOOLS, ids=TOOL_IDS)
def test_every_argument_has_a_description(tool: Tool) -> None:
    assert [name for name, prop in tool.input_schema["properties"].items() if not prop.get("description")] == []


# -- schema and SDK checks agree ---------------------------------------------------------------------

_STRINGS = [
    "",
    " ",
    "x",
    "prj_3e8b1f6a-92d4-4c07-8a5e-d41c7f2b9e60",
    "pp_01JPZ8D3R6T9V2XB4NQ7KM5HCA",
    "job_01JQ7M4K9XW2RTB6HNC3PVDE5F",
    "7301122334455667788",
    "-leading-dash",
    "a/b",
    "a b",
    "a%2F",
    ".",
    "..",
    "abc\n",
    "abc\n\n",
    "\ud800",
    "ok\udfff",
    "é",
    "x" * 64,
    "x" * 65,
    "x" * 200,
    "x" * 201,
    "y" * 1024,
    "y" * 1025,
    "req-1:a.b_c",
    "2026-05-11T09:30:00Z",
    "2026-05-11T09:30:00.123456Z",
    "2026-05-11T09:30:00.1234567Z",
    "2026-02-29T00:00:00Z",
    "2024-02-29T23:59:59Z",
    "2026-05-11T24:00:00Z",
    "2026-05-11T09:30:00+02:00",
    "2026-05-11",
    "2026-05-11t09:30:00z",
    "2100-01-01T00:00:00Z",
]
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 250),
    st.sampled_from([0, 1, 2, 10, 11, 60, 61, 100, 101, 2**70, -(2**70)]),
    st.sampled_from([1.0, 2.0, 5.0, 2.5, 60.0, 61.0, 1e20, -0.0]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(_STRINGS),
    st.text(max_size=6),
)


def _value(prop: dict[str, Any]) -> st.SearchStrategy[Any]:
    known = [v for v in prop.get("enum", []) if v is not None]
    items = list(prop.get("items", {}).get("enum", []))
    lists = st.lists(st.one_of(st.sampled_from(items or ["x"]), _SCALARS), max_size=3)
    options = [_SCALARS, lists, st.dictionaries(st.text(max_size=3), _SCALARS, max_size=2)]
    if known:
        options.insert(0, st.sampled_from(known))
    return st.one_of(*options)


_IDS = ["prj_3e8b1f6a-92d4-4c07-8a5e-d41c7f2b9e60", "pp_01JPZ8D3R6T9V2XB4NQ7KM5HCA", "7301122334455667788"]
_INSTANTS = st.datetimes(datetime(2000, 1, 1), datetime(2099, 12, 31, 23, 59, 59)).map(
    lambda d: d.isoformat(timespec=["seconds", "milliseconds", "microseconds"][d.microsecond % 3]) + "Z"
)


def _good(prop: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values the property's own rule allows (mostly), drawn without looking at the SDK's checks."""
    types = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
    options: list[st.SearchStrategy[Any]] = [st.none()] if "null" in types else []
    pattern = prop.get("pattern", "")
    if "enum" in prop:
        options.append(st.sampled_from([v for v in prop["enum"] if v is not None]))
    elif "integer" in types:
        options.append(st.integers(prop["minimum"], prop["maximum"]))
    elif "boolean" in types:
        options.append(st.booleans())
    elif "array" in types:
        options.append(st.lists(st.sampled_from(prop["items"]["enum"]), min_size=1, max_size=4))
    elif pattern == ID_PATTERN:
        options += [st.sampled_from(_IDS), st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.~-]{0,40}", fullmatch=True)]
    elif pattern == INSTANT_PATTERN:
        options.append(_INSTANTS)
    elif "maxLength" in prop and prop["maxLength"] <= 64:
        options.append(st.from_regex(r"[A-Za-z0-9_.:-]{1,64}", fullmatch=True))
    else:
        options.append(st.text(min_size=prop.get("minLength", 0), max_size=40))
    return st.one_of(*options)


@st.composite
def _arguments(draw: st.DrawFn, tool: Tool) -> Any:
    props = tool.input_schema["properties"]
    args = {}
    for name, prop in props.items():
        bad = draw(st.integers(0, 9)) == 0
        args[name] = draw(_value(prop) if bad else _good(prop))
    for name in list(args):
        if draw(st.integers(0, 40)) == 0:
            del args[name]  # a missing argument
    if draw(st.integers(0, 40)) == 0:
        args[draw(st.sampled_from(["extra", "projectId", "limit "]))] = 1  # an unknown one
    if draw(st.integers(0, 80)) == 0:
        return draw(st.sampled_from([[], "x", None, 3]))  # not an object at all
    return args


def _sdk_accepts(tool: Tool, args: Any) -> bool:
    try:
        tool.parse(args)
    except ToolError as exc:
        if exc.kind != "invalid_argument":
            raise
        return False
    return True


@pytest.mark.parametrize("tool", TOOLS, ids=TOOL_IDS)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_input_schema_accepts_exactly_what_the_sdk_checks_accept(tool: Tool, data: st.DataObject) -> None:
    args = data.draw(_arguments(tool))
    assert VALIDATORS[tool.name].is_valid(args) == _sdk_accepts(tool, args), args


@pytest.mark.parametrize("tool", TOOLS, ids=TOOL_IDS)
def test_all_nulls_is_valid_exactly_when_no_argument_is_required_beyond_defaults(tool: Tool) -> None:
    args = dict.fromkeys(tool.input_schema["properties"])
    assert Validator(tool.input_schema).is_valid(args) == _sdk_accepts(tool, args)
