"""JobTracker against FakeLayers on a virtual clock: nothing lost, nothing duplicated, no stampede."""

from __future__ import annotations

import collections
import gc
import warnings
from collections.abc import Iterator
from typing import Any

import anyio
import anyio.lowlevel
import pytest

from layers_async import Client
from layers_async.errors import LayersError
from layers_async.models import JobStatus
from layers_async.testing import FakeLayers

pytestmark = pytest.mark.anyio


class World:
    def __init__(self, fake: FakeLayers, key: Any, project_id: str, post_id: str) -> None:
        self.fake, self.key, self.project_id, self.post_id = fake, key, project_id, post_id

    def client(self, **kwargs: Any) -> Client:
        return self.fake.client(key=self.key, **kwargs)  # type: ignore[no-any-return]


_MINIMAL = [False]


@pytest.fixture(autouse=True, params=[False, True], ids=["full-shapes", "minimal-shapes"])
def shapes(request: pytest.FixtureRequest) -> Iterator[bool]:
    """Every tracker test runs against full job envelopes and against the vendor's minimal ones."""
    _MINIMAL[0] = request.param
    yield request.param
    _MINIMAL[0] = False


def world(*, seed: int = 7, tier: str = "partner", **limits: int) -> World:
    fake = FakeLayers(seed=seed, minimal_shapes=_MINIMAL[0])
    org = fake.create_org("acme")
    key = fake.create_key(org, tier=tier, **limits)
    project_id = fake.create_project(org, "acme-todo")
    post_id = fake.add_post(project_id, platform="tiktok", metrics={"views": 900, "likes": 80})
    return World(fake, key, project_id, post_id)


async def test_a_thousand_clones_through_faults_give_exactly_a_thousand_jobs() -> None:
    w = world()
    for add in (w.fake.faults.server_error, w.fake.faults.reset, w.fake.faults.lose_response):
        add(probability=0.05)
    w.fake.faults.rate_limit(probability=0.05, retry_after=1)
    async with w.client() as client, client.jobs.tracker() as tracker:
        for i in range(1000):
            tracker.clone(project_id=w.project_id, source_platform_post_id=w.post_id, tag=i)
        reported = [t async for t in tracker]
    faults = collections.Counter(r.fault for r in w.fake.request_log if r.fault)
    assert {"error", "rate_limit", "reset", "lost"} <= set(faults)
    assert (1000, 1000) == (w.fake.job_count(w.project_id), w.fake.container_count(w.project_id))
    assert list(range(1000)) == sorted(t.tag for t in reported)
    assert 1000 == len({t.job_id for t in reported})
    assert {"completed"} == {t.outcome for t in reported}
    assert 1000 == tracker.counts.completed


async def test_cancel_half_way_then_resume_submits_no_clone_twice() -> None:
    w = world(seed=3)
    w.fake.faults.lose_response(probability=0.1)
    async with w.client() as client:
        with anyio.CancelScope() as scope:
            async with client.jobs.tracker() as tracker:
                for i in range(200):
                    tracker.clone(project_id=w.project_id, source_platform_post_id=w.post_id, tag=i)
                first = []
                async for result in tracker:
                    first.append(result)
                    if len(first) == 60:
                        scope.cancel()
        token = tracker.snapshot()
        assert 60 <= len(first) < 200
        async with client.jobs.tracker(resume=token) as resumed:
            rest = await resumed.gather()
    # What the first tracker yielded plus what the resumed one reports: every clone exactly once.
    assert list(range(200)) == sorted([t.tag for t in first] + [t.tag for t in rest])
    assert (200, 200) == (w.fake.job_count(w.project_id), w.fake.container_count(w.project_id))
    assert {"completed"} == {t.outcome for t in first + rest}


async def test_snapshot_is_json_without_the_api_key() -> None:
    w = world()
    async with w.client() as client, client.jobs.tracker() as tracker:
        container_id = tracker.clone(project_id=w.project_id, source_platform_post_id=w.post_id, tag={"p": 1})
        token = tracker.snapshot()
        await tracker.gather()
    import json

    data = json.loads(token)
    assert (1, container_id, {"p": 1}) == (data["version"], data["clones"][0]["containerId"], data["clones"][0]["tag"])
    assert str(w.key) not in token


