"""The spine end to end: clone_from_post, jobs.get with ETags, content.get in both shapes, logs."""

from __future__ import annotations

import json
import logging
import re

import pytest

from layers_async import Client, Request, Response
from layers_async.errors import InvalidRequestError, NotFoundError, ResponseDecodeError, ServerError
from layers_async.models import ApprovalStatus, CloneMode, ContainerStatus, JobStatus, MediaKind
from layers_async.testing import MockTransport, RecordingClock, json_response

KEY = "lp_live_Zx9-very-secret-key"
CID = "cnt_6d2f8a14-b39e-4c71-8f05-2ae9c7d41b58"
ACCEPTED = {
    "jobId": "job_01JQ7M4K9XW2RTB6HNC3PVDE5F",
    "kind": "content_clone_from_post",
    "status": "running",
    "stage": "queued",
    "projectId": "prj_3e8b1f6a-92d4-4c07-8a5e-d41c7f2b9e60",
    "containerId": CID,
    "locationUrl": "/v1/jobs/job_01JQ7M4K9XW2RTB6HNC3PVDE5F",
    "startedAt": "2026-05-11T09:30:02Z",
}
FULL_CONTAINER = {
    "id": CID,
    "status": "completed",
    "approvalStatus": "pending",
    "format": "video_remix",
    "hook": "Your to-do list called. It wants to be finished by noon.",
    "captionVariants": [
        {"platform": "instagram", "text": "Inbox zero before lunch.", "variation": 1},
        {"platform": "instagram", "text": "Noon. List done.", "variation": 2},
    ],
    "mediaAssets": [
        {"id": "asset_01", "kind": "video", "durationMs": 12400, "variation": 1},
        {"id": "asset_02", "kind": "video", "durationMs": 11800, "variation": 2},
    ],
    "sourcePlatformPostId": "pp_01JPZ8D3R6T9V2XB4NQ7KM5HCA",
    "cloneMode": "fork",
    "outputCount": 2,
    "projectId": "prj_3e8b1f6a-92d4-4c07-8a5e-d41c7f2b9e60",
    "createdAt": "2026-05-11T09:30:02Z",
    "completedAt": "2026-05-11T09:33:47.120Z",
    "failedAt": None,
    "lastError": None,
}
SUMMARY_CONTAINER = {
    "id": CID,
    "status": "generating",
    "approvalStatus": "not_required",
    "format": "slideshow-builder",
    "hook": None,
    "caption": "Three taps, zero guilt",
    "assets": [{"assetId": "asset_09", "kind": "image", "url": "https://m.test/a.jpg", "thumbnailUrl": None}],
    "preview": {"anything": True},
    "sourcePlatformPostId": None,
}


def client_for(handler: object, **kwargs: object) -> tuple[Client, MockTransport]:
    transport = MockTransport(handler)  # type: ignore[arg-type]
    return Client(api_key=KEY, transport=transport, clock=RecordingClock(), **kwargs), transport  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_clone_from_post_sends_the_contract_request() -> None:
    client, transport = client_for(lambda _: json_response(202, ACCEPTED))
    accepted = await client.content.clone_from_post(
        project_id="prj_1", source_platform_post_id="pp_1", mode="reimagine", variations=3, container_id=CID
    )
    request = transport.requests[0]
    assert ("POST", f"https://api.layers.com/v1/content/{CID}/clone-from-post") == (request.method, request.url)
    assert json.loads(request.content) == {
        "projectId": "prj_1",
        "sourcePlatformPostId": "pp_1",
        "mode": "reimagine",
        "variations": 3,
    }
    assert request.header("content-type") == "application/json"
    assert (ACCEPTED["jobId"], CID, request.header("idempotency-key")) == (
        accepted.job_id,
        accepted.container_id,
        accepted.idempotency_key,
    )


