"""The pure HTTP helpers: URLs, path ids, Retry-After, error mapping, the retry decision."""

from __future__ import annotations

import email.utils

import pytest

from layers_async import Response
from layers_async._checks import path_id
from layers_async._sansio import build_url, error_from_response, is_retryable, parse_retry_after
from layers_async.errors import (
    APIError,
    ApprovalRequiredError,
    AuthenticationError,
    ConflictError,
    ConnectError,
    ContentRejectedError,
    IdempotencyConflictError,
    InvalidRequestError,
    KillSwitchError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TransportError,
    ValidationError,
)
from layers_async.testing import json_response


def envelope(code: str, details: dict[str, object] | None = None, message: str = "m") -> dict[str, object]:
    error: dict[str, object] = {"code": code, "message": message, "requestId": "req_01"}
    if details is not None:
        error["details"] = details
    return {"error": error}


@pytest.mark.parametrize(
    "value", ["a/b", "a?b", "a#b", "a b", "a\tb", "a\nb", "a\x00b", "a\x7fb", "", ".", "..", "a%2Fb", "a\u2028b"]
)
def test_path_id_refuses_unsafe_values(value: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        path_id("job_id", value)
    assert info.value.argument == "job_id"


def test_path_id_refuses_non_strings() -> None:
    with pytest.raises(InvalidRequestError):
        path_id("job_id", 12)


def test_path_id_accepts_prefixed_and_bare_ids() -> None:
    assert path_id("job_id", "job_01JQ7M4K9XW2RTB6HNC3PVDE5F") == "job_01JQ7M4K9XW2RTB6HNC3PVDE5F"
    assert path_id("x", "6d2f8a14-b39e-4c71-8f05-2ae9c7d41b58") == "6d2f8a14-b39e-4c71-8f05-2ae9c7d41b58"


def test_build_url_repeats_array_keys_and_writes_booleans() -> None:
    url = build_url(
        "https://api.layers.com",
        "/v1/projects/p/metrics",
        {"metrics": ["views", "engagement_rate"], "eligible": True, "cursor": None, "limit": 5},
    )
    assert (
        url
        == "https://api.layers.com/v1/projects/p/metrics?metrics=views&metrics=engagement_rate&eligible=true&limit=5"
    )


def test_retry_after_seconds() -> None:
    assert parse_retry_after(Response(429, {"Retry-After": "7"}), now=0) == 7.0


def test_retry_after_ms_wins_over_seconds() -> None:
    assert parse_retry_after(Response(429, {"retry-after-ms": "250", "Retry-After": "7"}), now=0) == 0.25


def test_retry_after_http_date() -> None:
    now = 1_800_000_000.0
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert parse_retry_after(Response(503, {"Retry-After": date}), now=now) == 30.0


def test_retry_after_garbage_is_ignored() -> None:
    assert parse_retry_after(Response(429, {"Retry-After": "soon"}), now=0) is None


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (401, "UNAUTHENTICATED", AuthenticationError),
        (403, "FORBIDDEN_SCOPE", PermissionDeniedError),
        (403, "APPROVAL_REQUIRED", ApprovalRequiredError),
        (404, "NOT_FOUND", NotFoundError),
        (409, "CONFLICT", ConflictError),
        (409, "IDEMPOTENCY_CONFLICT", IdempotencyConflictError),
        (409, "CONTENT_REJECTED", ContentRejectedError),
        (422, "VALIDATION", ValidationError),
        (400, "VALIDATION", ValidationError),
        (429, "RATE_LIMITED", RateLimitedError),
        (503, "KILL_SWITCH", KillSwitchError),
        (502, "PLATFORM_ERROR", ServerError),
        (500, "INTERNAL", ServerError),
        (502, "BAD_GATEWAY", ServerError),
        (503, "UNAVAILABLE", ServerError),
        (504, "TIMEOUT", ServerError),
    ],
)
def test_each_code_maps_to_its_class(status: int, code: str, cls: type[APIError]) -> None:
    error = error_from_response(json_response(status, envelope(code)), idempotency_key="k1", now=0)
    assert (cls, status, code, "req_01", "k1", "m") == (
        type(error),
        error.status_code,
        error.code,
        error.request_id,
        error.idempotency_key,
        error.message,
    )


@pytest.mark.parametrize(
    ("status", "cls", "code"),
    [(404, NotFoundError, "SOMETHING_NEW"), (409, ConflictError, "NEW_CONFLICT"), (418, APIError, "TEAPOT")],
)
def test_unknown_code_falls_back_to_status(status: int, cls: type[APIError], code: str) -> None:
    error = error_from_response(json_response(status, envelope(code)), now=0)
    assert (cls, code) == (type(error), error.code)


@pytest.mark.parametrize(
    ("status", "code"), [(500, "INTERNAL"), (502, "BAD_GATEWAY"), (503, "UNAVAILABLE"), (504, "TIMEOUT")]
)
def test_non_json_5xx_is_built_from_the_status(status: int, code: str) -> None:
    error = error_from_response(Response(status, {"X-Request-Id": "req_9"}, b"<html>oops</html>"), now=0)
    assert (ServerError, code, "req_9") == (type(error), error.code, error.request_id)


