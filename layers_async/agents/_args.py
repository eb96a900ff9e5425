"""Tool arguments: one declaration gives both the JSON Schema rule and the SDK check that enforces it.

Each argument is an attrs field made by one of the helpers below (`ident`, `choice`, `int_range`,
`flag`, `text`, `choice_list`). Its ``metadata["schema"]`` is what the schema generator writes;
its ``metadata["check"]`` is the SDK's own argument check (plus, for ids and free text, the
pattern the schema states, which only narrows what the SDK accepts). `parse_arguments` applies
the JSON shape rules (an object, no unknown or missing key, ``null`` only where optional) and
then every check, so a schema-valid object and a parsable one are the same thing.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar, cast

import attrs

from layers_async._checks import (
    check_bool,
    check_choice,
    check_choices,
    check_instant,
    check_int_range,
    check_str,
    path_id,
)
from layers_async.agents._errors import ToolError
from layers_async.errors import InvalidRequestError

__all__ = [
    "ID_PATTERN",
    "INSTANT_PATTERN",
    "TEXT_PATTERN",
    "choice",
    "choice_list",
    "flag",
    "ident",
    "instant",
    "int_range",
    "parse_arguments",
    "text",
]

T = TypeVar("T")
Check = Callable[[str, Any], Any]

#: Ids as the API mints them (``prj_…``, ``pp_…``, ``job_…``, uuids) and platforms' native ids:
#: letters, digits and ``_ . ~ -``, starting with a letter or digit, at most 200 characters.
#: The look-ahead refuses a trailing newline, which ``$`` alone would let through.
ID_PATTERN = r"^(?!.*\n)[A-Za-z0-9][A-Za-z0-9_.~-]{0,199}$"
_DATE = (
    r"(?:20\d\d-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2[0-8]))|20(?:[02468][048]|[13579][26])-02-29)"
)
#: A UTC instant in 2000-2099 whose date exists (leap days included): every match is an instant the
#: SDK accepts, so the pattern alone decides.
INSTANT_PATTERN = rf"^(?!.*\n){_DATE}T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{{1,6}})?Z$"
#: Free text: anything but a lone surrogate (no UTF-8 body can carry one).
TEXT_PATTERN = r"^[^\ud800-\udfff]*$"


def _meta(description: str, schema: dict[str, Any], check: Check) -> dict[str, Any]:
    return {"description": description, "schema": schema, "check": check}


def _pattern_check(pattern: str, rule: str, then: Check) -> Check:
    compiled = re.compile(pattern)

    def check(name: str, value: Any) -> Any:
        if isinstance(value, str) and compiled.search(value) is None:
            raise InvalidRequestError(f"{name} must be {rule}; got {value!r}", argument=name)
        return then(name, value)

    return check


def ident(description: str, *, in_path: bool = True) -> Any:
    """A required id argument (checked by the SDK's path-id or string check)."""

    def sdk(name: str, value: Any) -> Any:
        if in_path:
            path_id(name, value)
            return value
        return check_str(name, value)

    check = _pattern_check(ID_PATTERN, "an id of letters, digits and _ . ~ - (at most 200 characters)", sdk)
    schema = {"minLength": 1, "maxLength": 200, "pattern": ID_PATTERN}
    return attrs.field(metadata=_meta(description, schema, check))


def choice(description: str, values: Iterable[str], *, default: str | None = None, required: bool = False) -> Any:
    """One of ``values``; unless ``required``, ``null`` means ``default``."""
    allowed = frozenset(values)
    schema = {"enum": sorted(allowed)}
    return attrs.field(
        default=attrs.NOTHING if required else default,
        metadata=_meta(description, schema, lambda n, v: check_choice(n, v, allowed)),
    )


def int_range(description: str, low: int, high: int, *, default: int | None = None) -> Any:
    """An integer in ``low..high``; ``null`` means ``default``."""
    schema = {"minimum": low, "maximum": high}
    return attrs.field(
        default=default, metadata=_meta(description, schema, lambda n, v: check_int_range(n, v, low, high))
    )


def flag(description: str, *, default: bool = False) -> Any:
    """A boolean; ``null`` means ``default``."""
    return attrs.field(default=default, metadata=_meta(description, {}, check_bool))


def text(
    description: str,
    *,
    min_len: int = 1,
    max_len: int | None = None,
    pattern: str = TEXT_PATTERN,
    rule: str = "valid Unicode text",
    optional: bool = False,
) -> Any:
    """Text of ``min_len``..``max_len`` characters matching ``pattern``; ``optional`` allows ``null``."""
    schema: dict[str, Any] = {"minLength": min_len, "pattern": pattern}
    if max_len is not None:
        schema["maxLength"] = max_len
    check = _pattern_check(pattern, rule, lambda n, v: check_str(n, v, min_len=min_len, max_len=max_len))
    return attrs.field(default=None if optional else attrs.NOTHING, metadata=_meta(description, schema, check))


def instant(description: str) -> Any:
    """A UTC instant, ``2026-05-11T09:30:00Z`` (years 2000-2099, real calendar dates only)."""
    check = _pattern_check(
        INSTANT_PATTERN, "a UTC instant like 2026-05-11T09:30:00Z", lambda n, v: check_instant(n, v)[0]
    )
    return attrs.field(metadata=_meta(description, {"pattern": INSTANT_PATTERN}, check))


def choice_list(description: str, values: Iterable[str]) -> Any:
    """A non-empty list of ``values`` (duplicates are dropped); ``null`` means the tool's default."""
    allowed = frozenset(values)

    def check(name: str, value: Any) -> Any:
        if not isinstance(value, list):
            raise InvalidRequestError(f"{name} must be a list of values, got {value!r}", argument=name)
        picked = check_choices(name, value, allowed) or []
        if not picked:
            raise InvalidRequestError(f"{name} must name at least one value", argument=name)
        return tuple(picked)

    schema = {"items": {"type": "string", "enum": sorted(allowed)}, "minItems": 1}
    return attrs.field(default=None, metadata=_meta(description, schema, check))


def _optional(field: attrs.Attribute[Any], tp: Any) -> bool:
    """``null`` is allowed where the type says so, or the argument has a default (``null`` asks for it)."""
    return type(None) in typing.get_args(tp) or field.default is not attrs.NOTHING


def _integral(value: Any) -> Any:
    """JSON has one number type: ``5.0`` is the integer 5 (as JSON Schema's ``integer`` says)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def parse_arguments(cls: type[T], raw: object) -> T:
    """Check a tool call's arguments and build ``cls`` from them.

    Raises:
        ToolError: ``kind == "invalid_argument"``, naming the argument and the rule it breaks.
    """
    if not isinstance(raw, Mapping):
        raise ToolError("invalid_argument", "the arguments must be a JSON object", argument=None)
    fields = attrs.fields(cast(Any, cls))
    names = [f.name for f in fields]
    for key in raw:
        if key not in names:
            raise ToolError(
                "invalid_argument", f"unknown argument {key!r}; this tool takes {', '.join(names)}", argument=str(key)
            )
    # Resolved against the module the class was written in (its __module__ may name a public one).
    hints = {field.name: field.type for field in attrs.fields(attrs.resolve_types(typing.cast(Any, cls)))}
    values: dict[str, Any] = {}
    for field in fields:
        if field.name not in raw:
            raise ToolError(
                "invalid_argument",
                f"argument {field.name!r} is missing: every argument must be given (null for its default)",
                argument=field.name,
            )
        value = raw[field.name]
        if value is None:
            if not _optional(field, hints[field.name]):
                raise ToolError("invalid_argument", f"{field.name} must not be null", argument=field.name)
            continue
        if int in (typing.get_args(hints[field.name]) or (hints[field.name],)):
            value = _integral(value)
        try:
            values[field.name] = field.metadata["check"](field.name, value)
        except InvalidRequestError as exc:
            raise ToolError("invalid_argument", str(exc), argument=exc.argument or field.name) from None
    return cls(**values)
