"""The `JobStore` behaviour suite: every implementation must pass it, on asyncio and on trio."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest

from layers_async import CloneIntent, JobStore, MemoryJobStore, SqliteJobStore, StoredJob
from layers_async._store import body_hash, tag_key
from layers_async.errors import InvalidRequestError, JobStoreError

pytestmark = pytest.mark.anyio

Opener = Callable[[], Awaitable[Any]]


class Backend:
    """Opens stores on one backing place; ``durable`` ones see what an earlier store object wrote."""

    def __init__(self, opener: Opener, *, durable: bool) -> None:
        self.opener, self.durable = opener, durable

    async def open(self) -> Any:
        return await self.opener()


def _memory(tmp_path: Path) -> Backend:
    store = MemoryJobStore()

    async def opener() -> Any:
        return store

    return Backend(opener, durable=False)


def _sqlite(tmp_path: Path) -> Backend:
    async def opener() -> Any:
        return SqliteJobStore(tmp_path / "jobs.sqlite3")

    return Backend(opener, durable=True)


def _redis(url: str) -> Backend:
    from layers_async.contrib.redis import RedisJobStore

    namespace = f"test-{uuid.uuid4().hex}"

    async def opener() -> Any:
        return await RedisJobStore(url, namespace=namespace).__aenter__()

    return Backend(opener, durable=True)


BACKENDS = ("memory", "redis", "sqlite")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "redis":
        return _redis(request.getfixturevalue("redis_server"))
    return _sqlite(tmp_path) if request.param == "sqlite" else _memory(tmp_path)


@pytest.fixture
async def store(backend: Backend) -> AsyncIterator[Any]:
    opened = await backend.open()
    try:
        yield opened
    finally:
        await opened.aclose()


def intent(tag: Any, *, container_id: str | None = None, body: str = '{"mode":"fork"}', **kw: Any) -> CloneIntent:
    return CloneIntent(
        key=tag_key(tag),
        container_id=container_id or f"c_{uuid.uuid4().hex[:12]}",
        idempotency_key=str(uuid.uuid4()),
        body=body,
        body_hash=body_hash(body),
        **kw,
    )


async def test_every_implementation_is_a_job_store(store: Any) -> None:
    assert isinstance(store, JobStore)


async def test_a_new_intent_is_recorded_as_given(store: Any) -> None:
    want = intent({"project": "p1", "post": 7}, deadline=1_900_000_000.25)
    expected = StoredJob(
        key=want.key,
        container_id=want.container_id,
        idempotency_key=want.idempotency_key,
        body=want.body,
        body_hash=want.body_hash,
        deadline=1_900_000_000.25,
    )
    assert expected == await store.record_intent(want)
    assert expected == await store.get(want.key)
    assert {"project": "p1", "post": 7} == expected.tag


async def test_a_second_intent_under_a_held_tag_gets_the_first_record(store: Any) -> None:
    first = await store.record_intent(intent("t"))
    again = await store.record_intent(intent("t"))
    assert (first.container_id, first.idempotency_key) == (again.container_id, again.idempotency_key)


async def test_concurrent_intents_under_one_tag_all_get_one_record(store: Any) -> None:
    got: list[str] = []

    async def claim() -> None:
        got.append((await store.record_intent(intent("same"))).container_id)

    async with anyio.create_task_group() as tg:
        for _ in range(20):
            tg.start_soon(claim)
    assert 1 == len(set(got)) and 20 == len(got)


async def test_accepted_job_and_outcome_are_kept(store: Any) -> None:
    want = await store.record_intent(intent("t"))
    await store.record_accepted(want.key, "job_1")
    assert ("job_1", None) == ((r := await store.get(want.key)).job_id, r.outcome)
    await store.record_outcome(want.key, "error", detail="refused: NOT_FOUND")
    held = await store.get(want.key)
    assert ("job_1", "error", "refused: NOT_FOUND") == (held.job_id, held.outcome, held.detail)


async def test_many_accepted_ids_and_outcomes_are_kept_in_one_call(store: Any) -> None:
    keys = [(await store.record_intent(intent(n))).key for n in range(3)]
    await store.record_many(
        accepted=[(keys[0], "job_0"), (keys[1], "job_1")],
        outcomes=[(keys[0], "completed", None), (keys[2], "error", "refused: NOT_FOUND")],
    )
    held = [await store.get(k) for k in keys]
    assert [("job_0", "completed", None), ("job_1", None, None), (None, "error", "refused: NOT_FOUND")] == [
        (r.job_id, r.outcome, r.detail) for r in held
    ]


async def test_many_writes_name_a_key_not_held_and_keep_the_others(store: Any) -> None:
    held = await store.record_intent(intent("t"))
    with pytest.raises(JobStoreError, match=r"no clone intent.*ghost"):
        await store.record_many(accepted=[(tag_key("ghost"), "job_9"), (held.key, "job_1")])
    assert "job_1" == (await store.get(held.key)).job_id


async def test_many_concurrent_intents_each_get_their_own_record(store: Any) -> None:
    wanted = [intent(n) for n in range(200)]
    got: dict[str, str] = {}

    async def claim(want: CloneIntent) -> None:
        got[want.key] = (await store.record_intent(want)).container_id

    async with anyio.create_task_group() as tg:
        for want in wanted:
            tg.start_soon(claim, want)
    assert {w.key: w.container_id for w in wanted} == got
    assert sorted(got) == sorted(r.key for r in await store.unfinished())


@pytest.mark.parametrize(
    "bad",
    [{"accepted": [("k", "")]}, {"outcomes": [("k", "completed")]}, {"outcomes": [("k", "error", 7)]}],
)
async def test_bad_many_writes_are_refused_before_any_write(store: Any, bad: dict[str, Any]) -> None:
    with pytest.raises(InvalidRequestError):
        await store.record_many(**bad)


async def test_writes_under_an_unknown_tag_are_refused(store: Any) -> None:
    with pytest.raises(JobStoreError, match="no clone intent"):
        await store.record_accepted(tag_key("ghost"), "job_1")
    with pytest.raises(JobStoreError, match="no clone intent"):
        await store.record_outcome(tag_key("ghost"), "completed")
    with pytest.raises(JobStoreError, match="no clone intent"):
        await store.deliver(tag_key("ghost"))


async def test_the_first_hand_out_is_not_a_redelivery_and_the_second_is(store: Any) -> None:
    held = await store.record_intent(intent("t"))
    assert [False, True] == [await store.deliver(held.key), await store.deliver(held.key)]
    assert (await store.get(held.key)).handed_out


async def test_a_reported_result_leaves_the_unfinished_list(store: Any) -> None:
    keys = [(await store.record_intent(intent(n))).key for n in range(4)]
    await store.deliver(keys[1], reported=[keys[0]])
    assert keys[1:] == [r.key for r in await store.unfinished()]
    await store.deliver(None, reported=keys[1:3])
    assert [keys[3]] == [r.key for r in await store.unfinished()]
    assert (await store.get(keys[0])).reported


async def test_unfinished_lists_records_oldest_first_whatever_they_reached(store: Any) -> None:
    keys = [(await store.record_intent(intent(f"n{n}"))).key for n in range(5)]
    await store.record_accepted(keys[2], "job_2")
    await store.record_outcome(keys[0], "completed")
    assert keys == [r.key for r in await store.unfinished()]


async def test_many_concurrent_writes_are_all_kept(store: Any) -> None:
    async def one(n: int) -> None:
        held = await store.record_intent(intent(n))
        await store.record_accepted(held.key, f"job_{n}")
        await store.record_outcome(held.key, "completed")

    async with anyio.create_task_group() as tg:
        for n in range(300):
            tg.start_soon(one, n)
    records = await store.unfinished()
    assert {f"job_{n}" for n in range(300)} == {r.job_id for r in records}
    assert {"completed"} == {r.outcome for r in records}


async def test_a_durable_store_shows_what_an_earlier_one_wrote(backend: Backend) -> None:
    if not backend.durable:
        pytest.skip("this store lives in memory only")
    first = await backend.open()
    held = await first.record_intent(intent("kept", deadline=1_900_000_000.0))
    await first.record_accepted(held.key, "job_9")
    await first.deliver(held.key)
    await first.aclose()
    second = await backend.open()
    try:
        again = await second.get(held.key)
        assert (held.container_id, "job_9", True, 1_900_000_000.0) == (
            again.container_id,
            again.job_id,
            again.handed_out,
            again.deadline,
        )
    finally:
        await second.aclose()


async def test_a_closed_store_refuses_calls(backend: Backend) -> None:
    store = await backend.open()
    await store.record_intent(intent("t"))
    await store.aclose()
    with pytest.raises(JobStoreError, match="closed"):
        await store.get(tag_key("t"))
    await store.aclose()  # closing twice is fine


@pytest.mark.parametrize(
    ("bad", "argument"),
    [
        ("not an intent", "intent"),
        (CloneIntent(key="k", container_id="c", idempotency_key="i", body="{}", body_hash="0" * 64), "intent"),
        (
            CloneIntent(key="", container_id="c", idempotency_key="i", body="{}", body_hash=body_hash("{}")),
            "intent.key",
        ),
        (
            CloneIntent(
                key="k",
                container_id="c",
                idempotency_key="i",
                body="{}",
                body_hash=body_hash("{}"),
                deadline=float("inf"),
            ),
            "intent",
        ),
    ],
)
async def test_a_bad_intent_is_refused_before_any_write(store: Any, bad: Any, argument: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        await store.record_intent(bad)
    assert argument == caught.value.argument
    assert [] == await store.unfinished()


async def test_a_bad_key_is_refused(store: Any) -> None:
    with pytest.raises(InvalidRequestError):
        await store.get("")
    with pytest.raises(InvalidRequestError):
        await store.record_accepted(tag_key("t"), "")


def test_a_tag_key_is_canonical_json() -> None:
    assert tag_key({"b": 1, "a": [1, "é"]}) == tag_key({"a": [1, "é"], "b": 1})
    assert {"a": [1, "é"], "b": 1} == json.loads(tag_key({"b": 1, "a": [1, "é"]}))


@pytest.mark.parametrize("tag", [None, object(), float("nan")])
def test_a_store_needs_a_json_tag(tag: Any) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        tag_key(tag)
    assert "tag" == caught.value.argument
