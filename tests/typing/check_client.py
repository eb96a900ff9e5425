"""Checked by mypy --strict, never run: the public API as a user types it."""

from __future__ import annotations

from typing_extensions import assert_never

import layers_async
from layers_async.models import AcceptedJob, Container, Job, JobStatus


async def clone_and_read(client: layers_async.Client) -> Container:
    accepted: AcceptedJob = await client.content.clone_from_post(
        project_id="prj_1", source_platform_post_id="pp_1", mode="fork", variations=2
    )
    key: str | None = accepted.idempotency_key
    assert key
    job: Job = await client.jobs.get(accepted.job_id)
    maybe: Job | None = await client.jobs.get(job.job_id, etag=job.etag)
    if maybe is not None:
        job = maybe
    match job.status:
        case JobStatus.RUNNING | JobStatus.COMPLETED | JobStatus.FAILED | JobStatus.CANCELED:
            pass
        case _ as unreachable:
            assert_never(unreachable)
    assert job.container_id is not None  # a poll may leave it out (the tolerant reader)
    return await client.content.get(job.container_id)


async def configure() -> None:
    policy = layers_async.RetryPolicy(attempts=5, initial=0.1, maximum=2.0, deadline=None)
    async with layers_async.Client(api_key="lp_test_x", retry=policy, auth="x-api-key") as client:
        await client.aclose()


async def per_call_options_and_metadata(client: layers_async.Client) -> None:
    slower: layers_async.Client = client.with_options(timeout=120, retry=layers_async.RetryPolicy.disabled())
    tagged = slower.with_options(headers={"X-Correlation-Id": "order-1"}, timeout=None)
    raw = tagged.with_response_info()
    await raw.jobs.get("job_1")
    info: layers_async.ResponseInfo | None = raw.last_response
    if info is not None:
        status: int = info.status_code
        request_id: str | None = info.request_id
        replayed: bool = info.replayed
        limit: layers_async.RateLimit | None = info.rate_limit
        assert status and request_id and replayed and limit
    pages = client.projects.list()
    await pages.collect()
    page_info: layers_async.ResponseInfo | None = pages.last_response
    assert page_info


async def dicts_in(client: layers_async.Client) -> None:
    from datetime import datetime, timezone

    await client.content.generate("prj_1", brief={"hook": "Inbox zero", "targetPlatforms": ["tiktok"]})
    overrides = {"caption": "hi"}
    await client.content.clone_from_post(project_id="prj_1", source_platform_post_id="pp_1", overrides=overrides)
    when = datetime(2030, 1, 1, tzinfo=timezone.utc)
    await client.publishing.schedule("cnt_1", scheduled_for=when, targets=[{"socialAccountId": "sa_1", "mode": "feed"}])
    await client.publishing.schedule("cnt_1", scheduled_for=when, targets={"social_account_id": "sa_1", "mode": "feed"})
