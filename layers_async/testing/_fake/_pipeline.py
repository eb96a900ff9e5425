"""One request through the order of checks: body limits, auth, kill switch, rate bucket, scope, idempotency, route."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from layers_async.testing._fake._http import ApiError, HttpRequest, HttpResponse, Router, RouteSpec
from layers_async.testing._fake._limits import body_problem
from layers_async.testing._fake._state import ApiKey, Org
from layers_async.testing._fake._store import MinuteBucket, Store
from layers_async.testing._fake._validation import canonical
from layers_async.testing._fake._wire import DAY, dumps

__all__ = ["Ctx", "dispatch"]

_JSON = ("Content-Type", "application/json")
_STORED_HEADERS = ("content-type", "etag", "location")
_MUTATING = frozenset(("POST", "PATCH"))


@dataclass(slots=True)
class Ctx:
    """What a route handler sees: the world, the caller and the request."""

    store: Store
    key: ApiKey
    org: Org
    params: dict[str, str]
    request: HttpRequest
    now: float
    request_id: str

    @property
    def query(self) -> dict[str, list[str]]:
        """Parsed query parameters."""
        return self.request.query

    def body(self) -> dict[str, Any]:
        """The JSON object body (``{}`` when empty); 422 when it is not a JSON object."""
        raw = self.request.body
        if not raw.strip():
            return {}
        try:
            value = json.loads(raw)
        except ValueError:
            raise ApiError(
                422, "VALIDATION", "Body is not valid JSON.", {"issues": [{"path": "body", "message": "Invalid JSON."}]}
            ) from None
        if not isinstance(value, dict):
            raise ApiError(
                422,
                "VALIDATION",
                "Body must be a JSON object.",
                {"issues": [{"path": "body", "message": "Must be a JSON object."}]},
            )
        return value


def dispatch(store: Store, router: Router, request: HttpRequest) -> HttpResponse:
    """Answer ``request`` against ``store`` (the caller holds ``store.lock``)."""
    now = store.catch_up()
    request_id = store.ids.request_id(now)
    if request.body and (problem := body_problem(request.body)) is not None:
        return _error(problem, request_id, ())
    matched = router.match(request.method, request.path)
    if matched is None:
        return _error(ApiError(404, "NOT_FOUND", "Resource not found."), request_id, ())
    route, params = matched
    try:
        key, org = _authenticate(store, request)
    except ApiError as exc:
        return _error(exc, request_id, ())
    rate_headers: tuple[tuple[str, str], ...] = ()
    try:
        rate_headers, over = _count(store, key, route.endpoint_class, now)
        if over is not None:
            raise over
        scope = route.scope
        if scope is not None and scope not in key.scopes and "*" not in key.scopes:
            raise ApiError(403, "FORBIDDEN_SCOPE", f"This key lacks the {scope} scope.", {"requiredScope": scope})
        idem = _idempotency(store, key, route, request, now, request_id) if request.method in _MUTATING else None
        if idem is not None and isinstance(idem[1], HttpResponse):
            return idem[1]
        reply = route.handler(Ctx(store, key, org, params, request, now, request_id))
    except ApiError as exc:
        return _error(exc, request_id, rate_headers)
    headers = [("X-Request-Id", request_id), *rate_headers, *reply.headers]
    if reply.raw is not None:
        content = reply.raw
        headers.append(_JSON)
    elif reply.body is not None:
        content = dumps(reply.body)
        headers.append(_JSON)
    else:
        content = b""
    if idem is not None and 200 <= reply.status < 300:
        stored = [(k, v) for k, v in headers if k.lower() in _STORED_HEADERS]
        store.idempotency[idem[1]] = (now + store.config.idempotency_ttl, idem[2], reply.status, stored, content)
    return HttpResponse(reply.status, headers, content)


def _error(exc: ApiError, request_id: str, rate_headers: tuple[tuple[str, str], ...]) -> HttpResponse:
    err: dict[str, Any] = {"code": exc.code, "message": exc.message, "requestId": request_id}
    if exc.details is not None:
        err["details"] = exc.details
    headers = [("X-Request-Id", request_id), *rate_headers, *exc.headers, _JSON]
    return HttpResponse(exc.status, headers, dumps({"error": err}))


def _authenticate(store: Store, request: HttpRequest) -> tuple[ApiKey, Org]:
    headers = request.headers
    secret = headers.get("x-api-key")
    if secret is None:
        auth = headers.get("authorization")
        if auth is not None and auth[:7].lower() == "bearer ":
            secret = auth[7:].strip()
    if not secret:
        raise ApiError(401, "UNAUTHENTICATED", "Missing or malformed API key.")
    key = store.keys_by_secret.get(secret)
    if key is None:
        raise ApiError(401, "UNAUTHENTICATED", "Invalid API key.")
    org = store.orgs[key.org_id]
    if key.killed:
        raise ApiError(503, "KILL_SWITCH", "This API key has been disabled.", {"scope": "key"})
    if org.suspended:
        raise ApiError(503, "KILL_SWITCH", "API access for this organization is suspended.", {"scope": "organization"})
    return key, org


def _bucket(store: Store, key: ApiKey, endpoint_class: str, window: float) -> MinuteBucket:
    """The current minute's bucket of (``key``, ``endpoint_class``), with its limit headers up to date."""
    slot = (key.id, endpoint_class)
    bucket = store.minute_buckets.get(slot)
    if bucket is None or bucket.window != window:
        bucket = store.minute_buckets[slot] = MinuteBucket(window, endpoint_class)
    if bucket.limits is not key.limits:  # first use, or `set_limits` since
        bucket.limits = key.limits
        bucket.limit = key.limits.per_minute(endpoint_class)
        bucket.limit_header = ("X-RateLimit-Limit", str(bucket.limit))
    return bucket


