"""The one private cattrs converter: the wire format lives here, never in the models.

camelCase on the wire (one hook factory for every attrs model), RFC 3339 timestamps with or without
fractional seconds, unknown fields ignored, unknown enum values kept (see `OpenEnum`), tolerated wire
shapes rewritten by the pre-hooks of `_wire_in` before a model is structured, and every structuring failure
turned into one `ResponseDecodeError` naming the wire path.
"""

from __future__ import annotations

import enum
import json
import re
import sys
import typing
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from layers_async._compiled import compile_decoder
from layers_async._enums import OpenEnum
from layers_async._fastgen import FastHooks, make_fast_structure_fn, optional_arg, resolved_fields
from layers_async._wire_in import pre_hook
from layers_async.errors import ResponseDecodeError

if typing.TYPE_CHECKING:
    from layers_async._transport import Response

_loads: Callable[[bytes], Any]
try:  # optional speedup: ``pip install layers-async[speedups]``; same results, ~4x faster parsing
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - the CI venv has orjson; see test_decode_json_without_orjson
    _loads = json.loads

__all__ = [
    "camel",
    "decode_body",
    "decode_json",
    "encode_json",
    "format_timestamp",
    "parse_timestamp",
    "structure",
    "unstructure",
]

T = TypeVar("T")

_TS = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-](?:[01]\d|2[0-3]):[0-5]\d)", re.ASCII
)
# The server's usual forms, which ``datetime.fromisoformat`` (3.11+: ``Z``, 1-6 fraction digits) reads
# exactly as the full parser below does; anything else takes the full parser.
_TS_USUAL = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?Z", re.ASCII).fullmatch


def _from_iso_z(value: str) -> datetime:
    """Python 3.10's ``fromisoformat`` reads no ``Z`` and only 3 or 6 fraction digits (else ValueError)."""
    return datetime.fromisoformat(value[:-1] + "+00:00")


_FROM_ISO: Callable[[str], datetime] = datetime.fromisoformat if sys.version_info >= (3, 11) else _from_iso_z
_CAMEL_PART = re.compile(r"_([a-z0-9])")
_PATH_PART = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[(.+?)\](?=\.|\[|$)")
_PLAIN_KEY = re.compile(r"'([A-Za-z_][A-Za-z0-9_]*)'")


@cache
def camel(name: str) -> str:
    """``project_layer_id`` → ``projectLayerId``."""
    return _CAMEL_PART.sub(lambda m: m.group(1).upper(), name)


def wire_name(field: attrs.Attribute) -> str:  # type: ignore[type-arg]
    """The JSON key of a model field: ``metadata={"wire": ...}`` or the camelCase of its name."""
    explicit = field.metadata.get("wire")
    return explicit if isinstance(explicit, str) else camel(field.name)


def parse_timestamp(value: object) -> datetime:
    """Parse an RFC 3339 instant (``Z`` or offset, any fraction) into an aware UTC datetime.

    Raises:
        TypeError: The value is not a string.
        ValueError: The value is not a full RFC 3339 instant (a date alone is refused), or it has no UTC
            equivalent.
    """
    if type(value) is str and _TS_USUAL(value) is not None:
        try:  # the server's usual forms, ``2026-05-11T09:30:00Z`` or ``...00.250Z``, in C
            return _FROM_ISO(value)
        except ValueError:
            pass  # fall through to the full parser (and its error message)
    if not isinstance(value, str):
        raise TypeError(f"expected an RFC 3339 timestamp string, got {type(value).__name__}")
    m = _TS.fullmatch(value)
    if m is None:
        raise ValueError(f"not an RFC 3339 timestamp: {value!r}")
    year, month, day, hour, minute, second, frac, tz = m.groups()
    micro = int((frac or "0")[:6].ljust(6, "0"))
    if tz in ("Z", "z"):
        tzinfo = timezone.utc
    else:
        sign = 1 if tz[0] == "+" else -1
        tzinfo = timezone(sign * timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6])))
    parsed = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo=tzinfo)
    try:
        return parsed.astimezone(timezone.utc)
    except OverflowError:  # 9999-12-31T23:00:00-05:00 has no UTC equivalent
        raise ValueError(f"timestamp outside the range of UTC datetimes: {value!r}") from None


def format_timestamp(value: datetime) -> str:
    """Format an aware datetime as RFC 3339 in UTC with a ``Z`` suffix, losing no precision.

    Whole seconds print without a fraction, whole milliseconds with three digits, anything finer with six.
    """
    utc = value.astimezone(timezone.utc)
    micro = utc.microsecond
    text = utc.isoformat(timespec="seconds" if not micro else "microseconds" if micro % 1000 else "milliseconds")
    return text.replace("+00:00", "Z")


