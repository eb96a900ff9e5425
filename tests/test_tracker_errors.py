"""One error out of the tracker's task group, on asyncio and trio: never an ExceptionGroup."""

from __future__ import annotations

import sys

import anyio
import anyio.lowlevel
import pytest

from layers_async import Client, Request, Response
from layers_async._tracker_errors import one_error
from layers_async.errors import ClientClosedError, InvalidRequestError, ResponseDecodeError, TrackerError
from layers_async.testing import FakeLayers, MockTransport, RecordingClock, json_response

if sys.version_info < (3, 11):
    from exceptiongroup import BaseExceptionGroup

pytestmark = pytest.mark.anyio


def world() -> tuple[FakeLayers, object, str, str]:
    fake = FakeLayers(seed=5)
    org = fake.create_org("acme")
    key = fake.create_key(org, tier="partner")
    project_id = fake.create_project(org, "acme-todo")
    post_id = fake.add_post(project_id, platform="tiktok", metrics={"views": 900, "likes": 80})
    return fake, key, project_id, post_id


async def test_invalid_request_inside_the_block_is_catchable_as_itself() -> None:
    fake, key, project_id, post_id = world()

    async def run(client: Client) -> None:
        async with client.jobs.tracker() as tracker:
            tracker.clone(project_id=project_id, source_platform_post_id=post_id)
            await anyio.lowlevel.checkpoint()
            tracker.clone(project_id=project_id, source_platform_post_id=post_id, variations=99)

    async with fake.client(key=key) as client:
        with pytest.raises(InvalidRequestError) as info:
            await run(client)
    assert "variations" == info.value.argument


async def test_the_users_own_exception_comes_out_unwrapped() -> None:
    fake, key, project_id, post_id = world()

    async def run(client: Client) -> None:
        async with client.jobs.tracker() as tracker:
            tracker.clone(project_id=project_id, source_platform_post_id=post_id)
            await anyio.lowlevel.checkpoint()
            raise KeyError("mine")

    async with fake.client(key=key) as client:
        with pytest.raises(KeyError) as info:
            await run(client)
    assert ("mine",) == info.value.args


async def test_closing_the_client_inside_the_tracker_gives_one_client_closed_error() -> None:
    fake, key, project_id, post_id = world()
    client = fake.client(key=key)

    async def run() -> None:
        async with client.jobs.tracker(max_in_flight=5) as tracker:
            for _ in range(10):
                tracker.clone(project_id=project_id, source_platform_post_id=post_id)
            await client.clock.sleep(1)
            await client.aclose()
            await tracker.gather()

    with pytest.raises(ClientClosedError):
        await run()


async def test_an_unexpected_error_in_a_task_is_one_tracker_error() -> None:
    def handler(request: Request) -> Response:
        return json_response(200, {"jobId": 42})  # not a job: a decode error inside a poller

    client = Client(api_key="lp_test_t", transport=MockTransport(handler), clock=RecordingClock())

    async def run() -> None:
        async with client.jobs.tracker() as tracker:
            tracker.add("job_1")
            await tracker.gather()

    with pytest.raises(TrackerError) as info:
        await run()
    assert isinstance(info.value.__cause__, ResponseDecodeError)


async def test_clone_and_track_raises_invalid_request_for_a_bad_clone_before_any_request() -> None:
    fake, key, project_id, post_id = world()
    async with fake.client(key=key) as client:
        good = {"project_id": project_id, "source_platform_post_id": post_id}
        with pytest.raises(InvalidRequestError, match=r"clones\[1\]"):
            await client.content.clone_and_track([good, {**good, "mode": "sideways"}])
    assert [] == fake.request_log


async def test_a_cancelled_block_stays_a_cancellation() -> None:
    fake, key, project_id, post_id = world()
    async with fake.client(key=key) as client:
        with anyio.CancelScope() as scope:
            async with client.jobs.tracker() as tracker:
                tracker.clone(project_id=project_id, source_platform_post_id=post_id)
                scope.cancel()
                await anyio.lowlevel.checkpoint()
        assert scope.cancelled_caught


async def test_several_closed_errors_become_one_chained_from_the_group() -> None:
    first, second = ClientClosedError("a"), ClientClosedError("b")
    group = BaseExceptionGroup("tasks", [first, second])
    error = one_error(None, group, None)
    assert isinstance(error, ClientClosedError)
    assert (group, False) == (error.__cause__, error in (first, second))


async def test_several_unexpected_errors_become_one_tracker_error_chained_from_the_group() -> None:
    group = BaseExceptionGroup("tasks", [RuntimeError("x"), ValueError("y")])
    error = one_error(None, group, None)
    assert isinstance(error, TrackerError)
    assert group is error.__cause__


async def test_the_users_exception_wins_over_the_tasks_errors() -> None:
    mine = KeyError("mine")
    group = BaseExceptionGroup("tasks", [mine, ClientClosedError("closed")])
    assert one_error(mine, group, None) is None  # None: the block's own exception propagates as it is
