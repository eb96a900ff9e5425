"""Per-call options: the light sibling `Client.with_options` returns, and the ``tracing=`` switch.

A sibling is the same client with other per-call options: it shares the parent's transport (so its
connections), rate gate, clock, tracing and lifetime, and owns nothing it would have to close. The
options themselves are checked in `layers_async._client_options`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from layers_async._transport import SecretHeaders
from layers_async.errors import InvalidRequestError

if TYPE_CHECKING:
    from layers_async._otel import Tracing

__all__ = [
    "UNSET",
    "Lifetime",
    "merge_headers",
    "sibling",
    "tracing_for",
]

C = TypeVar("C")

UNSET: Any = type("Unset", (), {"__repr__": lambda self: "UNSET", "__slots__": ()})()
"""Marks an option `Client.with_options` was not given (``None`` is a value: no timeout)."""


class Lifetime:
    """Whether a client and its siblings are closed (one object, shared by all of them)."""

    __slots__ = ("closed",)

    def __init__(self) -> None:
        self.closed = False


def merge_headers(base: tuple[tuple[str, str], ...], extra: tuple[tuple[str, str], ...]) -> SecretHeaders:
    """``base`` with every header named in ``extra`` replaced by ``extra``'s value."""
    names = {name.lower() for name, _ in extra}
    return SecretHeaders((*(pair for pair in base if pair[0].lower() not in names), *extra))


def _namespaces(cls: type) -> frozenset[str]:
    """The cached resource namespaces of a client class (bound to one client, so never copied)."""
    found = (name for klass in cls.__mro__ for name, value in vars(klass).items() if _is_namespace(value))
    return frozenset(found)


def _is_namespace(value: object) -> bool:
    return isinstance(value, functools.cached_property)


def sibling(client: C, changes: Mapping[str, object]) -> C:
    """A shallow copy of ``client`` with ``changes`` applied; its resource namespaces are built anew."""
    cls: type[Any] = type(client)
    new: C = object.__new__(cls)
    skip = _namespaces(cls)
    vars(new).update((k, v) for k, v in vars(client).items() if k not in skip)
    vars(new).update(changes)
    return new


def tracing_for(tracing: object) -> Tracing | None:
    """The span opener ``tracing=`` asks for; OpenTelemetry is imported only here, only when asked."""
    if tracing is False or tracing is None:
        return None
    try:
        from layers_async._otel import Tracing
    except ImportError:
        message = "tracing needs OpenTelemetry: pip install 'layers-async[otel]'"
        raise InvalidRequestError(message, argument="tracing") from None
    if tracing is not True and not callable(getattr(tracing, "get_tracer", None)):
        raise InvalidRequestError("tracing must be True, False or a TracerProvider", argument="tracing")
    return Tracing(None if tracing is True else tracing)  # type: ignore[arg-type]
