"""`SqliteJobStore`: the embedded durable `JobStore`, one SQLite file on the standard library's ``sqlite3``.

Writes go through one connection in the store's own writer thread (never on the event loop; started
on first use, ended by ``aclose``), in *group commits*: calls that arrive while a commit is running
wait and go together in the next transaction, so 10,000 concurrent intents cost a handful of commits,
not 10,000; ``record_many`` waits up to 50 ms to ride along in another call's transaction. The file
is in WAL mode; each transaction starts with ``BEGIN IMMEDIATE`` (one writer at a time, across
processes too) and waits at most ``busy_timeout`` seconds for another process's write lock.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

import anyio

from layers_async._store import CloneIntent, StoredJob, check_intent, check_key, check_many, new_record, not_held
from layers_async._store_thread import WriterThread
from layers_async.errors import InvalidRequestError, JobStoreError

__all__ = ["SqliteJobStore"]

_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS layers_clones (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    container_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    body TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    deadline REAL,
    job_id TEXT,
    outcome TEXT,
    detail TEXT,
    handed_out INTEGER NOT NULL DEFAULT 0, -- how many times (0 or 1 in files of earlier versions)
    reported INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS layers_clones_unreported ON layers_clones(seq) WHERE reported = 0;
"""
_COLUMNS = (
    "key, container_id, idempotency_key, body, body_hash, deadline, job_id, outcome, detail, handed_out, reported"
)
_MAX_BUSY_TIMEOUT = 600.0
#: Seconds `SqliteJobStore.record_many` waits to ride along in another call's transaction before it
#: commits on its own (the tracker's accepted ids and outcomes need not be durable at once).
_RIDE_WAIT = 0.05


def _record(row: Sequence[Any]) -> StoredJob:
    key, container_id, idem, body, digest, deadline, job_id, outcome, detail, handed_out, reported = row
    return StoredJob(
        key=key,
        container_id=container_id,
        idempotency_key=idem,
        body=body,
        body_hash=digest,
        deadline=deadline,
        job_id=job_id,
        outcome=outcome,
        detail=detail,
        handed_out=bool(handed_out),
        reported=bool(reported),
    )


class _Op:
    __slots__ = ("done", "due", "error", "fn", "value", "writes")

    def __init__(self, fn: Callable[[sqlite3.Connection], Any], writes: bool, due: float | None = None) -> None:
        self.fn = fn
        self.writes = writes
        self.due = due  # a write that rides along: committed with others, or on its own from then on
        self.value: Any = None
        self.error: JobStoreError | None = None
        self.done = anyio.Event()


