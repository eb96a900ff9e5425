"""Response metadata on demand: `Client.with_response_info` and `Paginator.last_response`."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from layers_async import Client, RateLimit, ResponseInfo
from layers_async._resources._base import Resource
from layers_async.errors import InvalidRequestError
from layers_async.models import ScheduleTarget
from layers_async.testing import FakeLayers, MockTransport, json_response

KEY = "lp_test_s3cr3t-key-value"
# Calls made of several requests: their `last_response` is that of their last request.
COMPOSITE = {"jobs.tracker", "content.clone_and_track"}


def check(info: ResponseInfo | None, status: int, endpoint_class: str) -> ResponseInfo:
    assert info is not None
    assert (status, endpoint_class) == (info.status_code, info.rate_limit and info.rate_limit.endpoint_class)
    assert info.request_id is not None and info.request_id.startswith("req_")
    assert info.request_id == info.header("X-Request-Id")
    assert info.rate_limit is not None and 0 <= info.rate_limit.remaining <= info.rate_limit.limit
    assert info.rate_limit.reset.tzinfo is not None
    return info


@pytest.mark.anyio
async def test_every_resource_method_reports_its_response() -> None:
    fake = FakeLayers(seed=3)
    world = fake.demo()
    pid = world.project_id
    async with fake.client() as client:
        raw = client.with_response_info()
        seen: set[str] = set()

        async def call(name: str, run: Callable[[], Awaitable[Any]], status: int, endpoint_class: str) -> Any:
            result = await run()
            check(raw.last_response, status, endpoint_class)
            seen.add(name)
            return result

        async def page(name: str, paginator: Any, endpoint_class: str) -> list[Any]:
            items = await paginator.collect()
            check(paginator.last_response, 200, endpoint_class)
            check(raw.last_response, 200, endpoint_class)
            seen.add(name)
            return list(items)

        await call("account.whoami", raw.account.whoami, 200, "read-light")
        await call("account.credits", raw.account.credits, 200, "read-light")
        await page("projects.list", raw.projects.list(), "read-light")
        await call("projects.get", lambda: raw.projects.get(pid), 200, "read-light")
        await call("review.set_policy", lambda: raw.review.set_policy(pid, policy="review_all"), 200, "write-light")
        await call("review.get_policy", lambda: raw.review.get_policy(pid), 200, "read-light")
        first = await call("content.generate", lambda: raw.content.generate(pid), 202, "long-running")
        second = await raw.content.generate(pid)
        clone = await call(
            "content.clone_from_post",
            lambda: raw.content.clone_from_post(project_id=pid, source_platform_post_id=world.breakout_post_id),
            202,
            "long-running",
        )
        job = await call("jobs.get", lambda: raw.jobs.get(clone.job_id), 200, "read-light")
        assert None is await raw.jobs.get(clone.job_id, etag=job.etag)
        unchanged = check(raw.last_response, 304, "read-light")
        assert job.etag == unchanged.header("etag")
        await call("jobs.cancel", lambda: raw.jobs.cancel(clone.job_id), 202, "write-light")
        await call("jobs.wait", lambda: raw.jobs.wait(first.job_id, timeout=600), 200, "read-light")
        await raw.jobs.wait(second.job_id, timeout=600)
        await call("content.get", lambda: raw.content.get(first.container_id), 200, "read-light")
        await page("content.list", raw.content.list(pid), "read-light")
        await call("review.approve", lambda: raw.review.approve(first.container_id), 200, "write-light")
        await call(
            "review.reject", lambda: raw.review.reject(second.container_id, reason="off brand"), 200, "write-light"
        )
        target = ScheduleTarget(social_account_id=world.tiktok_account_id, mode="direct_publish")  # type: ignore[arg-type]
        when = datetime.now(timezone.utc) + timedelta(days=1)
        scheduled = await call(
            "publishing.schedule",
            lambda: raw.publishing.schedule(first.container_id, scheduled_for=when, targets=[target]),
            201,
            "write-light",
        )
        post_id = scheduled.scheduled_posts[0].id
        await call(
            "publishing.get_scheduled_post", lambda: raw.publishing.get_scheduled_post(post_id), 200, "read-light"
        )
        await page("publishing.list_scheduled_posts", raw.publishing.list_scheduled_posts(pid), "read-light")
        await call("metrics.organic", lambda: raw.metrics.organic(pid, scope="project", id=pid), 200, "read-light")
        await call("metrics.ads", lambda: raw.metrics.ads(pid, scope="project", id=pid), 200, "read-light")
        await call("metrics.top_performers", lambda: raw.metrics.top_performers(pid), 200, "read-light")
        rows = await page("ads_content.list", raw.ads_content.list(pid), "read-light")
        await call(
            "ads_content.set_override",
            lambda: raw.ads_content.set_override(pid, rows[0].ads_content_id, override="include"),
            200,
            "write-light",
        )
    every = {
        f"{name}.{method}"
        for name in ("account", "projects", "content", "jobs", "review", "publishing", "metrics", "ads_content")
        for method, _ in inspect.getmembers(type(getattr(client, name)), inspect.isfunction)
        if not method.startswith("_") and not hasattr(Resource, method)
    }
    assert every - COMPOSITE == seen


@pytest.mark.anyio
async def test_a_replayed_call_says_so() -> None:
    fake = FakeLayers(seed=3)
    world = fake.demo()
    async with fake.client() as client:
        raw = client.with_response_info()
        original = await raw.content.generate(world.project_id, idempotency_key="gen-once")
        fresh = raw.last_response
        replay = await raw.content.generate(world.project_id, idempotency_key="gen-once")
        again = raw.last_response
    assert original.job_id == replay.job_id
    assert fresh is not None and again is not None
    assert (False, True) == (fresh.replayed, again.replayed)
    assert fresh.request_id != again.request_id


@pytest.mark.anyio
async def test_each_page_of_a_list_reports_its_own_response() -> None:
    fake = FakeLayers(seed=3)
    world = fake.demo()
    async with fake.client() as client:
        paginator = client.content.list(world.project_id, limit=2)
        assert None is paginator.last_response
        ids = []
        async for _ in paginator.pages():
            info = paginator.last_response
            assert info is not None and 200 == info.status_code
            ids.append(info.request_id)
    assert len(ids) >= 2 and len(set(ids)) == len(ids)


@pytest.mark.anyio
async def test_metadata_is_read_from_the_headers_only_when_asked() -> None:
    headers = {
        "x-request-id": "req_1",
        "x-ratelimit-endpoint-class": "read-light",
        "x-ratelimit-limit": "600",
        "x-ratelimit-remaining": "599",
        "x-ratelimit-reset": "1778491860",
    }
    transport = MockTransport(lambda _: json_response(200, {"ok": True}, headers))
    async with Client(api_key=KEY, transport=transport) as client:
        raw = client.with_response_info()
        assert None is raw.last_response
        await raw.send("GET", "/v1/whoami")
        info = raw.last_response
        assert info is raw.last_response  # read once, then kept
        await client.send("GET", "/v1/whoami")  # the parent keeps nothing
        with pytest.raises(InvalidRequestError):
            _ = client.last_response
    expected = RateLimit(
        endpoint_class="read-light",
        limit=600,
        remaining=599,
        reset=datetime.fromtimestamp(1778491860, tz=timezone.utc),
    )
    assert info is not None
    assert (200, "req_1", expected, False) == (info.status_code, info.request_id, info.rate_limit, info.replayed)
    assert KEY not in repr(info)


@pytest.mark.anyio
async def test_missing_or_garbled_rate_limit_headers_read_as_none() -> None:
    transport = MockTransport(lambda _: json_response(200, {}, {"x-ratelimit-limit": "lots"}))
    async with Client(api_key=KEY, transport=transport) as client:
        raw = client.with_response_info()
        await raw.send("GET", "/v1/whoami")
    assert raw.last_response is not None
    assert (None, None) == (raw.last_response.rate_limit, raw.last_response.request_id)
