"""An optional compiled decoder: msgspec parses a body straight into typed mirrors of our models.

Installed with the ``[speedups]`` extra (orjson and msgspec). For each attrs model the module builds a
private ``msgspec.Struct`` mirror (the same wire names, defaults and required fields) and a generated
function that copies a decoded mirror into the model through the builder of `_fastgen` (no re-checking:
msgspec has checked every type in C). What msgspec would read differently from the reference path is kept
out of it:

* timestamps are decoded as strings and parsed by the converter's own `parse_timestamp`;
* integers are bounded to 64 bits (orjson reads larger ones as floats), and a ``float`` field reads an
  integer as ``float(n)`` like the reference hook;
* any other field type (``dict[str, Any]``, ``Any``...) is decoded as raw JSON and given to the reference
  converter's own hook for that type;
* a model with a tolerated-shape pre-hook (`layers_async._wire_in`) is compiled only when its hook is
  listed in `_KEY_ONLY_PRE_HOOKS` (it rewrites nothing unless a key outside the model's fields is
  present), and its mirror then refuses unknown keys, so such a body goes to the reference path.

The compiled path never names a failing field: on *any* exception the caller (`decode_body`) runs the
reference path, cattrs, which accepts or names the field. It must never succeed with a different result
than the reference path: tests/test_compiled.py checks that differentially (Hypothesis).
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

import attrs

from layers_async._fastgen import _builder, optional_arg, resolved_fields
from layers_async._wire_in import pre_hook

msgspec: Any
try:  # both parts of the [speedups] extra: the compiled path reads numbers the way orjson does
    import msgspec
    import orjson  # noqa: F401
except ImportError:  # pragma: no cover - the CI venv has both; see test_compiled
    msgspec = None

__all__ = ["AVAILABLE", "compile_decoder"]

AVAILABLE = msgspec is not None
"""Whether msgspec (and orjson) are installed."""

Decoder = Callable[[bytes], Any]

# Pre-hooks (by model name) that change a body only when it carries a key outside the model's fields.
_KEY_ONLY_PRE_HOOKS = frozenset({"Container"})


class _Unsupported(Exception):
    pass


class _Compiler:
    """Builds the mirrors and copy functions of one model tree."""

    def __init__(self, structure_hook: Callable[[Any], Callable[[Any, Any], Any]], wire_name: Callable[[Any], str],
                 parse_timestamp: Callable[[Any], datetime], loads: Callable[[bytes], Any]) -> None:  # fmt: skip
        self.structure_hook, self.wire_name = structure_hook, wire_name
        self.ns: dict[str, Any] = {
            "_ts": parse_timestamp,
            "_loads": loads,
            "_new": object.__new__,
            "_UNSET": msgspec.UNSET,
        }
        self.mirrors: dict[Any, tuple[Any, str]] = {}  # model -> (mirror struct, name of its copy function)
        self.lines: list[str] = []
        self.int64 = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]

    def bind(self, prefix: str, value: Any) -> str:
        name = f"_{prefix}{len(self.ns)}"
        self.ns[name] = value
        return name

    def wire_type(self, t: Any) -> tuple[Any, Callable[[str], str]]:
        """The mirror's type for ``t`` and how to turn a decoded value (an expression) into ours."""
        if t is str or t is bool:
            return t, lambda v: v
        if t is int:
            return self.int64, lambda v: v
        if t is float:
            return self.int64 | float, lambda v: f"({v} if type({v}) is float else float({v}))"
        if t == (int | float):
            return self.int64 | float, lambda v: v
        if t is datetime:
            return str, lambda v: f"_ts({v})"
        if isinstance(t, type) and issubclass(t, enum.Enum) and all(type(m.value) is str for m in t):
            return t, lambda v: v  # msgspec looks values up and calls _missing_, as cls(value) does
        inner = optional_arg(t)
        if inner is not None:
            wt, conv = self.wire_type(inner)
            if conv("v") == "v":
                return wt | None, conv
            return wt | None, lambda v: f"(None if {v} is None else {conv(v)})"
        origin, args = typing.get_origin(t), typing.get_args(t)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            wt, conv = self.wire_type(args[0])
            if conv("x") == "x":
                return tuple[wt, ...], lambda v: v  # type: ignore[valid-type]
            return list[wt], lambda v: f"tuple([{conv('x')} for x in {v}])"  # type: ignore[valid-type]
        if attrs.has(origin or t):
            mirror, fn = self.model(t)
            return mirror, lambda v: f"{fn}({v})"
        hook, cls = self.bind("hook", self.structure_hook(t)), self.bind("T", t)
        return msgspec.Raw, lambda v: f"{hook}(_loads({v}), {cls})"  # the reference hook on the raw JSON

    def model(self, cls: Any) -> tuple[Any, str]:
        if cls in self.mirrors:
            if self.mirrors[cls][0] is None:
                raise _Unsupported(f"{cls!r} refers to itself")
            return self.mirrors[cls]
        origin = typing.get_origin(cls) or cls
        pre = pre_hook(origin)
        if pre is not None and origin.__name__ not in _KEY_ONLY_PRE_HOOKS:
            raise _Unsupported(f"{origin.__name__} has a pre-hook that may rewrite known keys")
        fields = resolved_fields(cls)
        builder = _builder(origin)
        if fields is None or builder is None:
            raise _Unsupported(f"{cls!r} cannot be built from its slots")
        name = f"copy_{origin.__name__}_{len(self.mirrors)}"
        self.mirrors[cls] = (None, name)  # a recursive model refers to itself by name
        spec: list[tuple[Any, ...]] = []
        body: list[str] = []
        for field, t in fields:
            wt, conv = self.wire_type(t)
            default: Any = field.default
            value = conv("m." + field.name)
            if default is attrs.NOTHING:
                spec.append((field.name, wt))
            elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                # Missing: the factory, called where __init__ calls it (the fields above are already set).
                spec.append((field.name, wt | msgspec.UnsetType, msgspec.UNSET))
                factory = self.bind("factory", default.factory)
                made = f"{factory}(i)" if default.takes_self else f"{factory}()"
                value = f"({made} if m.{field.name} is _UNSET else {value})"
            elif default is None or isinstance(default, (str, int, float, bool, tuple)):
                spec.append((field.name, wt, default))
            else:
                raise _Unsupported(f"default {default!r}")
            body.append(f"    i.{field.name} = {value}")
        mirror = msgspec.defstruct(
            f"{origin.__name__}Wire",
            spec,
            kw_only=True,
            rename={f.name: self.wire_name(f) for f, _ in fields},
            forbid_unknown_fields=pre is not None,
        )
        self.mirrors[cls] = (mirror, name)
        self.lines.append(f"def {name}(m):")
        self.lines.append(f"    i = _new({self.bind('builder', builder)})")
        self.lines.extend(body)
        self.lines.append(f"    i.__class__ = {self.bind('cls', origin)}")
        self.lines.append("    return i")
        return mirror, name


def compile_decoder(
    cls: Any,
    *,
    structure_hook: Callable[[Any], Callable[[Any, Any], Any]],
    wire_name: Callable[[Any], str],
    parse_timestamp: Callable[[Any], datetime],
    loads: Callable[[bytes], Any],
) -> Decoder | None:
    """A ``bytes -> model`` function for the attrs model ``cls``, or ``None`` (no msgspec, or unsupported).

    The function raises on anything it does not decode exactly as the reference path would; the caller
    then runs the reference path.
    """
    if msgspec is None or not attrs.has(typing.get_origin(cls) or cls):
        return None
    compiler = _Compiler(structure_hook, wire_name, parse_timestamp, loads)
    try:
        mirror, fn = compiler.model(cls)
    except (_Unsupported, TypeError, NameError, ValueError):
        return None
    source = "\n".join(compiler.lines) + "\n"
    exec(compile(source, f"<layers_async compiled decoder {cls!r}>", "exec"), compiler.ns)
    copy = compiler.ns[fn]
    decode = msgspec.json.Decoder(mirror).decode

    def decode_model(content: bytes) -> Any:
        return copy(decode(content))

    decode_model.__compiled_source__ = source  # type: ignore[attr-defined]
    return decode_model
