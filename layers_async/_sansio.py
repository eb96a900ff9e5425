"""HTTP semantics as plain functions: build URLs, read errors, Retry-After and rate-limit headers.

No I/O here; everything is tested without a transport.
"""

from __future__ import annotations

import email.utils
import math
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

from layers_async._converter import decode_json
from layers_async._transport import Response
from layers_async.errors import (
    APIError,
    ApprovalRequiredError,
    AuthenticationError,
    ConflictError,
    ContentRejectedError,
    IdempotencyConflictError,
    KillSwitchError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ResponseTooLargeError,
    ServerError,
    TransportError,
    ValidationError,
)

__all__ = [
    "QueryValue",
    "build_url",
    "error_from_response",
    "is_retryable",
    "parse_retry_after",
    "retry_seconds",
]

QueryValue = str | int | float | bool | None | Iterable[str | int | float | bool]

_BY_CODE: dict[str, type[APIError]] = {
    "UNAUTHENTICATED": AuthenticationError,
    "FORBIDDEN_SCOPE": PermissionDeniedError,
    "APPROVAL_REQUIRED": ApprovalRequiredError,
    "NOT_FOUND": NotFoundError,
    "CONFLICT": ConflictError,
    "IDEMPOTENCY_CONFLICT": IdempotencyConflictError,
    "CONTENT_REJECTED": ContentRejectedError,
    "VALIDATION": ValidationError,
    "RATE_LIMITED": RateLimitedError,
    "KILL_SWITCH": KillSwitchError,
    "PLATFORM_ERROR": ServerError,
    "INTERNAL": ServerError,
    "BAD_GATEWAY": ServerError,
    "UNAVAILABLE": ServerError,
    "TIMEOUT": ServerError,
}
_CODE_BY_STATUS = {
    400: "VALIDATION",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN_SCOPE",
    404: "NOT_FOUND",
    409: "CONFLICT",
    422: "VALIDATION",
    429: "RATE_LIMITED",
    500: "INTERNAL",
    502: "BAD_GATEWAY",
    503: "UNAVAILABLE",
    504: "TIMEOUT",
}
_RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
_NEVER_RETRY_CODES = frozenset({"KILL_SWITCH", "PLATFORM_ERROR"})


def _query_text(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def build_url(base_url: str, path: str, query: Mapping[str, QueryValue] | None = None) -> str:
    """Join ``base_url`` and ``path``; arrays repeat their key, booleans read ``true``/``false``,
    ``None`` values are left out."""
    url = base_url + path
    if not query:
        return url
    pairs: list[tuple[str, str]] = []
    for key, value in query.items():
        if value is None:
            continue
        if isinstance(value, (str, int, float, bool)):
            pairs.append((key, _query_text(value)))
        else:
            pairs.extend((key, _query_text(v)) for v in value)
    return f"{url}?{urlencode(pairs)}" if pairs else url


def retry_seconds(value: object) -> float | None:
    """A server-given wait as seconds: negative counts as 0; nan, infinite or not a number is ignored."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if not isinstance(value, (int, float)):
        return None
    try:
        seconds = float(value)
    except OverflowError:  # an integer beyond float range
        return None
    return max(0.0, seconds) if math.isfinite(seconds) else None


def parse_retry_after(response: Response, *, now: float) -> float | None:
    """Seconds to wait from ``retry-after-ms``, ``Retry-After`` seconds or HTTP-date (``now`` = epoch s).

    Negative values count as 0; nan, infinite and unparseable values are ignored (``None``). Whether the
    wait is too long to honour is the retry policy's call (``max_retry_after``).
    """
    ms = retry_seconds(response.header("retry-after-ms"))
    if ms is not None:
        return ms / 1000.0
    raw = response.header("retry-after")
    if raw is None:
        return None
    seconds = retry_seconds(raw)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(raw).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None
    return retry_seconds(when - now)


def _redirect_error(response: Response, idempotency_key: str | None) -> APIError:
    """A 3xx is never followed (the key would go with it): an error naming the status and the target host."""
    status = response.status_code
    location = response.header("location") or ""
    try:
        host = urlsplit(location).hostname if "//" in location else None
    except ValueError:  # e.g. an unclosed IPv6 bracket
        host = "(unreadable)"
    target = f"to host {host!r}" if host else "within the same host" if location else "without a Location"
    return APIError(
        f"HTTP {status}: the server redirected {target}; redirects are never followed",
        status_code=status,
        code=f"HTTP_{status}",
        request_id=response.header("x-request-id"),
        idempotency_key=idempotency_key,
    )


def error_from_response(response: Response, *, idempotency_key: str | None = None, now: float) -> APIError:
    """Build the typed error for a response that is not 2xx or 304; a non-JSON body is read from its status."""
    status = response.status_code
    if status < 400:  # 1xx, 3xx other than 304
        return _redirect_error(response, idempotency_key)
    request_id = response.header("x-request-id")
    code = _CODE_BY_STATUS.get(status, "INTERNAL" if status >= 500 else f"HTTP_{status}")
    message = f"HTTP {status}"
    details: Mapping[str, Any] = {}
    try:
        body = decode_json(response.content) if response.content else None
    except Exception:
        body = None
    envelope = body.get("error") if isinstance(body, dict) else None
    if isinstance(envelope, dict):
        if isinstance(envelope.get("code"), str):
            code = envelope["code"]
        if isinstance(envelope.get("message"), str):
            message = envelope["message"]
        if isinstance(envelope.get("requestId"), str):
            request_id = envelope["requestId"]
        if isinstance(envelope.get("details"), dict):
            details = envelope["details"]
    cls = _BY_CODE.get(code) or _class_for_status(status)
    kwargs: dict[str, Any] = {
        "status_code": status,
        "code": code,
        "request_id": request_id,
        "details": details,
        "idempotency_key": idempotency_key,
    }
    if issubclass(cls, RateLimitedError):
        retry_after = parse_retry_after(response, now=now)
        if retry_after is None:
            retry_after = retry_seconds(details.get("retryAfterSeconds"))
        return cls(message, retry_after=retry_after, **kwargs)
    return cls(message, **kwargs)


def _class_for_status(status: int) -> type[APIError]:
    return _BY_CODE.get(_CODE_BY_STATUS.get(status, ""), ServerError if status >= 500 else APIError)


def is_retryable(error: Exception, *, method: str, has_idempotency_key: bool) -> bool:
    """Whether one more attempt is allowed after ``error``.

    429 and 500/502/503/504 are retried unless the code is ``KILL_SWITCH`` or ``PLATFORM_ERROR``;
    other 4xx never are. A transport error that may have reached the server is retried only for a GET
    or a request carrying an ``Idempotency-Key``; one that never left is always retried.
    """
    if isinstance(error, APIError):
        return error.status_code in _RETRYABLE_STATUS and error.code not in _NEVER_RETRY_CODES
    if isinstance(error, ResponseTooLargeError):
        return False  # the same body would come back
    if isinstance(error, TransportError):
        return not error.request_sent or method in ("GET", "HEAD") or has_idempotency_key
    return False