def _count(
    store: Store, key: ApiKey, endpoint_class: str, now: float
) -> tuple[tuple[tuple[str, str], ...], ApiError | None]:
    """Count the request in its buckets; return the rate headers and the 429 to answer, if over a limit."""
    window = now // 60 * 60
    bucket = store.minute_buckets.get((key.id, endpoint_class))
    if bucket is None or bucket.window != window or bucket.limits is not key.limits:
        bucket = _bucket(store, key, endpoint_class, window)
    bucket.count += 1
    used, limit = bucket.count, bucket.limit
    headers = (
        bucket.class_header,
        bucket.limit_header,
        ("X-RateLimit-Remaining", str(limit - used) if used < limit else "0"),
        bucket.reset_header,
    )
    if endpoint_class == "write-light":
        day = now // DAY * DAY
        daily = store.day_buckets.get(key.id)
        if daily is None or daily[0] != day:
            daily = [day, 0.0]
            store.day_buckets[key.id] = daily
        daily[1] += 1
        if used <= limit and daily[1] > key.limits.write_light_day:
            return headers, rate_limited(endpoint_class, "day", day + DAY - now)
    if used > limit:
        return headers, rate_limited(endpoint_class, "minute", window + 60 - now)
    return headers, None


def rate_limited(endpoint_class: str, limit_type: str, wait: float) -> ApiError:
    """A 429 ``RATE_LIMITED`` with ``Retry-After`` (whole seconds, at least 1)."""
    retry_after = max(1, math.ceil(wait))
    details = {"endpointClass": endpoint_class, "limitType": limit_type, "retryAfterSeconds": retry_after}
    exc = ApiError(429, "RATE_LIMITED", f"Rate limit exceeded ({limit_type}).", details)
    exc.headers = [("Retry-After", str(retry_after))]
    return exc


def _idempotency(
    store: Store, key: ApiKey, route: RouteSpec, request: HttpRequest, now: float, request_id: str
) -> tuple[str, Any, Any] | None:
    value = request.headers.get("idempotency-key")
    if value is None:
        return None
    if not 1 <= len(value) <= 255 or any(not 32 <= ord(c) <= 126 for c in value):
        raise ApiError(
            422,
            "VALIDATION",
            "Idempotency-Key must be 1-255 printable ASCII characters.",
            {"issues": [{"path": "Idempotency-Key", "message": "Must be 1-255 printable ASCII characters."}]},
        )
    slot = (key.id, request.method, request.path, value)
    body = canonical(request.body)
    entry = store.idempotency.get(slot)
    if entry is not None and entry[0] > now:
        _, stored_body, status, stored_headers, content = entry
        if stored_body != body:
            raise ApiError(409, "IDEMPOTENCY_CONFLICT", "This Idempotency-Key was already used with a different body.")
        rate = _peek_rate(store, key, route.endpoint_class, now)
        headers = [("X-Request-Id", request_id), *rate, *stored_headers]
        headers.append(("Idempotent-Replayed", "true"))
        return ("replay", HttpResponse(status, headers, content), None)
    return ("run", slot, body)


def _peek_rate(store: Store, key: ApiKey, endpoint_class: str, now: float) -> tuple[tuple[str, str], ...]:
    window = now // 60 * 60
    bucket = store.minute_buckets.get((key.id, endpoint_class))
    used = bucket.count if bucket is not None and bucket.window == window else 0
    limit = key.limits.per_minute(endpoint_class)
    return (
        ("X-RateLimit-Endpoint-Class", endpoint_class),
        ("X-RateLimit-Limit", str(limit)),
        ("X-RateLimit-Remaining", str(max(0, limit - used))),
        ("X-RateLimit-Reset", str(int(window + 60))),
    )