def test_rate_limited_carries_retry_after_and_details() -> None:
    body = envelope("RATE_LIMITED", {"endpointClass": "read-light", "limitType": "minute", "retryAfterSeconds": 12})
    error = error_from_response(json_response(429, body, {"Retry-After": "12"}), now=0)
    assert isinstance(error, RateLimitedError)
    assert (error.retry_after, error.endpoint_class, error.limit_type) == (12.0, "read-light", "minute")


def test_conflict_exposes_subcode_and_layer_count() -> None:
    error = error_from_response(
        json_response(409, envelope("CONFLICT", {"subcode": "LAYER_AMBIGUOUS", "layerCount": 2})), now=0
    )
    assert isinstance(error, ConflictError)
    assert (error.subcode, error.layer_count) == ("LAYER_AMBIGUOUS", 2)


def test_conflict_without_subcode_but_layer_count_reads_as_layer_ambiguous() -> None:
    error = error_from_response(json_response(409, envelope("CONFLICT", {"layerCount": 3})), now=0)
    assert isinstance(error, ConflictError)
    assert error.subcode == "LAYER_AMBIGUOUS"


def test_conflict_without_details_has_no_subcode() -> None:
    error = error_from_response(json_response(409, envelope("CONFLICT")), now=0)
    assert isinstance(error, ConflictError)
    assert (error.subcode, error.layer_count) == (None, None)


def test_validation_exposes_issues() -> None:
    body = envelope("VALIDATION", {"issues": [{"path": "targets[0].mode", "message": "bad mode"}]})
    error = error_from_response(json_response(422, body), now=0)
    assert isinstance(error, ValidationError)
    assert error.issues == [("targets[0].mode", "bad mode")]


def test_permission_denied_names_the_scope() -> None:
    error = error_from_response(json_response(403, envelope("FORBIDDEN_SCOPE", {"requiredScope": "jobs:read"})), now=0)
    assert isinstance(error, PermissionDeniedError)
    assert error.required_scope == "jobs:read"


def api_error(status: int, code: str) -> APIError:
    return error_from_response(json_response(status, envelope(code)), now=0)


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (429, "RATE_LIMITED", True),
        (500, "INTERNAL", True),
        (502, "BAD_GATEWAY", True),
        (503, "UNAVAILABLE", True),
        (504, "TIMEOUT", True),
        (503, "KILL_SWITCH", False),
        (502, "PLATFORM_ERROR", False),
        (409, "CONFLICT", False),
        (409, "IDEMPOTENCY_CONFLICT", False),
        (404, "NOT_FOUND", False),
        (422, "VALIDATION", False),
        (401, "UNAUTHENTICATED", False),
    ],
)
def test_which_api_errors_are_retried(status: int, code: str, expected: bool) -> None:
    assert expected == is_retryable(api_error(status, code), method="POST", has_idempotency_key=True)


@pytest.mark.parametrize(
    ("error", "method", "has_key", "expected"),
    [
        (ConnectError("refused"), "POST", False, True),
        (TransportError("reset", request_sent=True), "GET", False, True),
        (TransportError("reset", request_sent=True), "POST", True, True),
        (TransportError("reset", request_sent=True), "POST", False, False),
        (TransportError("reset", request_sent=True), "PATCH", False, False),
    ],
)
def test_transport_errors_are_retried_only_when_safe(
    error: TransportError, method: str, has_key: bool, expected: bool
) -> None:
    assert expected == is_retryable(error, method=method, has_idempotency_key=has_key)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "-5"}, 0.0),
        ({"Retry-After": "nan"}, None),
        ({"Retry-After": "inf"}, None),
        ({"Retry-After": "-inf"}, None),
        ({"Retry-After": "1e999"}, None),
        ({"retry-after-ms": "nan", "Retry-After": "4"}, 4.0),
        ({"retry-after-ms": "-10"}, 0.0),
        ({"Retry-After": "Mon, 01 Jan 10000 00:00:00 GMT"}, None),
        ({"Retry-After": "Thu, 01 Jan 1970 00:00:00 GMT"}, 0.0),
    ],
)
def test_retry_after_out_of_range_values(headers: dict[str, str], expected: float | None) -> None:
    assert expected == parse_retry_after(Response(429, headers), now=1_000_000.0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(-3, 0.0), (2, 2.0), (10**400, None), (True, None), ("x", None), (float("nan"), None), (None, None)],
)
def test_details_retry_after_seconds_out_of_range(value: object, expected: float | None) -> None:
    body = {"error": {"code": "RATE_LIMITED", "message": "slow", "details": {"retryAfterSeconds": value}}}
    error = error_from_response(json_response(429, body), now=0)
    assert expected == getattr(error, "retry_after", "missing")