@pytest.mark.anyio
async def test_clone_from_post_mints_a_container_id_when_none_is_given() -> None:
    client, transport = client_for(lambda _: json_response(202, ACCEPTED))
    await client.content.clone_from_post(project_id="prj_1", source_platform_post_id="pp_1")
    await client.content.clone_from_post(project_id="prj_1", source_platform_post_id="pp_1")
    ids = [re.search(r"/content/([^/]+)/clone", r.url).group(1) for r in transport.requests]  # type: ignore[union-attr]
    assert all(re.fullmatch(r"cnt_[0-9a-f-]{36}", i) for i in ids)
    assert ids[0] != ids[1]


@pytest.mark.anyio
async def test_clone_from_post_marks_a_replayed_answer() -> None:
    client, _ = client_for(lambda _: json_response(202, ACCEPTED, {"Idempotent-Replayed": "true"}))
    accepted = await client.content.clone_from_post(project_id="prj_1", source_platform_post_id="pp_1")
    assert accepted.replayed is True


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"variations": 0}, "variations"),
        ({"variations": 11}, "variations"),
        ({"variations": True}, "variations"),
        ({"mode": "copy"}, "mode"),
        ({"container_id": "not-a-uuid"}, "container_id"),
        ({"container_id": f"{CID}/../x"}, "container_id"),
        ({"project_id": ""}, "project_id"),
        ({"idempotency_key": ""}, "idempotency_key"),
        ({"idempotency_key": "x\ny"}, "idempotency_key"),
    ],
)
async def test_clone_from_post_refuses_bad_input_before_any_request(kwargs: dict[str, object], argument: str) -> None:
    client, transport = client_for(lambda _: json_response(202, ACCEPTED))
    args: dict[str, object] = {"project_id": "prj_1", "source_platform_post_id": "pp_1", **kwargs}
    with pytest.raises(InvalidRequestError) as info:
        await client.content.clone_from_post(**args)  # type: ignore[arg-type]
    assert (argument, []) == (info.value.argument, transport.requests)


@pytest.mark.anyio
async def test_jobs_get_decodes_and_exposes_the_etag() -> None:
    client, transport = client_for(lambda _: json_response(200, ACCEPTED, {"ETag": '"v1"'}))
    job = await client.jobs.get(ACCEPTED["jobId"])
    assert (job.status, job.etag, job.is_terminal) == (JobStatus.RUNNING, '"v1"', False)
    assert transport.requests[0].header("if-none-match") is None


@pytest.mark.anyio
async def test_jobs_get_with_etag_returns_none_on_304() -> None:
    def handler(request: Request) -> Response:
        if request.header("if-none-match") == '"v1"':
            return Response(304, {"ETag": '"v1"'})
        return json_response(200, ACCEPTED, {"ETag": '"v2"'})

    client, _ = client_for(handler)
    assert await client.jobs.get("job_01", etag='"v1"') is None
    changed = await client.jobs.get("job_01", etag='"v0"')
    assert changed is not None
    assert changed.etag == '"v2"'


@pytest.mark.anyio
@pytest.mark.parametrize("bad", ["job/../x", "job?x=1", "job#x", "job 1", "job\r\nX-Evil: 1", "", "\x00"])
async def test_path_ids_with_unsafe_characters_are_refused(bad: str) -> None:
    client, transport = client_for(lambda _: json_response(200, ACCEPTED))
    with pytest.raises(InvalidRequestError):
        await client.jobs.get(bad)
    with pytest.raises(InvalidRequestError):
        await client.content.get(bad)
    assert transport.requests == []


@pytest.mark.anyio
async def test_content_get_decodes_the_full_shape() -> None:
    client, transport = client_for(lambda _: json_response(200, FULL_CONTAINER))
    container = await client.content.get(CID)
    sent = transport.requests[0]
    assert ("GET", f"https://api.layers.com/v1/content/{CID}", b"") == (sent.method, sent.url, sent.content)
    assert (
        container.status,
        container.approval_status,
        container.clone_mode,
        container.output_count,
    ) == (ContainerStatus.COMPLETED, ApprovalStatus.PENDING, CloneMode.FORK, 2)
    assert [a.variation for a in container.media_assets] == [1, 2]
    assert [c.platform for c in container.caption_variants] == ["instagram", "instagram"]


