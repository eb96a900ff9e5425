"""What every resource namespace shares, plus the argument checks they all use."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from layers_async.errors import InvalidRequestError

if TYPE_CHECKING:
    from layers_async._client import Client

__all__ = ["Resource", "check_choice", "check_int_range", "check_str"]

S = TypeVar("S", bound=str)


class Resource:
    """A namespace of calls bound to one client."""

    __slots__ = ("_client",)

    def __init__(self, client: Client) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


def check_str(name: str, value: object, *, max_len: int | None = None, min_len: int = 1) -> str:
    """Require a string of ``min_len``..``max_len`` characters."""
    if not isinstance(value, str):
        raise InvalidRequestError(f"{name} must be a string, got {type(value).__name__}", argument=name)
    if len(value) < min_len or (max_len is not None and len(value) > max_len):
        bound = f"{min_len}-{max_len}" if max_len is not None else f"at least {min_len}"
        raise InvalidRequestError(f"{name} must be {bound} characters long", argument=name)
    return value


def check_int_range(name: str, value: object, low: int, high: int) -> int:
    """Require an integer (not a bool) in ``low..high``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRequestError(f"{name} must be an integer, got {type(value).__name__}", argument=name)
    if not low <= value <= high:
        raise InvalidRequestError(f"{name} must be between {low} and {high}, got {value}", argument=name)
    return value


def check_choice(name: str, value: object, choices: frozenset[str]) -> str:
    """Require one of ``choices`` (enum members are accepted by value)."""
    text = getattr(value, "value", value)
    if not isinstance(text, str) or text not in choices:
        allowed = ", ".join(sorted(choices))
        raise InvalidRequestError(f"{name} must be one of {allowed}; got {value!r}", argument=name)
    return text