def _json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for error messages."""
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _strict_str(value: object, _: type) -> str:
    if type(value) is str:
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _strict_int(value: object, _: type) -> int:
    if type(value) is int:
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value


def _strict_float(value: object, _: type) -> float:
    if type(value) is float:
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return float(value)


def _strict_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected a boolean, got {type(value).__name__}")
    return value


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    if type(value) is str:
        member = cls._value2member_map_.get(value)  # the common case, without EnumType.__call__
        if member is not None:
            return member
    elif not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return cls(value)


def _is_optional(t: Any) -> bool:
    return optional_arg(t) is not None


def _number(value: object, _: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return value


def _is_number_union(t: object) -> bool:
    return t == (int | float)


def _is_homogenous_tuple(t: Any) -> bool:
    args = getattr(t, "__args__", None)
    return getattr(t, "__origin__", None) is tuple and args is not None and len(args) == 2 and args[1] is Ellipsis


def _make_converter(*, detailed: bool) -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=detailed, forbid_extra_keys=False)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(float, _strict_float)
    conv.register_structure_hook(bool, _strict_bool)
    # ``int | float`` keeps integers as integers (money in cents) and refuses booleans.
    conv.register_structure_hook_func(_is_number_union, _number)
    # Our enums subclass str: register them on the more specific class so the str hook does not win.
    conv.register_structure_hook(enum.Enum, _structure_enum)
    conv.register_structure_hook(OpenEnum, _structure_enum)
    conv.register_structure_hook(datetime, lambda v, _: parse_timestamp(v))
    conv.register_unstructure_hook(datetime, format_timestamp)
    conv.register_unstructure_hook_func(lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda v: v.value)

    fast_hooks = FastHooks(
        scalars={str: _strict_str, int: _strict_int, float: _strict_float, bool: _strict_bool},
        number=_number,
        enum=_structure_enum,
        timestamp=parse_timestamp,
        wire_name=wire_name,
        pre_hook=pre_hook,
    )

    def structure_factory(cls: type[Any]) -> Any:
        if not detailed:  # one generated function per class, checks inlined (see _fastgen)
            fast = make_fast_structure_fn(cls, conv, fast_hooks)
            if fast is not None:
                return fast
        overrides: dict[str, Any] = {f.name: override(rename=wire_name(f)) for f in attrs.fields(cls)}
        fn = make_dict_structure_fn(cls, conv, _cattrs_detailed_validation=detailed, **overrides)
        pre = pre_hook(typing.get_origin(cls) or cls)

        def from_object(value: Any, type_: Any) -> Any:
            # A JSON object only: cattrs would report a list or a string as its first missing field.
            if not isinstance(value, dict):
                raise TypeError(f"expected an object, got {_json_type(value)}")
            return fn(value if pre is None else pre(value), type_)

        return from_object

    def unstructure_factory(cls: type[Any]) -> Any:
        overrides: dict[str, Any] = {
            f.name: override(rename=wire_name(f), omit_if_default=f.metadata.get("omit_if_default", True))
            for f in attrs.fields(cls)
        }
        fn = make_dict_unstructure_fn(cls, conv, **overrides)
        flattened = [wire_name(f) for f in attrs.fields(cls) if f.metadata.get("flattened")]
        if not flattened:
            return fn

        def unstructure_flat(obj: Any) -> Any:
            # A ``flattened`` mapping (metric values) sits beside the other fields on the wire: the
            # inverse of its pre-hook, so that the wire form read back gives the same model.
            data = fn(obj)
            for key in flattened:
                data.update(data.pop(key, None) or {})
            return data

        return unstructure_flat

    def tuple_factory(type_: Any) -> Any:
        # A JSON array only: cattrs alone would happily iterate a string or a dict's keys.
        inner = homogenous_tuple_structure_factory(type_, conv)

        def structure_array(value: Any, t: Any) -> Any:
            if not isinstance(value, list):
                raise TypeError(f"expected an array, got {type(value).__name__}")
            return inner(value, t)

        return structure_array

    def optional_factory(type_: Any) -> Any:
        # cattrs re-dispatches the inner type on every call; resolve it once per field type instead.
        inner_type = next(a for a in type_.__args__ if a is not type(None))
        inner = conv.get_structure_hook(inner_type)

        def structure_optional(value: Any, _: Any) -> Any:
            return None if value is None else inner(value, inner_type)

        return structure_optional

    conv.register_structure_hook_factory(_is_optional, optional_factory)
    conv.register_structure_hook_factory(attrs.has, structure_factory)
    conv.register_structure_hook_factory(_is_homogenous_tuple, tuple_factory)
    conv.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    return conv


# Two converters with the same hooks: the fast one decodes; the detailed one runs only after a failure,
# to name the offending field (cattrs' detailed validation costs a lot on the happy path).
_converter = _make_converter(detailed=False)
_detailed = _make_converter(detailed=True)


def _wire_path(path: str, cls: Any) -> str:
    """cattrs' path over Python names (``$.totals.post_count``) as the JSON path on the wire.

    Walks ``cls`` beside the path: an attribute becomes its field's wire name (explicit ``wire`` names
    included), a ``flattened`` field (metric values, which sit beside ``bucket`` on the wire) disappears,
    and a dictionary key that is a plain name reads as a member (``$.totals.views``). Anything unknown is
    camel-cased.
    """
    out, t = ["$"], cls
    for m in _PATH_PART.finditer(path, 1):
        attr, index, key = m.groups()
        t = optional_arg(t) or t
        args = typing.get_args(t)
        if attr is not None:
            origin = typing.get_origin(t) or t
            known = isinstance(origin, type) and attrs.has(origin)
            fields = {f.name: (f, ft) for f, ft in (resolved_fields(t) or [])} if known else {}
            field, t = fields.get(attr, (None, None))
            if field is not None and field.metadata.get("flattened"):
                continue
            out.append("." + (camel(attr) if field is None else wire_name(field)))
        elif index is not None:
            out.append(f"[{index}]")
            t = args[0] if args else None
        else:
            plain = _PLAIN_KEY.fullmatch(key)
            out.append("." + plain.group(1) if plain else f"[{key}]")
            t = args[1] if len(args) == 2 else None
    return "".join(out)


_DECODE_ERRORS = (
    cattrs.BaseValidationError,
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    IndexError,
    OverflowError,  # e.g. a 400-digit integer where a float is expected
    RecursionError,
)


def structure(data: Any, cls: type[T], *, status_code: int | None = None, request_id: str | None = None) -> T:
    """Structure decoded JSON into ``cls``; any mismatch becomes one `ResponseDecodeError`."""
    try:
        return _converter.structure(data, cls)
    except _DECODE_ERRORS:
        pass
    try:
        return _detailed.structure(data, cls)
    except _DECODE_ERRORS as exc:
        if isinstance(exc, cattrs.BaseValidationError):
            messages = cattrs.transform_error(exc, path="$")
        else:
            messages = [f"{exc} @ $"]
        first = messages[0] if messages else "invalid response @ $"
        text, _, path = first.rpartition(" @ ")
        path = _wire_path(path or "$", cls)
        name = getattr(cls, "__name__", str(cls))
        raise ResponseDecodeError(
            f"could not decode {name}: {text or first} at {path}",
            path=path,
            status_code=status_code,
            request_id=request_id,
        ) from None


def unstructure(obj: Any) -> Any:
    """Turn a model into JSON-ready data (camelCase keys, absent optionals omitted)."""
    return _converter.unstructure(obj)


def encode_json(data: Any) -> bytes:
    """Compact UTF-8 JSON."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def decode_json(content: bytes, *, status_code: int | None = None, request_id: str | None = None) -> Any:
    """Parse a JSON body, mapping garbage to `ResponseDecodeError` at path ``$``."""
    try:
        return _loads(content)
    except (ValueError, RecursionError):  # json (without orjson) recurses on deeply nested arrays
        raise ResponseDecodeError(
            "response body is not valid JSON", path="$", status_code=status_code, request_id=request_id
        ) from None


