"""422 helpers: strict bodies, typed fields, query parameters, limits and cursors, all naming the bad path."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Sequence
from typing import Any, TypeVar

from layers_async.testing._fake._http import validation_error
from layers_async.testing._fake._wire import decode_cursor, dumps, encode_cursor, parse_instant

__all__ = ["Issues", "Page", "paginate"]

T = TypeVar("T")
_MISSING: Any = object()


class Issues:
    """Collects ``{path, message}`` issues and raises one 422 with all of them."""

    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []

    def add(self, path: str, message: str) -> None:
        """Record one issue."""
        self.items.append({"path": path, "message": message})

    def raise_if_any(self) -> None:
        """Raise 422 ``VALIDATION`` when any issue was recorded."""
        if self.items:
            raise validation_error(self.items)

    # -- bodies ---------------------------------------------------------------------------------------
    def strict(self, body: dict[str, Any], allowed: Collection[str], prefix: str = "") -> None:
        """Flag every field of ``body`` not in ``allowed``."""
        for name in body:
            if name not in allowed:
                self.add(f"{prefix}{name}", "Unknown field.")

    def string(
        self, obj: dict[str, Any], name: str, path: str, *, required: bool = False, lo: int = 0, hi: int = 10_000
    ) -> str | None:
        """A string field of ``lo``–``hi`` characters."""
        value = obj.get(name, _MISSING)
        if value is _MISSING or (value is None and not required):
            if required:
                self.add(path, "Field required.")
            return None
        if not isinstance(value, str):
            self.add(path, "Must be a string.")
            return None
        if not lo <= len(value) <= hi:
            self.add(path, f"Length must be between {lo} and {hi}.")
            return None
        return value

    def integer(
        self, obj: dict[str, Any], name: str, path: str, lo: int, hi: int, *, default: int | None = None
    ) -> int | None:
        """An integer field in ``lo``–``hi``; ``default`` when absent (``None`` and required when no default)."""
        value = obj.get(name, _MISSING)
        if value is _MISSING:
            return default
        if not isinstance(value, int) or isinstance(value, bool):
            self.add(path, "Must be an integer.")
            return None
        if not lo <= value <= hi:
            self.add(path, f"Must be between {lo} and {hi}.")
            return None
        return value

    def enum(
        self,
        obj: dict[str, Any],
        name: str,
        path: str,
        values: Collection[str],
        *,
        default: str | None = None,
        required: bool = False,
    ) -> str | None:
        """A string field that must be one of ``values``."""
        value = obj.get(name, _MISSING)
        if value is _MISSING:
            if required:
                self.add(path, "Field required.")
            return default
        if not isinstance(value, str) or value not in values:
            self.add(path, f"Must be one of: {', '.join(sorted(values))}.")
            return None
        return value

    def strings(self, obj: dict[str, Any], name: str, path: str) -> list[str] | None:
        """An optional array of strings."""
        value = obj.get(name, _MISSING)
        if value is _MISSING:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(path, "Must be an array of strings.")
            return None
        return list(value)

    # -- query ----------------------------------------------------------------------------------------
    def q_one(self, query: dict[str, list[str]], name: str) -> str | None:
        """A single-valued query parameter (the first one)."""
        values = query.get(name)
        return values[0] if values else None

    def q_enum(self, query: dict[str, list[str]], name: str, values: Collection[str]) -> str | None:
        """A single enum query parameter."""
        value = self.q_one(query, name)
        if value is not None and value not in values:
            self.add(name, f"Must be one of: {', '.join(sorted(values))}.")
            return None
        return value

    def q_enums(self, query: dict[str, list[str]], name: str, values: Collection[str]) -> list[str]:
        """A repeatable enum query parameter (``name`` or ``name[]``)."""
        got = query.get(name, []) + query.get(f"{name}[]", [])
        for i, value in enumerate(got):
            if value not in values:
                self.add(f"{name}[{i}]", f"Must be one of: {', '.join(sorted(values))}.")
        return [v for v in got if v in values]

    def q_int(self, query: dict[str, list[str]], name: str, lo: int, hi: int, default: int) -> int:
        """An integer query parameter in ``lo``–``hi``."""
        raw = self.q_one(query, name)
        if raw is None:
            return default
        try:
            value = int(raw, 10)
        except ValueError:
            self.add(name, "Must be an integer.")
            return default
        if not lo <= value <= hi:
            self.add(name, f"Must be between {lo} and {hi}.")
            return default
        return value

    def q_bool(self, query: dict[str, list[str]], name: str) -> bool | None:
        """A ``true``/``false`` query parameter."""
        raw = self.q_one(query, name)
        if raw is None:
            return None
        if raw not in ("true", "false"):
            self.add(name, "Must be true or false.")
            return None
        return raw == "true"

    def q_instant(self, query: dict[str, list[str]], name: str) -> float | None:
        """A full-instant query parameter; a date alone is refused."""
        raw = self.q_one(query, name)
        if raw is None:
            return None
        value = parse_instant(raw)
        if value is None:
            self.add(name, "Must be a full instant with a time and a zone, e.g. 2026-05-11T09:30:00Z.")
        return value


class Page:
    """The page request of a list route: limit and the decoded cursor position."""

    def __init__(self, route: str, signature: str, limit: int, after: list[Any] | None) -> None:
        self.route, self.signature, self.limit, self.after = route, signature, limit, after

    @classmethod
    def parse(cls, issues: Issues, route: str, query: dict[str, list[str]], lo: int, hi: int, default: int) -> Page:
        """Read ``limit`` and ``cursor``; the cursor must belong to this route and these filters."""
        limit = issues.q_int(query, "limit", lo, hi, default)
        filters = {k: sorted(v) for k, v in query.items() if k not in ("cursor", "limit")}
        signature = hashlib.sha1(dumps(dict(sorted(filters.items())))).hexdigest()[:16]
        after = None
        raw = issues.q_one(query, "cursor")
        if raw is not None:
            after = decode_cursor(raw, route, signature)
            if after is None:
                issues.add("cursor", "Malformed cursor, or one used with other filters.")
        return cls(route, signature, limit, after)


def paginate(
    items: Sequence[T], key: Callable[[T], list[Any]], page: Page, render: Callable[[T], Any]
) -> dict[str, Any]:
    """Sort ``items`` by ``key`` (ascending), cut one page after the cursor, and render it."""
    ordered = sorted(items, key=lambda item: _cmp(key(item)))
    if page.after is not None:
        after = _cmp(page.after)
        ordered = [item for item in ordered if _cmp(key(item)) > after]
    chunk = ordered[: page.limit]
    next_cursor = None
    if len(ordered) > page.limit:
        next_cursor = encode_cursor(page.route, page.signature, key(chunk[-1]))
    return {"items": [render(item) for item in chunk], "nextCursor": next_cursor}


def _cmp(key: list[Any]) -> tuple[Any, ...]:
    # None sorts last; JSON round trips turn tuples into lists, so compare as tuples of plain values.
    return tuple((1, 0) if v is None else (0, v) for v in key)


def canonical(body: bytes) -> Any:
    """The parsed JSON of a body for idempotency comparison (a missing body equals ``{}``)."""
    if not body.strip():
        return {}
    try:
        return json.loads(body)
    except ValueError:
        return ("raw", body)
