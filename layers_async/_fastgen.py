"""Generated structure functions for the fast converter: one specialised function per attrs class.

cattrs' own generated functions call one hook per field. Here the common checks are inlined instead
(``type(v) is int``, ``None if v is None else ...``, an enum's ``_value2member_map_``), nested models
call each other's generated functions directly, and instances are built by filling their slots through
a private builder subclass (see `_builder`). Any field type not listed in `_Gen.expr` keeps its cattrs
hook, and any class the generator does not fully understand keeps cattrs' generic function, so
correctness never depends on the generator's coverage.

The fast path may fail with any exception (KeyError, TypeError, ...): `_converter.structure` then
re-runs the detailed converter, which names the wire path. It must never *succeed* with a different
result than the detailed converter would (tests/test_converter.py checks that, differentially).
"""

from __future__ import annotations

import enum
import linecache
import typing
from collections.abc import Callable
from datetime import datetime
from types import MemberDescriptorType, UnionType
from typing import Any, Union

import attrs
import cattrs

__all__ = ["FastHooks", "make_fast_structure_fn", "optional_arg", "resolved_fields"]

Hook = Callable[[Any, Any], Any]


@attrs.frozen(kw_only=True)
class FastHooks:
    """The converter's slow paths, which the generated code calls when a fast check fails.

    Attributes:
        scalars: The strict hooks of ``str``, ``int``, ``float`` and ``bool`` (called as ``hook(v, None)``).
        number: The hook of ``int | float``.
        enum: The enum hook (``hook(v, EnumClass)``).
        timestamp: The RFC 3339 parser (``timestamp(v)``).
        wire_name: The JSON key of an attrs field.
        pre_hook: The tolerated-shape rewrite of a model class (``pre_hook(cls)``), or ``None`` for none.
    """

    scalars: dict[type, Hook]
    number: Hook
    enum: Hook
    timestamp: Callable[[Any], datetime]
    wire_name: Callable[[Any], str]
    pre_hook: Callable[[Any], Callable[[dict[str, Any]], dict[str, Any]] | None]


_MISSING = object()  # a derived field absent from the wire