async def test_a_tiny_tier_never_gets_more_requests_per_minute_than_its_limit() -> None:
    w = world(tier="standard", read_light=20, long_running=10, concurrent_jobs=5)
    async with w.client() as client, client.jobs.tracker() as tracker:
        for i in range(30):
            tracker.clone(project_id=w.project_id, source_platform_post_id=w.post_id, tag=i)
        done = await tracker.gather()
    assert 30 == len([t for t in done if t.ok])
    per_minute: collections.Counter[tuple[str, int]] = collections.Counter()
    for r in w.fake.request_log:
        cls = "read" if r.method == "GET" else "long"
        per_minute[(cls, int(r.at // 60))] += 1
    limited = [r.at for r in w.fake.request_log if r.status == 429]
    after = min(limited) // 60 if limited else -1
    over = {k: n for k, n in per_minute.items() if k[1] > after and n > {"read": 20, "long": 10}[k[0]]}
    assert {} == over


async def test_progress_events_and_counts() -> None:
    w = world()
    events: list[Any] = []
    async with w.client() as client:
        accepted = await client.content.clone_from_post(project_id=w.project_id, source_platform_post_id=w.post_id)
        async with client.jobs.tracker(on_event=events.append) as tracker:
            tracker.add(accepted, tag="one")
            assert 1 == tracker.counts.running
            [result] = [t async for t in tracker]
    assert ("completed", "one", JobStatus.COMPLETED) == (
        result.outcome,
        result.tag,
        result.job.status if result.job else None,
    )
    progress = [e.progress for e in events if e.progress is not None]
    assert progress == sorted(progress)
    assert "completed" == events[-1].status
    assert (0, 1) == (tracker.counts.running, tracker.counts.completed)


async def test_a_failed_job_does_not_stop_the_others() -> None:
    w = world()
    async with w.client() as client:
        jobs = [
            await client.content.clone_from_post(project_id=w.project_id, source_platform_post_id=w.post_id)
            for _ in range(3)
        ]
        w.fake.fail_job(jobs[1].job_id)
        async with client.jobs.tracker() as tracker:
            for job in jobs:
                tracker.add(job)
            results = {t.job_id: t.outcome for t in await tracker.gather()}
    assert {jobs[0].job_id: "completed", jobs[1].job_id: "failed", jobs[2].job_id: "completed"} == results
    assert (2, 1) == (tracker.counts.completed, tracker.counts.failed)


async def test_per_job_deadline_times_out_only_that_job() -> None:
    w = world()
    async with w.client() as client:
        slow = await client.content.clone_from_post(project_id=w.project_id, source_platform_post_id=w.post_id)
        async with client.jobs.tracker() as tracker:
            tracker.add(slow, deadline=3.0, tag="slow")
            tracker.add(slow.job_id, tag="dup")  # same job: ignored
            [result] = await tracker.gather()
    assert ("timed_out", "slow", 1) == (result.outcome, result.tag, tracker.counts.timed_out)


async def test_jobs_can_be_added_while_iterating() -> None:
    w = world()
    async with w.client() as client, client.jobs.tracker() as tracker:
        tracker.clone(project_id=w.project_id, source_platform_post_id=w.post_id, tag=0)
        tags = []
        async for t in tracker:
            tags.append(t.tag)
            if t.tag < 3:
                tracker.clone(project_id=w.project_id, source_platform_post_id=w.post_id, tag=t.tag + 1)
    assert [0, 1, 2, 3] == tags


async def test_an_unknown_source_is_reported_not_raised() -> None:
    w = world()
    async with w.client() as client, client.jobs.tracker() as tracker:
        tracker.clone(project_id=w.project_id, source_platform_post_id="pp_does_not_exist", tag="bad")
        tracker.clone(project_id=w.project_id, source_platform_post_id=w.post_id, tag="good")
        results = {t.tag: t for t in await tracker.gather()}
    assert ("error", "completed") == (results["bad"].outcome, results["good"].outcome)
    assert "Source post not found." in str(results["bad"].error)


async def test_an_unexpected_error_surfaces_as_one_sdk_error() -> None:
    w = world()

    def broken(_: object) -> None:
        raise RuntimeError("callback bug")

    async def run() -> None:
        async with w.client() as client, client.jobs.tracker(on_event=broken) as tracker:
            tracker.clone(project_id=w.project_id, source_platform_post_id=w.post_id)
            await tracker.gather()

    with pytest.raises(LayersError, match="callback bug") as info:
        await run()
    assert isinstance(info.value.__cause__, RuntimeError)


async def test_bad_clone_arguments_raise_before_any_request() -> None:
    w = world()
    async with w.client() as client, client.jobs.tracker() as tracker:
        with pytest.raises(LayersError, match="variations"):
            tracker.clone(project_id=w.project_id, source_platform_post_id=w.post_id, variations=11)
        with pytest.raises(LayersError, match="container_id"):
            tracker.clone(project_id=w.project_id, source_platform_post_id=w.post_id, container_id="not-a-uuid")
    assert [] == w.fake.request_log


async def test_leaving_the_block_cancels_pollers_and_leaves_no_task_behind() -> None:
    w = world()
    async with w.client() as client:
        async with client.jobs.tracker() as tracker:
            tracker.clone(project_id=w.project_id, source_platform_post_id=w.post_id)
            await anyio.lowlevel.checkpoint()
        assert 1 == tracker.counts.running  # not finished: it stays in the snapshot
        before = len(w.fake.request_log)
        await client.clock.sleep(60)
        assert before == len(w.fake.request_log)


async def test_clone_and_track_returns_one_result_per_clone_in_order() -> None:
    from layers_async.models import CloneFromPostRequest, CloneMode

    w = world()
    w.fake.faults.lose_response(probability=0.2)
    requests = [
        CloneFromPostRequest(project_id=w.project_id, source_platform_post_id=source, mode=CloneMode.FORK, variations=2)
        for source in (w.post_id, "pp_unknown", w.post_id)
    ]
    async with w.client() as client:
        results = await client.content.clone_and_track(requests)
    assert [(0, "completed"), (1, "error"), (2, "completed")] == [(r.tag, r.outcome) for r in results]
    assert (2, 2) == (w.fake.job_count(w.project_id), w.fake.container_count(w.project_id))


async def test_a_clone_that_cannot_be_submitted_before_its_deadline_times_out() -> None:
    w = world()
    w.fake.faults.rate_limit(route="POST /v1/content/{containerId}/clone-from-post", retry_after=5)
    async with w.client() as client, client.jobs.tracker() as tracker:
        container_id = tracker.clone(
            project_id=w.project_id, source_platform_post_id=w.post_id, deadline=30.0, tag="late"
        )
        [result] = await tracker.gather()
    assert ("timed_out", None, container_id, 1) == (
        result.outcome,
        result.job_id,
        result.container_id,
        tracker.counts.timed_out,
    )
    assert 0 == w.fake.job_count(w.project_id)


async def test_a_reported_job_names_its_container_whatever_the_poll_left_out() -> None:
    w = world(seed=5)
    async with w.client() as client, client.jobs.tracker() as tracker:
        for i in range(3):
            tracker.clone(project_id=w.project_id, source_platform_post_id=w.post_id, tag=i)
        done = await tracker.gather()
    assert [(t.container_id, True) for t in done] == [
        (t.job.container_id if t.job else None, t.container_id is not None) for t in done
    ]


async def test_leaving_async_for_early_leaves_nothing_to_finalize_and_the_rest_follows() -> None:
    w = world()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        async with w.client() as client, client.jobs.tracker() as tracker:
            for i in range(5):
                tracker.clone(project_id=w.project_id, source_platform_post_id=w.post_id, tag=i)
            first = []
            async for result in tracker:
                first.append(result)
                break
            rest = [t async for t in tracker]
            gc.collect()
            await anyio.lowlevel.checkpoint()
        gc.collect()
    assert [] == [str(c.message) for c in caught]  # trio warned of an async generator left unfinished
    assert list(range(5)) == sorted(t.tag for t in first + rest)
