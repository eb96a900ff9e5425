"""`SqliteJobStore` beyond the shared suite: group commits, WAL, several processes, failures typed."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from typing import Any

import anyio
import pytest

from layers_async import CloneIntent, SqliteJobStore
from layers_async._store import body_hash, tag_key
from layers_async.errors import InvalidRequestError, JobStoreError


def intent(tag: Any) -> CloneIntent:
    return CloneIntent(
        key=tag_key(tag),
        container_id=f"c_{uuid.uuid4().hex[:12]}",
        idempotency_key=str(uuid.uuid4()),
        body="{}",
        body_hash=body_hash("{}"),
    )


@pytest.mark.anyio
async def test_concurrent_writes_share_commits(tmp_path: Path) -> None:
    async with SqliteJobStore(tmp_path / "s.db") as store:
        async with anyio.create_task_group() as tg:
            for n in range(1000):
                tg.start_soon(store.record_intent, intent(n))
        assert 1000 == len(await store.unfinished())
        assert store.commits <= 20, store.commits


@pytest.mark.anyio
async def test_the_file_is_in_wal_mode_and_keeps_its_schema_version(tmp_path: Path) -> None:
    async with SqliteJobStore(tmp_path / "s.db") as store:
        await store.record_intent(intent("t"))
    with sqlite3.connect(tmp_path / "s.db") as conn:
        assert ("wal", 1) == (
            conn.execute("PRAGMA journal_mode").fetchone()[0],
            conn.execute("PRAGMA user_version").fetchone()[0],
        )


@pytest.mark.anyio
async def test_a_file_from_a_newer_schema_is_refused(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "s.db") as conn:
        conn.execute("PRAGMA user_version=99")
    async with SqliteJobStore(tmp_path / "s.db") as store:
        with pytest.raises(JobStoreError, match="schema 99"):
            await store.unfinished()


@pytest.mark.anyio
async def test_an_unopenable_file_is_a_job_store_error(tmp_path: Path) -> None:
    async with SqliteJobStore(tmp_path / "missing-dir" / "s.db") as store:
        with pytest.raises(JobStoreError) as caught:
            await store.record_intent(intent("t"))
    assert isinstance(caught.value.__cause__, sqlite3.Error)


@pytest.mark.anyio
async def test_a_lock_held_past_busy_timeout_is_a_job_store_error(tmp_path: Path) -> None:
    blocker = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    async with SqliteJobStore(tmp_path / "s.db", busy_timeout=0.2) as store:
        await store.record_intent(intent("first"))
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(JobStoreError, match="locked"):
                await store.record_intent(intent("second"))
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert ["first"] == [r.tag for r in await store.unfinished()]  # usable again once the lock is gone


@pytest.mark.anyio
async def test_callers_canceled_mid_flight_leave_a_working_store(tmp_path: Path) -> None:
    async with SqliteJobStore(tmp_path / "s.db") as store:
        with anyio.move_on_after(0.01):
            async with anyio.create_task_group() as tg:
                for n in range(2000):
                    tg.start_soon(store.record_intent, intent(n))
        await store.record_intent(intent("after"))
        keys = {r.key for r in await store.unfinished()}
        assert tag_key("after") in keys


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [({"path": 3}, "path"), ({"path": ""}, "path"), ({"path": "x", "busy_timeout": 0}, "busy_timeout")],
)
def test_bad_arguments_are_refused(kwargs: dict[str, Any], argument: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        SqliteJobStore(**kwargs)
    assert argument == caught.value.argument


_CLAIMER = textwrap.dedent(
    """
    import json, sys, uuid
    import anyio
    from layers_async import CloneIntent, SqliteJobStore
    from layers_async._store import body_hash, tag_key

    async def main(path, count):
        got = {}
        async with SqliteJobStore(path) as store:
            async def claim(n):
                mine = CloneIntent(key=tag_key(n), container_id=uuid.uuid4().hex, idempotency_key="k",
                                   body="{}", body_hash=body_hash("{}"))
                got[n] = (await store.record_intent(mine)).container_id
            async with anyio.create_task_group() as tg:
                for n in range(count):
                    tg.start_soon(claim, n)
        print(json.dumps(got))

    anyio.run(main, sys.argv[1], int(sys.argv[2]), backend=sys.argv[3])
    """
)


def test_processes_claiming_the_same_tags_agree_on_one_record_each(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CLAIMER, path, "200", backend],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for backend in ("asyncio", "trio", "asyncio")
    ]
    outputs = []
    for child in children:
        out, err = child.communicate(timeout=50)
        assert 0 == child.returncode, err
        outputs.append(json.loads(out))
    assert outputs[0] == outputs[1] == outputs[2]
    with sqlite3.connect(path) as conn:
        assert 200 == conn.execute("SELECT count(*) FROM layers_clones").fetchone()[0]
