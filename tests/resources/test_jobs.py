"""client.jobs: get (the exact request, every terminal shape decoded) and cancel."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from layers_async.errors import InvalidRequestError
from layers_async.models import CancelReason, CancelResult, Job, JobErrorInfo, JobResult, JobStatus

JOB = "job_01JTG4M8Q2S6V0Y3B7E1H5K9N3"
PID = "prj_7c1d9e2f-3a4b-4c5d-8e6f-0a1b2c3d4e5f"
CID = "cnt_4b8e2a6c-0d3f-4a7b-9c1e-5f2a8d4b6c0e"
ENVELOPE = {
    "jobId": JOB,
    "kind": "content_clone_from_post",
    "projectId": PID,
    "containerId": CID,
    "locationUrl": f"/v1/jobs/{JOB}",
    "startedAt": "2026-05-13T08:00:04Z",
}
COMMON = {
    "job_id": JOB,
    "kind": "content_clone_from_post",
    "project_id": PID,
    "container_id": CID,
    "location_url": f"/v1/jobs/{JOB}",
    "started_at": datetime(2026, 5, 13, 8, 0, 4, tzinfo=timezone.utc),
}


@pytest.mark.anyio
async def test_get_sends_a_bare_get_and_decodes_a_completed_job(api) -> None:
    body = {
        **ENVELOPE,
        "status": "completed",
        "stage": "finalizing",
        "progress": 1,
        "finishedAt": "2026-05-13T08:03:51.120Z",
        "result": {"containerId": CID},
    }
    api.reply(200, body, {"ETag": '"j7"', "X-Request-Id": "req_01JTJ"})
    job = await api.client.jobs.get(JOB)
    expected = Job(
        **COMMON,
        status=JobStatus.COMPLETED,
        stage="finalizing",
        progress=1,
        finished_at=datetime(2026, 5, 13, 8, 3, 51, 120000, tzinfo=timezone.utc),
        result=JobResult(container_id=CID),
        etag='"j7"',
    )
    assert (("GET", f"/v1/jobs/{JOB}", [], None), None, expected, True) == (
        api.sent(),
        api.requests[-1].header("if-none-match"),
        job,
        job.is_terminal,
    )


@pytest.mark.anyio
async def test_get_decodes_a_failed_job_with_its_error(api) -> None:
    error = {"code": "SOURCE_UNAVAILABLE", "message": "The source post was deleted."}
    body = {**ENVELOPE, "status": "failed", "stage": "generating_visuals", "progress": 0.35, "error": error}
    api.reply(200, {**body, "finishedAt": "2026-05-13T08:01:40Z"})
    job = await api.client.jobs.get(JOB)
    assert (JobStatus.FAILED, 0.35, JobErrorInfo(code="SOURCE_UNAVAILABLE", message=error["message"]), None) == (
        job.status,
        job.progress,
        job.error,
        job.result,
    )


@pytest.mark.anyio
async def test_cancel_of_a_finished_job_says_why_it_was_not_accepted(api) -> None:
    api.reply(200, {"jobId": JOB, "accepted": False, "reason": "ALREADY_COMPLETED"})
    result = await api.client.jobs.cancel(JOB)
    assert (
        ("POST", f"/v1/jobs/{JOB}/cancel", [], None),
        CancelResult(job_id=JOB, accepted=False, reason="ALREADY_COMPLETED"),
    ) == (
        api.sent(),
        result,
    )
    assert CancelReason.ALREADY_COMPLETED is result.reason


@pytest.mark.anyio
async def test_cancel_sends_no_body_and_the_callers_key(api) -> None:
    api.reply(202, {"jobId": JOB, "accepted": True})
    result = await api.client.jobs.cancel(JOB, idempotency_key="cancel-1")
    assert (("POST", f"/v1/jobs/{JOB}/cancel", [], None), "cancel-1", CancelResult(job_id=JOB, accepted=True)) == (
        api.sent(),
        api.requests[-1].header("idempotency-key"),
        result,
    )


@pytest.mark.anyio
async def test_cancel_refuses_a_non_ascii_key(api) -> None:
    with pytest.raises(InvalidRequestError) as info:
        await api.client.jobs.cancel(JOB, idempotency_key="clé")
    assert "idempotency_key" == info.value.argument
