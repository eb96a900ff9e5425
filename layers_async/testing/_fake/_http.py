"""The emulator's own plain HTTP types, its error type and a tiny router. No SDK types here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = [
    "ApiError",
    "HttpRequest",
    "HttpResponse",
    "Reply",
    "RouteSpec",
    "Router",
    "conflict",
    "not_found",
    "validation_error",
]


@dataclass(slots=True)
class HttpRequest:
    """A request as the emulator sees it: path and parsed query, lower-cased headers, raw body."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes = b""

    @classmethod
    def build(cls, method: str, target: str, headers: Iterable[tuple[str, str]], body: bytes = b"") -> HttpRequest:
        """Build from an absolute URL or a path with query string, and header pairs (first value wins)."""
        if target.startswith(_BASE):
            # Hot path: the SDK's absolute URLs on the contract's base URL.
            path = target[_BASE_LEN:]
            if "?" in path or "#" in path:
                path, query_string = _split_path(path)
            else:
                query_string = ""
        else:
            path, query_string = _split_target(target)
        hdrs: dict[str, str] = {}
        for name, value in headers:
            lname = name.lower()
            if lname not in hdrs:
                hdrs[lname] = value
        query = parse_qs(query_string, keep_blank_values=True) if query_string else {}
        if not method.isupper():
            method = method.upper()
        return cls(method, unquote(path) if "%" in path else path, query, hdrs, body)


_BASE = "https://api.layers.com/"
_BASE_LEN = len(_BASE) - 1  # keep the path's leading slash


def _split_path(target: str) -> tuple[str, str]:
    """``(path, query)`` of an origin-form target, without the fragment."""
    if "#" in target:
        target = target.split("#", 1)[0]
    if "?" not in target:
        return target, ""
    path, _, query = target.partition("?")
    return path, query


def _split_target(target: str) -> tuple[str, str]:
    """``(path, query)`` of an absolute URL or an origin-form target, without the fragment."""
    if target[:1] != "/":
        scheme = target.find("://")
        slash = target.find("/", scheme + 3) if scheme >= 0 else -1
        if slash < 0:
            parts = urlsplit(target)
            return parts.path or "/", parts.query
        target = target[slash:]
    return _split_path(target)


@dataclass(slots=True)
class HttpResponse:
    """A response: status, header pairs, body bytes."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """Return the first value of header ``name`` (case-insensitive)."""
        lname = name.lower()
        for key, value in self.headers:
            if key.lower() == lname:
                return value
        return None


@dataclass(slots=True)
class Reply:
    """What a route handler returns: a status, a JSON-able body (or raw bytes) and extra headers."""

    status: int
    body: Any = None
    raw: bytes | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)


class ApiError(Exception):
    """An error answer: becomes the error envelope."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Mapping[str, Any] | None = None,
        headers: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = dict(details) if details is not None else None
        self.headers = headers or []


def not_found(message: str) -> ApiError:
    """404 ``NOT_FOUND`` with ``message`` naming the resource."""
    return ApiError(404, "NOT_FOUND", message)


def validation_error(issues: list[dict[str, str]]) -> ApiError:
    """422 ``VALIDATION`` carrying ``details.issues``."""
    first = issues[0]
    return ApiError(422, "VALIDATION", f"{first['path']}: {first['message']}", {"issues": issues})


def conflict(subcode: str, message: str, **details: Any) -> ApiError:
    """409 ``CONFLICT`` with ``details.subcode`` and more."""
    return ApiError(409, "CONFLICT", message, {"subcode": subcode, **details})


@dataclass(frozen=True, slots=True)
class RouteSpec:
    """One endpoint: method, path template, required scope, endpoint class and handler."""

    method: str
    template: str
    scope: str | None
    endpoint_class: str
    handler: Callable[[Any], Reply]


_Compiled = tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...], RouteSpec]


class Router:
    """Matches ``(method, path)`` to a `RouteSpec` and its path parameters.

    Templates are indexed by method, segment count and second segment (the resource after ``v1``) when that is
    a literal, so a lookup tries one or two templates instead of every route; each template is precompiled into
    its literal and parameter positions.
    """

    def __init__(self) -> None:
        self._routes: dict[tuple[str, int], list[_Compiled]] = {}
        self._index: dict[tuple[str, int, str], list[_Compiled]] = {}
        self._wild: set[tuple[str, int]] = set()
        self.specs: list[RouteSpec] = []

    def add(self, spec: RouteSpec) -> None:
        """Register ``spec``."""
        segments = spec.template.strip("/").split("/")
        literals = tuple((i, s) for i, s in enumerate(segments) if s[:1] != "{")
        params = tuple((i, s[1:-1]) for i, s in enumerate(segments) if s[:1] == "{")
        group = (spec.method, len(segments))
        self._routes.setdefault(group, []).append((literals, params, spec))
        self.specs.append(spec)
        if len(segments) < 2 or segments[1][:1] == "{":
            self._wild.add(group)
        # Rebuild the index: each template of a fully literal-indexed group, in registration order.
        self._index = {}
        for (method, n), compiled in self._routes.items():
            if (method, n) not in self._wild:
                for entry in compiled:
                    self._index.setdefault((method, n, dict(entry[0])[1]), []).append(entry)

    def match(self, method: str, path: str) -> tuple[RouteSpec, dict[str, str]] | None:
        """Return the matching spec and its parameters, or ``None``."""
        segments = path.strip("/").split("/")
        n = len(segments)
        if n >= 2 and (method, n) not in self._wild:
            candidates = self._index.get((method, n, segments[1]))
        else:
            candidates = self._routes.get((method, n))
        if not candidates:
            return None
        for literals, names, spec in candidates:
            for i, want in literals:
                if segments[i] != want:
                    break
            else:
                params: dict[str, str] = {}
                for i, name in names:
                    got = segments[i]
                    if not got:
                        break
                    params[name] = got
                else:
                    return spec, params
        return None
