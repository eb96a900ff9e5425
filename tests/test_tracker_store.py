"""The tracker with a `JobStore`: intents before requests, reruns reattach by tag, results at least once."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
import pytest

from layers_async import Client, CloneIntent, MemoryJobStore, SqliteJobStore, TrackedJob
from layers_async._store import body_hash, tag_key
from layers_async.errors import InvalidRequestError
from layers_async.testing import FakeLayers

pytestmark = pytest.mark.anyio


class World:
    def __init__(self) -> None:
        self.fake = FakeLayers(seed=5)
        org = self.fake.create_org("acme")
        self.key = self.fake.create_key(org, tier="partner")
        self.project_id = self.fake.create_project(org, "acme-todo")
        self.posts = [
            self.fake.add_post(self.project_id, platform="tiktok", metrics={"views": 900 + i, "likes": 80})
            for i in range(3)
        ]

    def client(self) -> Client:
        return self.fake.client(key=self.key)  # type: ignore[no-any-return]

    def jobs(self) -> int:
        return self.fake.job_count(self.project_id)


@pytest.fixture(params=["memory", "sqlite"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    made = MemoryJobStore() if request.param == "memory" else SqliteJobStore(tmp_path / "jobs.db")
    async with made:
        yield made


def clone_all(tracker: Any, w: World, count: int) -> None:
    for i in range(count):
        tracker.clone(project_id=w.project_id, source_platform_post_id=w.posts[i % 3], tag=["t", i])


async def crash_after(w: World, store: Any, count: int, results: int) -> list[TrackedJob]:
    """Run a tracker over ``count`` clones and stop it dead while the caller holds result ``results``."""
    got: list[TrackedJob] = []
    async with w.client() as client:
        with anyio.CancelScope() as scope:
            async with client.jobs.tracker(store=store) as tracker:
                clone_all(tracker, w, count)
                async with contextlib.aclosing(tracker.__aiter__()) as stream:
                    async for result in stream:
                        got.append(result)
                        if len(got) == results:
                            scope.cancel()  # the process dies while handling this result
                            await anyio.lowlevel.checkpoint()
    return got


async def rerun(w: World, store: Any, count: int) -> list[TrackedJob]:
    async with w.client() as client, client.jobs.tracker(store=store) as tracker:
        clone_all(tracker, w, count)
        return [result async for result in tracker]


async def test_a_store_needs_a_tag_for_each_clone() -> None:
    w = World()
    async with w.client() as client, client.jobs.tracker(store=MemoryJobStore()) as tracker:
        with pytest.raises(InvalidRequestError) as caught:
            tracker.clone(project_id=w.project_id, source_platform_post_id=w.posts[0])
    assert "tag" == caught.value.argument
    assert 0 == w.jobs()


async def test_each_intent_is_recorded_before_its_request_leaves() -> None:
    w = World()
    absent_when_recorded: list[bool] = []

    class Watching(MemoryJobStore):
        async def record_intent(self, intent: CloneIntent) -> Any:
            try:
                w.fake.container(intent.container_id)
            except KeyError:
                absent_when_recorded.append(True)
            else:
                absent_when_recorded.append(False)
            return await super().record_intent(intent)

    store = Watching()
    async with w.client() as client, client.jobs.tracker(store=store) as tracker:
        clone_all(tracker, w, 12)
        done = await tracker.gather()
    held = {r.container_id for r in await store.unfinished()} | {
        (await store.get(tag_key(["t", i]))).container_id for i in range(12)
    }
    assert [True] * 12 == absent_when_recorded
    assert {t.container_id for t in done} == held
    assert 12 == w.jobs()


async def test_a_rerun_after_a_crash_starts_no_new_clone_and_reports_every_tag(store: Any) -> None:
    w = World()
    first = await crash_after(w, store, 30, results=7)
    second = await rerun(w, store, 30)
    assert 30 == w.jobs()
    tags = [tuple(t.tag) for t in first + second]
    assert {("t", i) for i in range(30)} == set(tags)
    assert 31 == len(tags)  # the one result in hand at the crash comes once more...
    [again] = [t for t in second if t.redelivered]
    assert first[-1].job_id == again.job_id  # ...flagged, and it is that one
    assert {"completed"} == {t.outcome for t in first + second}


async def test_a_finished_run_hands_nothing_out_again(store: Any) -> None:
    w = World()
    first = await rerun(w, store, 10)
    second = await rerun(w, store, 10)
    assert (10, [], 10) == (len(first), second, w.jobs())
    assert [] == await store.unfinished()


async def test_gather_results_are_reported_when_the_block_exits_cleanly(store: Any) -> None:
    w = World()
    async with w.client() as client:
        with anyio.CancelScope() as scope:
            async with client.jobs.tracker(store=store) as tracker:
                clone_all(tracker, w, 6)
                first = await tracker.gather()
                scope.cancel()  # dies before leaving the block: nothing was reported
                await anyio.lowlevel.checkpoint()
        async with client.jobs.tracker(store=store) as tracker:
            clone_all(tracker, w, 6)
            second = await tracker.gather()
    assert ([False] * 6, [True] * 6) == ([t.redelivered for t in first], [t.redelivered for t in second])
    assert [] == await store.unfinished()
    assert 6 == w.jobs()


async def test_an_intent_never_sent_is_sent_with_its_recorded_ids() -> None:
    w = World()
    store = MemoryJobStore()
    body = json.dumps(
        {
            "mode": "fork",
            "projectId": w.project_id,
            "projectLayerId": None,
            "sourcePlatformPostId": w.posts[0],
            "variations": 1,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    container_id = "cnt_0b9e6f3c-2b8e-4a56-9a3e-7c1d2e3f4a5b"
    intent = CloneIntent(
        key=tag_key(["t", 0]),
        container_id=container_id,
        idempotency_key="9f0c2c8e-0000-4000-8000-000000000001",
        body=body,
        body_hash=body_hash(body),
    )
    await store.record_intent(intent)  # the earlier run died right after this
    [result] = await rerun(w, store, 1)
    assert (container_id, 1) == (result.container_id, w.jobs())
    assert w.fake.container(container_id)["id"] == container_id


async def test_a_sent_clone_whose_acceptance_was_lost_is_replayed_not_repeated() -> None:
    w = World()
    store = MemoryJobStore()
    async with w.client() as client, client.jobs.tracker(store=store) as tracker:
        tracker.clone(project_id=w.project_id, source_platform_post_id=w.posts[0], tag=["t", 0])
        await tracker.gather()
    held = await store.get(tag_key(["t", 0]))
    fresh = MemoryJobStore()  # the intent survived, the acceptance did not
    await fresh.record_intent(
        CloneIntent(
            key=held.key,
            container_id=held.container_id,
            idempotency_key=held.idempotency_key,
            body=held.body,
            body_hash=held.body_hash,
        )
    )
    [result] = await rerun(w, fresh, 1)
    assert (held.container_id, held.job_id, 1) == (result.container_id, (await fresh.get(held.key)).job_id, w.jobs())


async def test_a_tag_that_names_another_clone_is_an_error_result(store: Any) -> None:
    w = World()
    await rerun(w, store, 1)
    async with w.client() as client, client.jobs.tracker(store=store) as tracker:
        tracker.clone(project_id=w.project_id, source_platform_post_id=w.posts[2], tag=["t", 0])
        [result] = [t async for t in tracker]
    assert ("error", "tag", 1) == (result.outcome, getattr(result.error, "argument", None), w.jobs())


async def test_one_tag_twice_in_one_tracker_is_refused_before_any_request() -> None:
    w = World()
    async with w.client() as client, client.jobs.tracker(store=MemoryJobStore()) as tracker:
        tracker.clone(project_id=w.project_id, source_platform_post_id=w.posts[0], tag="same")
        with pytest.raises(InvalidRequestError, match="already cloned"):
            tracker.clone(project_id=w.project_id, source_platform_post_id=w.posts[1], tag="same")
        done = await tracker.gather()
    assert (1, 1) == (len(done), w.jobs())
