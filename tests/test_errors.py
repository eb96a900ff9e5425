"""Errors explain themselves in a repr, and never show the key."""

from __future__ import annotations

import pytest

from layers_async import Client, Request, Response
from layers_async.errors import (
    ConnectError,
    InvalidRequestError,
    JobFailedError,
    NotFoundError,
    RateLimitedError,
    ResponseDecodeError,
)
from layers_async.testing import MockTransport, json_response

KEY = "lp_test_s3cr3t-key-value"


def test_api_error_repr_names_status_code_message_and_request_id() -> None:
    error = NotFoundError(
        "Project not found.", status_code=404, code="NOT_FOUND", request_id="req_01JQ7P6V3C9E2H5K8M1Q4S7X0Z"
    )
    expected = (
        "NotFoundError(status=404, code='NOT_FOUND', message='Project not found.', "
        "request_id='req_01JQ7P6V3C9E2H5K8M1Q4S7X0Z')"
    )
    assert expected == repr(error)


def test_api_error_repr_leaves_out_a_missing_request_id() -> None:
    error = NotFoundError("Project not found.", status_code=404, code="NOT_FOUND")
    assert "NotFoundError(status=404, code='NOT_FOUND', message='Project not found.')" == repr(error)


def test_rate_limited_repr_adds_retry_after() -> None:
    error = RateLimitedError("slow down", status_code=429, code="RATE_LIMITED", retry_after=2.5)
    assert "RateLimitedError(status=429, code='RATE_LIMITED', message='slow down', retry_after=2.5)" == repr(error)


def test_other_errors_repr_their_own_fields() -> None:
    assert "InvalidRequestError(argument='limit', message='bad')" == repr(InvalidRequestError("bad", argument="limit"))
    assert "ConnectError(message='refused', request_sent=False)" == repr(ConnectError("refused"))
    decode = ResponseDecodeError("no id", path="$.id", status_code=200, request_id="req_1")
    assert "ResponseDecodeError(status=200, path='$.id', message='no id', request_id='req_1')" == repr(decode)
    assert "JobFailedError(job_id='job_1', message='failed')" == repr(JobFailedError("failed", job_id="job_1"))


@pytest.mark.anyio
async def test_error_from_a_real_response_reprs_without_the_key() -> None:
    def not_found(_: Request) -> Response:
        body = {"error": {"code": "NOT_FOUND", "message": "Project not found.", "requestId": "req_9"}}
        return json_response(404, body)

    async with Client(api_key=KEY, transport=MockTransport(not_found)) as client:
        with pytest.raises(NotFoundError) as info:
            await client.projects.get("prj_1")
    text = repr(info.value)
    assert "NotFoundError(status=404, code='NOT_FOUND', message='Project not found.', request_id='req_9')" == text
    assert KEY not in text + str(info.value)
