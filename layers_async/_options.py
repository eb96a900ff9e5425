"""Client options: their checks, and the light sibling `Client.with_options` returns.

A sibling is the same client with other per-call options: it shares the parent's transport (so its
connections), rate gate, clock, tracing and lifetime, and owns nothing it would have to close.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from layers_async._retry import RetryPolicy
from layers_async._transport import SecretHeaders
from layers_async.errors import InvalidRequestError

if TYPE_CHECKING:
    from layers_async._otel import Tracing

__all__ = ["UNSET", "Lifetime", "check_headers", "check_retry", "check_timeout", "sibling", "tracing_for"]

C = TypeVar("C")

UNSET: Any = type("Unset", (), {"__repr__": lambda self: "UNSET", "__slots__": ()})()
"""Marks an option `Client.with_options` was not given (``None`` is a value: no timeout)."""

# Headers the client sets itself; a caller's header must not replace them.
_RESERVED_HEADERS = frozenset(
    {"authorization", "x-api-key", "idempotency-key", "content-type", "content-length", "host"}
)
_TOKEN_CHARS = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


class Lifetime:
    """Whether a client and its siblings are closed (one object, shared by all of them)."""

    __slots__ = ("closed",)

    def __init__(self) -> None:
        self.closed = False


def check_timeout(value: object) -> float | None:
    """Require a positive finite number of seconds, or ``None`` for no limit."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < float("inf"):
        message = f"timeout must be a positive number of seconds or None, got {value!r}"
        raise InvalidRequestError(message, argument="timeout")
    return float(value)


def check_retry(value: object) -> RetryPolicy:
    """Require a `RetryPolicy` (``RetryPolicy.disabled()`` for no retries)."""
    if not isinstance(value, RetryPolicy):
        message = f"retry must be a RetryPolicy (RetryPolicy.disabled() for none), got {type(value).__name__}"
        raise InvalidRequestError(message, argument="retry")
    return value


def check_headers(value: object) -> tuple[tuple[str, str], ...]:
    """Require a mapping of header names to values (no line breaks; not one the client sets itself)."""
    if not isinstance(value, Mapping):
        raise InvalidRequestError("headers must be a mapping of header names to values", argument="headers")
    pairs: list[tuple[str, str]] = []
    for name, text in value.items():
        if not isinstance(name, str) or not name or not set(name) <= _TOKEN_CHARS:
            raise InvalidRequestError(f"headers: {name!r} is not a valid header name", argument="headers")
        if name.lower() in _RESERVED_HEADERS:
            raise InvalidRequestError(f"headers: {name} is set by the client itself", argument="headers")
        if not isinstance(text, str) or not all(c == "\t" or " " <= c <= "~" for c in text):
            message = f"headers: the value of {name} must be printable ASCII text on one line"
            raise InvalidRequestError(message, argument="headers")
        pairs.append((name, text))
    return tuple(pairs)


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