def _array(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    raise TypeError(f"expected an array, got {type(value).__name__}")


def _not_object(value: Any) -> None:
    raise TypeError(f"expected an object, got {type(value).__name__}")


def optional_arg(t: Any) -> Any:
    """``X`` for ``X | None`` (``None`` for anything else)."""
    args = getattr(t, "__args__", None)
    is_union = getattr(t, "__origin__", None) is Union or isinstance(t, UnionType)
    if is_union and args is not None and len(args) == 2 and type(None) in args:
        return args[0] if args[1] is type(None) else args[1]
    return None


def resolved_fields(cls: Any) -> list[tuple[attrs.Attribute, Any]] | None:  # type: ignore[type-arg]
    """The init fields of ``cls`` (an attrs class or a parametrised generic one) with resolved types."""
    origin = typing.get_origin(cls) or cls
    # Resolved once, against the module the class was written in (its __module__ may name a public one).
    attrs.resolve_types(origin)
    hints = {field.name: field.type for field in attrs.fields(origin)}
    params = getattr(origin, "__parameters__", ())
    mapping = dict(zip(params, typing.get_args(cls), strict=False)) if origin is not cls else {}
    out = []
    for field in attrs.fields(origin):
        if not field.init:
            continue
        t = hints.get(field.name)
        if t is None:
            return None
        if isinstance(t, typing.TypeVar):
            t = mapping.get(t)
        elif getattr(t, "__parameters__", ()):
            t = t[tuple(mapping[p] for p in t.__parameters__)] if all(p in mapping for p in t.__parameters__) else None
        if t is None:
            return None
        out.append((field, t))
    return out


def _builder(cls: type) -> type | None:
    """A private subclass whose instances fill ``cls``'s slots by plain assignment, or ``None``.

    Frozen attrs classes refuse ``setattr``, so a slot can only be filled through a C call per field
    (its descriptor's ``__set__``, ~40 ns each). The builder adds no slots and restores ``object``'s
    ``__setattr__``/``__delattr__``, so ``i.name = v`` is a specialised slot store (~5 ns); the generated
    function then assigns ``i.__class__ = cls``, which is allowed because the layouts are identical.
    The instance never escapes as a builder. ``None`` (the caller uses ``cls(...)``) unless plain slot
    filling is exactly what ``cls(...)`` would do.
    """
    fields = attrs.fields(cls)
    hooks = ("__attrs_pre_init__", "__attrs_post_init__", "__attrs_init__")
    if (
        any(hasattr(cls, h) for h in hooks)
        or not getattr(cls, "__slots__", None)
        or typing.cast(Any, cls).__new__ is not object.__new__
    ):
        return None
    if any(not f.init or f.validator or f.converter or f.on_setattr not in (None, attrs.setters.NO_OP) for f in fields):
        return None
    all_slots = {s for k in cls.__mro__ for s in getattr(k, "__slots__", ())} - {"__weakref__"}
    if all_slots != {f.name for f in fields}:  # e.g. cache_hash adds a slot that __init__ fills
        return None
    if not all(isinstance(getattr(cls, f.name, None), MemberDescriptorType) for f in fields):
        return None  # a field shadowed by a property or the like: leave it to __init__
    namespace = {"__slots__": (), "__setattr__": object.__setattr__, "__delattr__": object.__delattr__}
    builder: type = type(cls)(f"{cls.__name__}Builder", (cls,), namespace)
    try:  # the layout check CPython applies to every __class__ assignment, done once here
        object.__new__(builder).__class__ = cls
    except TypeError:
        return None
    return builder


class _Gen:
    """Builds the source of one class's function; ``ns`` collects the names it refers to."""

    def __init__(self, conv: cattrs.Converter, hooks: FastHooks) -> None:
        self.conv, self.hooks = conv, hooks
        self.ns: dict[str, Any] = {
            "_array": _array,
            "_not_object": _not_object,
            "_new": object.__new__,
            "_MISSING": _MISSING,
        }
        for t, hook in hooks.scalars.items():
            self.ns[f"_{t.__name__}"] = hook
        self.ns.update(_number=hooks.number, _ts=hooks.timestamp)

    def bind(self, prefix: str, value: Any) -> str:
        name = f"_{prefix}{len(self.ns)}"
        self.ns[name] = value
        return name

    def expr(self, t: Any, v: str, depth: int = 0) -> str:
        """An expression turning the wire value named ``v`` into a value of type ``t``."""
        if t in (str, int, float, bool):
            return f"({v} if type({v}) is {t.__name__} else _{t.__name__}({v}, None))"
        if t == (int | float):
            return f"({v} if type({v}) is int or type({v}) is float else _number({v}, None))"
        if t is datetime:
            return f"_ts({v})"
        if isinstance(t, type) and issubclass(t, enum.Enum):
            get, cls = self.bind("get", t._value2member_map_.get), self.bind("E", t)
            hook = self.bind("enum", self.hooks.enum)
            return f"({get}({v}) or {hook}({v}, {cls}))"  # a falsy member ("") just takes the slow path
        inner = optional_arg(t)
        if inner is not None:
            return f"(None if {v} is None else {self.expr(inner, v, depth)})"
        args = getattr(t, "__args__", None)
        if getattr(t, "__origin__", None) is tuple and args is not None and len(args) == 2 and args[1] is Ellipsis:
            x = f"x{depth}"
            item = self.expr(args[0], x, depth + 1)
            return f"tuple([{item} for {x} in ({v} if type({v}) is list else _array({v}))])"
        hook, cls = self.bind("hook", self.conv.get_structure_hook(t)), self.bind("T", t)
        return f"{hook}({v}, {cls})"  # nested attrs classes: their own generated function

    def fix(self, t: Any, a: str, *, nullable: bool = False) -> str:
        """A statement turning the local ``a`` into a value of type ``t`` in place (``None`` kept if nullable)."""
        if t in (str, int, float, bool):  # the usual case costs one type check, no call, no store
            cond = f"type({a}) is not {t.__name__}"
            cond = f"{a} is not None and {cond}" if nullable else cond
            return f"if {cond}: {a} = _{t.__name__}({a}, None)"
        return f"if {a} is not None: {a} = {self.expr(t, a)}" if nullable else f"{a} = {self.expr(t, a)}"

    def source(self, cls: Any, fields: list[tuple[attrs.Attribute, Any]], name: str) -> str:  # type: ignore[type-arg]
        origin = typing.get_origin(cls) or cls
        lines = [f"def {name}(o, _=None):"]
        pre = self.hooks.pre_hook(origin)
        if pre is not None:
            lines.append(f"    if isinstance(o, dict): o = {self.bind('pre', pre)}(o)")
        lines.append("    if type(o) is not dict: _not_object(o)")  # odd inputs: the detailed converter decides
        args, derived = [], []
        for i, (field, t) in enumerate(fields):
            a, key = f"a{i}", repr(self.hooks.wire_name(field))
            default: Any = field.default
            if default is attrs.NOTHING:
                lines.append(f"    {a} = o[{key}]")
                lines.append(f"    {self.fix(t, a)}")
            elif default is None and optional_arg(t) is not None:  # missing and null both mean None
                lines.append(f"    {a} = o[{key}] if {key} in o else None")
                lines.append(f"    {self.fix(optional_arg(t), a, nullable=True)}")
            else:
                if isinstance(default, attrs.Factory) and default.takes_self:  # type: ignore[arg-type]
                    # Derived from the other fields: filled last, on the half-built instance (see below).
                    derived.append((field, a, self.bind("derive", default.factory)))
                    fallback = "_MISSING"
                elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                    fallback = f"{self.bind('factory', default.factory)}()"
                else:
                    fallback = self.bind("default", default)
                lines.append(f"    if {key} in o:")
                lines.append(f"        {a} = o[{key}]")
                lines.append(f"        {self.fix(t, a)}")
                lines.append(f"    else: {a} = {fallback}")
            args.append((field, a))
        builder = _builder(origin)
        cls_name = self.bind("cls", origin)
        if derived and builder is None:
            raise NotImplementedError("Factory(takes_self=True) without a builder")
        if builder is None:
            kwargs = ", ".join(f"{f.alias}={a}" for f, a in args)
            lines.append(f"    return {cls_name}({kwargs})")
        else:  # every value is converted above, so no exception can leave a builder half-filled
            lines.append(f"    i = _new({self.bind('builder', builder)})")
            lines.extend(f"    i.{f.name} = {a}" for f, a in args if all(f is not d[0] for d in derived))
            # A derived default reads the fields before it, as attrs' __init__ would (the factory sees
            # the builder, which reads like the model).
            lines.extend(f"    i.{f.name} = {d}(i) if {a} is _MISSING else {a}" for f, a, d in derived)
            lines.append(f"    i.__class__ = {cls_name}")
            lines.append("    return i")
        return "\n".join(lines) + "\n"


def make_fast_structure_fn(cls: Any, conv: cattrs.Converter, hooks: FastHooks) -> Hook | None:
    """A generated ``(value, type) -> instance`` function for the attrs class ``cls``, or ``None``.

    ``None`` means the generator does not handle this class (the caller keeps cattrs' function).
    """
    try:
        fields = resolved_fields(cls)
        if fields is None:
            return None
        gen = _Gen(conv, hooks)
        name = f"structure_{getattr(typing.get_origin(cls) or cls, '__name__', 'model')}"
        source = gen.source(cls, fields, name)
    except (NotImplementedError, TypeError, NameError, KeyError, AttributeError):
        return None
    filename = f"<layers_async fast structure {cls!r}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    exec(compile(source, filename, "exec"), gen.ns)
    fn: Hook = gen.ns[name]
    fn.__fast_source__ = source  # type: ignore[attr-defined]
    return fn
