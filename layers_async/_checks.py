"""Argument checks shared by every layer above the wire: each raises `InvalidRequestError` naming the
argument, before any I/O.

The lowest module that knows about arguments: it imports only the errors and the converter's
timestamp helpers and wire names, so resources, the tracker and the workflows all check input the same way.
"""

from __future__ import annotations

import math
import re
import unicodedata
import uuid
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, TypeVar
from urllib.parse import quote

import attrs

from layers_async._converter import format_timestamp, parse_timestamp, wire_name
from layers_async.errors import InvalidRequestError

__all__ = [
    "check_aware",
    "check_bool",
    "check_choice",
    "check_choices",
    "check_container_id",
    "check_idempotency",
    "check_idempotency_key",
    "check_instant",
    "check_int_range",
    "check_model",
    "check_number_range",
    "check_optional_str",
    "check_str",
    "check_window",
    "new_container_id",
    "path_id",
]

M = TypeVar("M")

_FORBIDDEN_ID_CHARS = frozenset("/?#%\\")
_PLAIN_ID = re.compile(r"[A-Za-z0-9_.~-]+")
_CONTAINER_UUID = re.compile(r"(cnt_)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def path_id(name: str, value: object) -> str:
    """Check a path id and percent-encode it.

    Raises:
        InvalidRequestError: ``value`` is not a non-empty string, or holds ``/ ? # % \\``, whitespace or
            control characters, or is ``.``/``..``.
    """
    if not isinstance(value, str) or not value:
        raise InvalidRequestError(f"{name} must be a non-empty string", argument=name)
    if _PLAIN_ID.fullmatch(value) and value not in (".", ".."):
        return value  # the usual case (prefixed ULIDs and UUIDs): nothing to check or encode
    for ch in value:
        if ch in _FORBIDDEN_ID_CHARS or ch.isspace() or unicodedata.category(ch).startswith("C"):
            raise InvalidRequestError(f"{name} contains a character not allowed in an id: {ch!r}", argument=name)
    if value in (".", ".."):
        raise InvalidRequestError(f"{name} is not a valid id", argument=name)
    return quote(value, safe="")


def check_str(name: str, value: object, *, max_len: int | None = None, min_len: int = 1) -> str:
    """Require a string of ``min_len``..``max_len`` characters."""
    if not isinstance(value, str):
        raise InvalidRequestError(f"{name} must be a string, got {type(value).__name__}", argument=name)
    if len(value) < min_len or (max_len is not None and len(value) > max_len):
        bound = f"{min_len}-{max_len}" if max_len is not None else f"at least {min_len}"
        raise InvalidRequestError(f"{name} must be {bound} characters long", argument=name)
    if not value.isascii():
        try:
            value.encode()
        except UnicodeEncodeError:  # a lone surrogate: no UTF-8 body or URL can carry it
            message = f"{name} must be valid Unicode text (it holds a lone surrogate)"
            raise InvalidRequestError(message, argument=name) from None
    return value


def check_optional_str(name: str, value: object, *, max_len: int | None = None, min_len: int = 1) -> str | None:
    """`check_str`, letting ``None`` through."""
    return None if value is None else check_str(name, value, max_len=max_len, min_len=min_len)


def check_int_range(name: str, value: object, low: int, high: int) -> int:
    """Require an integer (not a bool) in ``low..high``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRequestError(f"{name} must be an integer, got {type(value).__name__}", argument=name)
    if not low <= value <= high:
        raise InvalidRequestError(f"{name} must be between {low} and {high}, got {value}", argument=name)
    return value


def check_number_range(name: str, value: object, low: float, high: float) -> int | float:
    """Require a finite number (not a bool) in ``low..high``."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or (isinstance(value, float) and not math.isfinite(value))
    ):
        raise InvalidRequestError(f"{name} must be a finite number, got {value!r}", argument=name)
    if not low <= value <= high:
        raise InvalidRequestError(f"{name} must be between {low} and {high}, got {value}", argument=name)
    return value


def check_bool(name: str, value: object) -> bool:
    """Require a real ``bool``."""
    if not isinstance(value, bool):
        raise InvalidRequestError(f"{name} must be True or False, got {value!r}", argument=name)
    return value


def check_choice(name: str, value: object, choices: frozenset[str]) -> str:
    """Require one of ``choices`` (enum members are accepted by value)."""
    text = getattr(value, "value", value)
    if not isinstance(text, str) or text not in choices:
        allowed = ", ".join(sorted(choices))
        raise InvalidRequestError(f"{name} must be one of {allowed}; got {value!r}", argument=name)
    return text


def check_choices(name: str, value: object, choices: frozenset[str]) -> list[str] | None:
    """A repeatable parameter: one choice or a sequence of them (``None`` = no filter), de-duplicated."""
    if value is None:
        return None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple, set, frozenset)):
        raise InvalidRequestError(f"{name} must be a value or a list of values, got {value!r}", argument=name)
    return list(dict.fromkeys(check_choice(name, v, choices) for v in items))