class SqliteJobStore:
    """A `JobStore` in one SQLite file, safe for several processes on one machine (not a network share).

    Use it as ``async with SqliteJobStore(path) as store`` (or call `aclose`): that also ends its writer
    thread.

    Args:
        path: The database file (created with its table when missing).
        power_safe: ``False`` (default): a write is durable once its call returns against a killed or
            crashed *process*; the WAL is synced to disk at checkpoints, so a power loss may undo the
            last moments. ``True``: every commit is synced (``synchronous=FULL``), so also a power
            loss keeps it; commits cost an fsync each (group commit still shares them).
        busy_timeout: Seconds a transaction waits for another process's write lock before failing
            with `JobStoreError` (at most 600).

    Raises:
        InvalidRequestError: A bad argument.
    """

    def __init__(self, path: str | os.PathLike[str], *, power_safe: bool = False, busy_timeout: float = 30.0) -> None:
        try:
            self._path = os.fspath(path)
        except TypeError:
            raise InvalidRequestError("path must be a str or os.PathLike", argument="path") from None
        if not isinstance(self._path, str) or not self._path:
            raise InvalidRequestError("path must be a non-empty str path", argument="path")
        if not isinstance(busy_timeout, (int, float)) or not (0 < busy_timeout <= _MAX_BUSY_TIMEOUT):
            raise InvalidRequestError(
                f"busy_timeout must be in (0, {_MAX_BUSY_TIMEOUT:g}] seconds", argument="busy_timeout"
            )
        if math.isnan(busy_timeout):
            raise InvalidRequestError("busy_timeout must be a number", argument="busy_timeout")
        self._power_safe = bool(power_safe)
        self._busy_timeout = float(busy_timeout)
        self._conn: sqlite3.Connection | None = None
        self._queue: list[_Op] = []
        self._flushing = False
        self._closed = False
        self._commits = 0
        self._writer = WriterThread(f"layers-async sqlite {os.path.basename(self._path)}")

    async def __aenter__(self) -> SqliteJobStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<SqliteJobStore path={self._path!r} power_safe={self._power_safe}>"

    @property
    def commits(self) -> int:
        """Write transactions this store object has committed so far."""
        return self._commits

    # -- the group-commit path ------------------------------------------------------------------
    async def _call(self, fn: Callable[[sqlite3.Connection], Any], *, writes: bool = True, ride: bool = False) -> Any:
        if self._closed:
            raise JobStoreError("the job store is closed")
        return await self._enqueue(_Op(fn, writes, anyio.current_time() + _RIDE_WAIT if ride else None))

    async def _enqueue(self, op: _Op) -> Any:
        self._queue.append(op)
        if op.due is not None:
            # Nothing waits on this write: let another call's transaction take it along.
            with anyio.move_on_after(_RIDE_WAIT):
                await op.done.wait()
        if self._flushing:
            await op.done.wait()  # the task flushing now takes it in its next transaction
        elif not op.done.is_set():
            await self._flush()
        if op.error is not None:
            raise op.error
        return op.value

    def _pressing(self) -> bool:
        """Whether the queue holds a write to commit now (one not riding, or one whose ride is over)."""
        now = anyio.current_time()
        return any(op.due is None or op.due <= now for op in self._queue)

    async def _flush(self) -> None:
        """Commit the queue, and whatever joins it meanwhile, one transaction per round."""
        self._flushing = True
        try:
            # Shielded: the ops of other tasks ride on this flush, and a transaction is never left
            # half-done; it is bounded by busy_timeout.
            with anyio.CancelScope(shield=True):
                while self._pressing():
                    batch, self._queue = self._queue, []
                    try:
                        await self._writer.run(functools.partial(self._run, batch))
                    finally:
                        for done in batch:
                            done.done.set()
        finally:
            self._flushing = False

    def _run(self, batch: list[_Op]) -> None:  # in a worker thread
        writes = any(op.writes for op in batch)
        try:
            conn = self._connect()
            conn.execute("BEGIN IMMEDIATE" if writes else "BEGIN")
            for op in batch:
                try:
                    op.value = op.fn(conn)
                except JobStoreError as exc:  # this op's own refusal (it wrote nothing)
                    op.error = exc
            conn.execute("COMMIT")
            if writes:
                self._commits += 1
        except Exception as exc:  # sqlite3.Error, or an OverflowError from a value SQLite cannot hold
            self._rollback()
            for op in batch:
                if isinstance(exc, JobStoreError):
                    op.error = exc
                else:
                    op.error = JobStoreError(f"the SQLite job store at {self._path!r} failed: {exc}")
                    op.error.__cause__ = exc

    def _rollback(self) -> None:
        conn = self._conn
        if conn is not None and conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):  # gone with the failure that brought us here
                conn.execute("ROLLBACK")

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        conn = sqlite3.connect(self._path, timeout=self._busy_timeout, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA synchronous={'FULL' if self._power_safe else 'NORMAL'}")
            conn.execute("BEGIN IMMEDIATE")
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            if version not in (0, _SCHEMA_VERSION):
                conn.execute("ROLLBACK")
                raise JobStoreError(f"{self._path!r} holds job store schema {version}, newer than this SDK's")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return conn

    # -- the JobStore methods -------------------------------------------------------------------
    async def record_intent(self, intent: CloneIntent) -> StoredJob:
        """See `JobStore.record_intent`."""
        check_intent(intent)

        def write(conn: sqlite3.Connection) -> StoredJob:
            inserted = conn.execute(
                "INSERT INTO layers_clones (key, container_id, idempotency_key, body, body_hash, deadline) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING",
                (
                    intent.key,
                    intent.container_id,
                    intent.idempotency_key,
                    intent.body,
                    intent.body_hash,
                    intent.deadline,
                ),
            ).rowcount
            if inserted:
                return new_record(intent)
            return _record(
                conn.execute(f"SELECT {_COLUMNS} FROM layers_clones WHERE key = ?", (intent.key,)).fetchone()
            )

        result: StoredJob = await self._call(write)
        return result

    async def _update(self, key: str, assignments: str, values: tuple[Any, ...]) -> None:
        def write(conn: sqlite3.Connection) -> None:
            cursor = conn.execute(f"UPDATE layers_clones SET {assignments} WHERE key = ?", (*values, key))
            if cursor.rowcount == 0:
                raise JobStoreError(f"no clone intent is held under key {key!r}")

        await self._call(write)

    async def record_accepted(self, key: str, job_id: str) -> None:
        """See `JobStore.record_accepted`."""
        await self._update(check_key(key), "job_id = ?", (check_key(job_id, "job_id"),))

    async def record_outcome(self, key: str, outcome: str, *, detail: str | None = None) -> None:
        """See `JobStore.record_outcome`."""
        await self._update(check_key(key), "outcome = ?, detail = ?", (check_key(outcome, "outcome"), detail))

    async def record_many(
        self, *, accepted: Sequence[tuple[str, str]] = (), outcomes: Sequence[tuple[str, str, str | None]] = ()
    ) -> None:
        """See `JobStore.record_many`: one transaction, shared with other calls.

        It waits up to 50 ms for another call's transaction to take it along before committing alone.
        """
        pairs, triples = check_many(accepted, outcomes)
        if not pairs and not triples:
            return

        def write(conn: sqlite3.Connection) -> None:
            changed = conn.executemany(
                "UPDATE layers_clones SET job_id = ? WHERE key = ?", [(job_id, key) for key, job_id in pairs]
            ).rowcount
            changed += conn.executemany(
                "UPDATE layers_clones SET outcome = ?, detail = ? WHERE key = ?",
                [(outcome, detail, key) for key, outcome, detail in triples],
            ).rowcount
            if changed < len(pairs) + len(triples):  # name the keys not held (the others are written)
                keys = [key for key, _ in pairs] + [key for key, _, _ in triples]
                held = conn.execute
                absent = [k for k in keys if held("SELECT 1 FROM layers_clones WHERE key = ?", (k,)).fetchone() is None]
                if absent:
                    raise not_held(absent)

        await self._call(write, ride=True)

    async def deliver(self, key: str | None, *, reported: Sequence[str] = ()) -> bool:
        """See `JobStore.deliver`."""
        done = [(check_key(k, "reported"),) for k in reported]
        if key is not None:
            check_key(key)

        def write(conn: sqlite3.Connection) -> bool:
            if len(done) == 1:
                conn.execute("UPDATE layers_clones SET reported = 1 WHERE key = ?", done[0])
            elif done:
                conn.executemany("UPDATE layers_clones SET reported = 1 WHERE key = ?", done)
            if key is None:
                return False
            # handed_out counts the hand-outs: one statement both marks it and says whether it is a repeat.
            rows = conn.execute(
                "UPDATE layers_clones SET handed_out = handed_out + 1 WHERE key = ? RETURNING handed_out", (key,)
            ).fetchall()
            if not rows:
                raise JobStoreError(f"no clone intent is held under key {key!r}")
            return bool(rows[0][0] > 1)

        result: bool = await self._call(write)
        return result

    async def get(self, key: str) -> StoredJob | None:
        """See `JobStore.get`."""
        check_key(key)

        def read(conn: sqlite3.Connection) -> StoredJob | None:
            row = conn.execute(f"SELECT {_COLUMNS} FROM layers_clones WHERE key = ?", (key,)).fetchone()
            return None if row is None else _record(row)

        result: StoredJob | None = await self._call(read, writes=False)
        return result

    async def unfinished(self) -> list[StoredJob]:
        """See `JobStore.unfinished`."""

        def read(conn: sqlite3.Connection) -> list[StoredJob]:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM layers_clones WHERE reported = 0 ORDER BY seq").fetchall()
            return [_record(row) for row in rows]

        result: list[StoredJob] = await self._call(read, writes=False)
        return result

    async def aclose(self) -> None:
        """Close the database once the writes already asked for are committed."""
        if self._closed:
            return
        self._closed = True

        def close(conn: sqlite3.Connection) -> None:
            return None

        with anyio.CancelScope(shield=True):
            if self._conn is not None or self._queue:
                await self._enqueue(_Op(close, writes=False))
            conn, self._conn = self._conn, None
            if conn is not None:
                await self._writer.run(conn.close)
            await self._writer.stop()
