"""The one call path every resource uses: key checked, minted once by the client, metadata set explicitly."""

from __future__ import annotations

import ast
import pathlib

import pytest

import layers_async
from layers_async.errors import InvalidRequestError

JOB = "job_01JTG4M8Q2S6V0Y3B7E1H5K9N3"
PID = "prj_7c1d9e2f-3a4b-4c5d-8e6f-0a1b2c3d4e5f"
CID = "cnt_4b8e2a6c-0d3f-4a7b-9c1e-5f2a8d4b6c0e"
ENVELOPE = {
    "jobId": JOB,
    "kind": "content_clone_from_post",
    "status": "queued",
    "projectId": PID,
    "containerId": CID,
    "locationUrl": f"/v1/jobs/{JOB}",
    "startedAt": "2026-05-13T08:00:04Z",
}
# Keys a server could put in a body that look like response metadata: they must never become it.
FAKE_META = {"etag": '"from-body"', "idempotencyKey": "from-body", "replayed": True}


@pytest.mark.anyio
async def test_an_accepted_job_carries_the_key_the_client_minted_and_sent(api) -> None:
    api.reply(202, ENVELOPE)
    job = await api.client.content.clone_from_post(project_id=PID, source_platform_post_id="pp_1")
    sent_key = api.requests[-1].header("idempotency-key")
    assert sent_key is not None
    assert (sent_key, False) == (job.idempotency_key, job.replayed)


@pytest.mark.anyio
async def test_replayed_comes_from_the_response_header(api) -> None:
    api.reply(202, ENVELOPE, {"Idempotent-Replayed": "true"})
    job = await api.client.content.clone_from_post(
        project_id=PID, source_platform_post_id="pp_1", idempotency_key="k-7"
    )
    assert ("k-7", True) == (job.idempotency_key, job.replayed)


@pytest.mark.anyio
async def test_metadata_look_alikes_in_a_body_are_ignored(api) -> None:
    api.reply(202, {**ENVELOPE, **FAKE_META})
    accepted = await api.client.content.clone_from_post(
        project_id=PID, source_platform_post_id="pp_1", idempotency_key="k-8"
    )
    api.reply(200, {**ENVELOPE, **FAKE_META})
    polled = await api.client.jobs.get(JOB)
    assert ("k-8", False, None, None) == (accepted.idempotency_key, accepted.replayed, accepted.etag, polled.etag)


@pytest.mark.anyio
async def test_a_job_gets_the_etag_header(api) -> None:
    api.reply(200, ENVELOPE, {"ETag": '"j9"'})
    job = await api.client.jobs.get(JOB)
    assert '"j9"' == job.etag


@pytest.mark.anyio
async def test_a_304_is_none_without_decoding(api) -> None:
    api.replies.append(layers_async.Response(304, [("ETag", '"j9"')], b""))
    assert await api.client.jobs.get(JOB, etag='"j9"') is None
    assert '"j9"' == api.requests[-1].header("if-none-match")


@pytest.mark.anyio
@pytest.mark.parametrize("key", ["", "x" * 256, "clé", 7])
async def test_a_bad_key_is_refused_before_any_request(api, key: object) -> None:
    with pytest.raises(InvalidRequestError) as info:
        await api.client.review.approve(CID, idempotency_key=key)  # type: ignore[arg-type]
    assert ("idempotency_key", []) == (info.value.argument, api.requests)


@pytest.mark.anyio
async def test_every_retry_of_a_call_reuses_the_one_key(api) -> None:
    api.reply(503, {"error": {"code": "UNAVAILABLE", "message": "x"}})
    api.reply(202, ENVELOPE)
    job = await api.client.content.clone_from_post(project_id=PID, source_platform_post_id="pp_1")
    keys = {r.header("idempotency-key") for r in api.requests}
    assert ({job.idempotency_key}, 2) == (keys, len(api.requests))


def test_idempotency_keys_are_minted_in_one_place() -> None:
    """Only `_call.mint_idempotency_key` draws a uuid4 for a key (`_checks` draws container ids)."""
    root = pathlib.Path(layers_async.__file__).parent
    callers = set()
    for path in root.rglob("*.py"):
        if "_fake" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "uuid4":
                callers.add(str(path.relative_to(root)))
    assert {"_call.py", "_checks.py"} == callers


def test_no_resource_sends_or_decodes_by_itself() -> None:
    """Every resource method goes through `Resource._call`/`_send`; none calls the client directly."""
    root = pathlib.Path(layers_async.__file__).parent / "_resources"
    direct = sorted(
        f"{path.name}:{node.lineno}"
        for path in root.glob("_*.py")
        if path.name != "_base.py"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute)
        and node.attr in ("send", "_exchange", "decode")
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "_client"
    )
    assert [] == direct