@pytest.mark.anyio
async def test_content_get_decodes_the_tolerated_shape() -> None:
    client, _ = client_for(lambda _: json_response(200, SUMMARY_CONTAINER))
    container = await client.content.get(CID.removeprefix("cnt_"))
    assert ContainerStatus.PROCESSING is container.status
    assert container.format == "slideshow-builder"
    assert [(c.platform, c.text) for c in container.caption_variants] == [(None, "Three taps, zero guilt")]
    assert [(a.id, a.kind) for a in container.media_assets] == [("asset_09", MediaKind.IMAGE)]


@pytest.mark.anyio
async def test_a_bad_response_is_a_typed_error_naming_the_field() -> None:
    broken = {**FULL_CONTAINER, "mediaAssets": [{"id": "a", "kind": "video", "durationMs": "long"}]}
    client, _ = client_for(lambda _: json_response(200, broken, {"X-Request-Id": "req_7"}))
    with pytest.raises(ResponseDecodeError) as info:
        await client.content.get(CID)
    assert (info.value.path, info.value.request_id) == ("$.mediaAssets[0].durationMs", "req_7")


@pytest.mark.anyio
async def test_a_non_json_success_body_is_a_decode_error() -> None:
    client, _ = client_for(lambda _: Response(200, {}, b"<html>"))
    with pytest.raises(ResponseDecodeError):
        await client.content.get(CID)


@pytest.mark.anyio
async def test_not_found_carries_the_server_message() -> None:
    body = {"error": {"code": "NOT_FOUND", "message": "Source post not found.", "requestId": "req_3"}}
    client, _ = client_for(lambda _: json_response(404, body))
    with pytest.raises(NotFoundError) as info:
        await client.content.clone_from_post(project_id="prj_1", source_platform_post_id="pp_x")
    assert (info.value.message, info.value.request_id, info.value.status_code) == (
        "Source post not found.",
        "req_3",
        404,
    )
    assert info.value.idempotency_key is not None


@pytest.mark.anyio
async def test_one_debug_line_per_attempt_and_no_secret_anywhere(caplog: pytest.LogCaptureFixture) -> None:
    answers = iter(
        [json_response(503, {"error": {"code": "UNAVAILABLE", "message": "busy"}}), json_response(200, ACCEPTED)]
    )
    client, _ = client_for(lambda _: next(answers))
    with caplog.at_level(logging.DEBUG, logger="layers_async"):
        await client.jobs.get("job_01")
    lines = [r.getMessage() for r in caplog.records if r.name == "layers_async" and r.levelno == logging.DEBUG]
    assert len(lines) == 2
    assert lines[0].startswith("GET /v1/jobs/job_01 -> 503 (attempt 1,")
    assert lines[1].startswith("GET /v1/jobs/job_01 -> 200 (attempt 2,")
    assert all(KEY not in line for line in caplog.text.splitlines())


@pytest.mark.anyio
async def test_secret_is_absent_from_errors_and_reprs(caplog: pytest.LogCaptureFixture) -> None:
    body = {"error": {"code": "INTERNAL", "message": "boom", "requestId": "req_5"}}
    client, transport = client_for(lambda _: json_response(500, body))
    with caplog.at_level(logging.DEBUG, logger="layers_async"), pytest.raises(ServerError) as info:
        await client.content.clone_from_post(project_id="prj_1", source_platform_post_id="pp_1")
    texts = [
        str(info.value),
        repr(info.value),
        repr(vars(info.value)),
        repr(transport.requests),
        caplog.text,
        repr(client),
    ]
    assert [t for t in texts if KEY in t] == []