_fast_hooks: dict[Any, Callable[[Any, Any], Any]] = {}
_compiled: dict[Any, Callable[[bytes], Any] | None] = {}


def _compiled_decoder(cls: Any) -> Callable[[bytes], Any] | None:
    """The compiled decoder of ``cls`` (built on first use), or ``None`` without msgspec or for an odd class."""
    try:
        return _compiled[cls]
    except KeyError:
        pass
    decoder = _compiled[cls] = compile_decoder(
        cls,
        structure_hook=_converter.get_structure_hook,
        wire_name=wire_name,
        parse_timestamp=parse_timestamp,
        loads=_loads,
    )
    return decoder


def decode_body(content: bytes, cls: type[T], response: Response) -> T:
    """Parse and structure a response body into ``cls``: what every resource call ends with.

    With the ``[speedups]`` extra the compiled decoder (`layers_async._compiled`, msgspec) goes first.
    Then the fast converter's hook for ``cls`` on the parsed body. Any failure of either takes the
    reference path, `decode_json` then `structure`, which accepts the body or raises the
    `ResponseDecodeError` naming the field, with the response's status and ``X-Request-Id``.
    """
    compiled = _compiled_decoder(cls) if _loads is not json.loads else None
    if compiled is not None:
        try:
            return compiled(content)  # type: ignore[no-any-return]
        except Exception:
            pass
    hook = _fast_hooks.get(cls)
    if hook is None:
        hook = _fast_hooks[cls] = _converter.get_structure_hook(cls)
    try:
        return hook(_loads(content), cls)  # type: ignore[no-any-return]
    except _DECODE_ERRORS:  # orjson's and json's decode errors are ValueErrors
        pass
    status_code, request_id = response.status_code, response.header("x-request-id")
    data = decode_json(content, status_code=status_code, request_id=request_id)
    return structure(data, cls, status_code=status_code, request_id=request_id)