def check_aware(name: str, value: object) -> datetime:
    """Require a timezone-aware datetime that has a UTC equivalent (``datetime.max`` at -05:00 has none)."""
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidRequestError(f"{name} must be a timezone-aware datetime (e.g. tzinfo=timezone.utc)", argument=name)
    try:
        value.astimezone(timezone.utc)
    except OverflowError:
        raise InvalidRequestError(f"{name} is outside the range of UTC datetimes", argument=name) from None
    return value


def check_instant(name: str, value: object) -> tuple[str, datetime]:
    """Require a timezone-aware datetime or a full RFC 3339 instant string; return (wire text, datetime).

    A date alone (``"2026-05-04"``) or a naive datetime is refused: the server would answer 422. The wire
    text is normalized to UTC with ``Z``, the one form every server accepts, keeping every digit given.
    """
    parsed: datetime | None = None
    if isinstance(value, datetime):
        parsed = check_aware(name, value)
    elif isinstance(value, str):
        try:
            parsed = parse_timestamp(value)
        except ValueError:
            parsed = None
    if parsed is not None:
        return format_timestamp(parsed), parsed
    raise InvalidRequestError(
        f"{name} must be an aware datetime or an RFC 3339 instant like 2026-05-04T00:00:00Z; got {value!r}",
        argument=name,
    )


def check_window(since: object, until: object, *, inclusive: bool = False) -> tuple[str | None, str | None]:
    """Check optional ``since``/``until`` instants and their order when both are given.

    ``since < until`` is required, or ``since <= until`` with ``inclusive`` (list filters whose bounds are
    both inclusive, where one instant is a valid window).
    """
    start = None if since is None else check_instant("since", since)
    end = None if until is None else check_instant("until", until)
    if start is not None and end is not None and not (start[1] <= end[1] if inclusive else start[1] < end[1]):
        order = "not after" if inclusive else "before"
        raise InvalidRequestError(f"since must be {order} until", argument="since")
    return (start[0] if start else None), (end[0] if end else None)


def check_idempotency(value: object) -> str | None:
    """Check a caller's ``idempotency_key`` (``None``: the client mints one)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidRequestError("idempotency_key must be a string", argument="idempotency_key")
    return check_idempotency_key(value)


def check_idempotency_key(key: str) -> str:
    """Validate a caller-supplied ``Idempotency-Key`` (1–255 printable ASCII characters)."""
    if not isinstance(key, str) or not 1 <= len(key) <= 255 or not all(" " <= c <= "~" for c in key):
        raise InvalidRequestError(
            "idempotency_key must be 1-255 printable ASCII characters", argument="idempotency_key"
        )
    return key


def new_container_id() -> str:
    """Mint a fresh container id (``cnt_<uuid4>``) for a target-first call."""
    return f"cnt_{uuid.uuid4()}"


def check_container_id(value: object) -> str:
    """Require a uuid or ``cnt_<uuid>`` (the target-first container id)."""
    if not isinstance(value, str) or not _CONTAINER_UUID.fullmatch(value):
        raise InvalidRequestError("container_id must be a UUID or 'cnt_<uuid>'", argument="container_id")
    return value


def _keys(cls: type) -> dict[str, str]:
    """Every accepted key of ``cls`` (wire and Python names) → its field name."""
    keys: dict[str, str] = {}
    for field in attrs.fields(cls):
        keys[field.name] = field.name
        keys[wire_name(field)] = field.name
    return keys


def check_model(name: str, value: object, cls: type[M]) -> M:
    """Dicts in: ``value`` when it is a ``cls``; a mapping of its fields (camelCase or snake_case keys)
    built into one.

    The values are taken as they are (a list stays a list) and not checked here: the caller checks the
    model's members exactly as it checks a model it was given, so both forms get the same messages.

    Raises:
        InvalidRequestError: ``value`` is neither; a key names no field (or one field twice); a required
            field is missing.
    """
    if isinstance(value, cls):
        return value
    if not isinstance(value, Mapping):
        got = type(value).__name__
        raise InvalidRequestError(f"{name} must be a {cls.__name__} or a dict, got {got}", argument=name)
    fields: tuple[attrs.Attribute[Any], ...] = attrs.fields(cls)  # type: ignore[arg-type]
    keys = _keys(cls)
    kwargs: dict[str, Any] = {}
    for key, item in value.items():
        target = keys.get(key) if isinstance(key, str) else None
        if target is None:
            known = ", ".join(wire_name(f) for f in fields)
            raise InvalidRequestError(f"{name} has no field {key!r}; its fields are {known}", argument=name)
        if target in kwargs:
            raise InvalidRequestError(f"{name} gives {target} twice (as {key!r} and another key)", argument=name)
        kwargs[target] = item
    for field in fields:
        if field.default is attrs.NOTHING and field.name not in kwargs:
            raise InvalidRequestError(f"{name}.{field.name} is required", argument=f"{name}.{field.name}")
    return cls(**kwargs)
