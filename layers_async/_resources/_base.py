"""What every resource namespace shares, plus the argument checks they all use.

Every check raises `InvalidRequestError` naming the argument, before any I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from layers_async._converter import format_timestamp, parse_timestamp
from layers_async._pagination import Page, Paginator
from layers_async._sansio import QueryValue, check_idempotency_key
from layers_async.errors import InvalidRequestError

if TYPE_CHECKING:
    from layers_async._client import Client

__all__ = [
    "Many",
    "Resource",
    "check_aware",
    "check_bool",
    "check_choice",
    "check_choices",
    "check_idempotency",
    "check_instant",
    "check_int_range",
    "check_number_range",
    "check_optional_str",
    "check_str",
    "check_window",
]

S = TypeVar("S", bound=str)
E = TypeVar("E")
M = TypeVar("M")

Many: TypeAlias = E | str | Sequence[E | str]
"""One value or a sequence of values of a repeatable query parameter."""


class Resource:
    """A namespace of calls bound to one client."""

    __slots__ = ("_client",)

    def __init__(self, client: Client) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"

    def _paginate(self, path: str, query: Mapping[str, QueryValue], model: type[M], cursor: str | None) -> Paginator[M]:
        """A lazy `Paginator` over ``GET path`` (``query`` already validated; the cursor is added per page)."""
        client = self._client
        page_type: Any = Page[model]  # type: ignore[valid-type]

        async def fetch(page_cursor: str | None) -> Page[M]:
            response = await client.send("GET", path, query={**query, "cursor": page_cursor})
            page: Page[M] = client.decode(response, page_type)
            return page

        return Paginator(fetch, check_optional_str("cursor", cursor))


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
