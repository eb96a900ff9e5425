"""`JobStore`: where the tracker writes down its clones so a crashed run resumes instead of duplicating.

A store holds one record per clone, keyed by the clone's tag (as canonical JSON). The tracker writes,
in this order: the intent (container id, idempotency key, request body, deadline) *before* the request
leaves the process; the job id the server accepted; the outcome; and, as results are handed to the
caller, which were handed out and which the caller moved past ("reported"). After any crash the rerun
finds each tag's record: an intent is replayed with the same container id and key (the server answers
with the same job), an accepted job is polled again, an unreported outcome is handed out again.

`MemoryJobStore` is the default (it survives nothing but a tracker restart in the same process);
`SqliteJobStore` survives a killed process; ``layers_async.contrib.redis.RedisJobStore`` is shared by a
fleet.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import attrs

from layers_async.errors import InvalidRequestError, JobStoreError

__all__ = [
    "CloneIntent",
    "JobStore",
    "MemoryJobStore",
    "StoredJob",
    "body_hash",
    "check_intent",
    "check_key",
    "check_many",
    "new_record",
    "not_held",
    "tag_key",
]


def tag_key(tag: Any) -> str:
    """A tag's identity in a store: its canonical JSON (sorted keys, no spaces).

    Raises:
        InvalidRequestError: ``tag`` is ``None`` or not JSON-serializable.
    """
    if tag is None:
        raise InvalidRequestError("a tag is required when the tracker has a store", argument="tag")
    try:
        return json.dumps(tag, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        raise InvalidRequestError("tag must be JSON-serializable to be kept in a store", argument="tag") from None


def body_hash(body: str) -> str:
    """The SHA-256 (hex) of a request body, to tell a replay from a different request under one tag."""
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


@attrs.frozen(kw_only=True)
class CloneIntent:
    """A clone about to be sent: everything a rerun needs to replay it exactly.

    Attributes:
        key: The clone's tag as canonical JSON (`tag_key`); unique within a store.
        container_id: The container id minted for it.
        idempotency_key: The ``Idempotency-Key`` every (re)send carries.
        body: The request's JSON body (what a replay sends).
        body_hash: `body_hash` of ``body``.
        deadline: When the caller stops waiting for it (epoch seconds), or ``None``.
    """

    key: str
    container_id: str
    idempotency_key: str
    body: str
    body_hash: str
    deadline: float | None = None


@attrs.frozen(kw_only=True)
class StoredJob:
    """What a store holds for one clone (a copy; changing the store does not change it).

    Attributes:
        key: The clone's tag as canonical JSON; ``tag`` decodes it.
        container_id: The container id the clone was (or will be) sent with.
        idempotency_key: The key every send of it carries.
        body: The request body.
        body_hash: SHA-256 of ``body``.
        deadline: Epoch seconds, or ``None``.
        job_id: The job the server accepted, once known.
        outcome: ``completed``, ``failed``, ``canceled``, ``timed_out`` or ``error``, once known.
        detail: Why, for an ``error`` outcome.
        handed_out: The result has been handed to a caller at least once.
        reported: The caller moved past the result: it is never handed out again.
    """

    key: str
    container_id: str
    idempotency_key: str
    body: str
    body_hash: str
    deadline: float | None = None
    job_id: str | None = None
    outcome: str | None = None
    detail: str | None = None
    handed_out: bool = False
    reported: bool = False

    @property
    def tag(self) -> Any:
        """The tag the clone was given (decoded from ``key``)."""
        return json.loads(self.key)


@runtime_checkable
class JobStore(Protocol):
    """Where a tracker keeps its clones durably; every method is a coroutine and safe to call concurrently.

    Each write is durable (as far as the store promises) when its call returns.
    """

    async def record_intent(self, intent: CloneIntent) -> StoredJob:
        """Record ``intent`` unless its key is already held; return what the store holds under the key.

        Atomic: of two callers with one key (also in two processes), one records and both get its
        record. A returned record whose container id differs from the intent's means: reattach.
        """
        ...

    async def record_accepted(self, key: str, job_id: str) -> None:
        """Record the job id the server accepted the clone under ``key`` with.

        Raises:
            JobStoreError: No intent is held under ``key``.
        """
        ...

    async def record_outcome(self, key: str, outcome: str, *, detail: str | None = None) -> None:
        """Record how the clone under ``key`` ended.

        Raises:
            JobStoreError: No intent is held under ``key``.
        """
        ...

    async def record_many(
        self, *, accepted: Sequence[tuple[str, str]] = (), outcomes: Sequence[tuple[str, str, str | None]] = ()
    ) -> None:
        """In one write: each ``(key, job_id)`` of ``accepted``, then each ``(key, outcome, detail)``.

        What `record_accepted` and `record_outcome` do for many clones at once (the tracker batches
        them: neither needs to be durable before anything else happens).

        Raises:
            JobStoreError: A key names no intent (the others are written).
        """
        ...

    async def deliver(self, key: str | None, *, reported: Sequence[str] = ()) -> bool:
        """In one write: mark ``reported`` as reported, then ``key`` (if given) as handed out.

        Returns:
            Whether ``key``'s result had been handed out before (a redelivery).
        """
        ...

    async def get(self, key: str) -> StoredJob | None:
        """The record under ``key``, or ``None``."""
        ...

    async def unfinished(self) -> list[StoredJob]:
        """Every record not reported yet, oldest first."""
        ...

    async def aclose(self) -> None:
        """Release the store's resources; calls after it raise `JobStoreError`."""
        ...


def check_key(key: object, argument: str = "key") -> str:
    """Require a non-empty string key.

    Raises:
        InvalidRequestError: Anything else.
    """
    if not isinstance(key, str) or not key:
        raise InvalidRequestError(f"{argument} must be a non-empty string", argument=argument)
    return key


def check_intent(intent: object) -> CloneIntent:
    """Require a `CloneIntent` whose hash matches its body.

    Raises:
        InvalidRequestError: Anything else.
    """
    if not isinstance(intent, CloneIntent):
        raise InvalidRequestError("intent must be a CloneIntent", argument="intent")
    check_key(intent.key, "intent.key")
    if intent.deadline is not None and not (
        isinstance(intent.deadline, (int, float)) and math.isfinite(intent.deadline)
    ):
        raise InvalidRequestError("intent.deadline must be a finite number of epoch seconds", argument="intent")
    if not isinstance(intent.body, str) or intent.body_hash != body_hash(intent.body):
        raise InvalidRequestError("intent.body_hash is not the SHA-256 of intent.body", argument="intent")
    return intent


def check_many(
    accepted: Sequence[tuple[str, str]], outcomes: Sequence[tuple[str, str, str | None]]
) -> tuple[list[tuple[str, str]], list[tuple[str, str, str | None]]]:
    """Require `JobStore.record_many`'s arguments: pairs of non-empty strings, and outcome triples.

    Raises:
        InvalidRequestError: Anything else.
    """
    try:
        pairs = [(check_key(key), check_key(job_id, "job_id")) for key, job_id in accepted]
        triples = [(check_key(key), check_key(outcome, "outcome"), detail) for key, outcome, detail in outcomes]
    except (TypeError, ValueError) as exc:
        if isinstance(exc, InvalidRequestError):
            raise
        raise InvalidRequestError("accepted and outcomes must be sequences of tuples", argument="outcomes") from None
    if any(detail is not None and not isinstance(detail, str) for _, _, detail in triples):
        raise InvalidRequestError("an outcome's detail must be a string or None", argument="outcomes")
    return pairs, triples


def new_record(intent: CloneIntent) -> StoredJob:
    """What a store holds for ``intent`` right after recording it."""
    deadline = None if intent.deadline is None else float(intent.deadline)
    return StoredJob(
        key=intent.key,
        container_id=intent.container_id,
        idempotency_key=intent.idempotency_key,
        body=intent.body,
        body_hash=intent.body_hash,
        deadline=deadline,
    )


def not_held(keys: Sequence[str]) -> JobStoreError:
    """The error for keys that name no intent."""
    return JobStoreError(
        f"no clone intent is held under key {keys[0]!r}" + (f" (and {len(keys) - 1} more)" if len(keys) > 1 else "")
    )


class MemoryJobStore:
    """A `JobStore` in this process's memory: lost with the process, shared by trackers within it."""

    __slots__ = ("_closed", "_records")

    def __init__(self) -> None:
        self._records: dict[str, StoredJob] = {}  # insertion order is creation order
        self._closed = False

    async def __aenter__(self) -> MemoryJobStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<MemoryJobStore records={len(self._records)}>"

    def _held(self, key: str) -> StoredJob:
        self._check_open()
        record = self._records.get(check_key(key))
        if record is None:
            raise JobStoreError(f"no clone intent is held under key {key!r}")
        return record

    def _check_open(self) -> None:
        if self._closed:
            raise JobStoreError("the job store is closed")

    async def record_intent(self, intent: CloneIntent) -> StoredJob:
        """See `JobStore.record_intent`."""
        check_intent(intent)
        self._check_open()
        held = self._records.get(intent.key)
        if held is None:
            held = self._records[intent.key] = new_record(intent)
        return held

    async def record_accepted(self, key: str, job_id: str) -> None:
        """See `JobStore.record_accepted`."""
        check_key(job_id, "job_id")
        self._records[key] = attrs.evolve(self._held(key), job_id=job_id)

    async def record_outcome(self, key: str, outcome: str, *, detail: str | None = None) -> None:
        """See `JobStore.record_outcome`."""
        check_key(outcome, "outcome")
        self._records[key] = attrs.evolve(self._held(key), outcome=outcome, detail=detail)

    async def record_many(
        self, *, accepted: Sequence[tuple[str, str]] = (), outcomes: Sequence[tuple[str, str, str | None]] = ()
    ) -> None:
        """See `JobStore.record_many`."""
        pairs, triples = check_many(accepted, outcomes)
        self._check_open()
        records, absent = self._records, []
        for key, job_id in pairs:
            record = records.get(key)
            if record is None:
                absent.append(key)
            else:
                records[key] = attrs.evolve(record, job_id=job_id)
        for key, outcome, detail in triples:
            record = records.get(key)
            if record is None:
                absent.append(key)
            else:
                records[key] = attrs.evolve(record, outcome=outcome, detail=detail)
        if absent:
            raise not_held(absent)

    async def deliver(self, key: str | None, *, reported: Sequence[str] = ()) -> bool:
        """See `JobStore.deliver`."""
        self._check_open()
        for done in reported:
            record = self._records.get(check_key(done, "reported"))
            if record is not None:
                self._records[done] = attrs.evolve(record, reported=True)
        if key is None:
            return False
        record = self._held(key)
        self._records[key] = attrs.evolve(record, handed_out=True)
        return record.handed_out

    async def get(self, key: str) -> StoredJob | None:
        """See `JobStore.get`."""
        self._check_open()
        return self._records.get(check_key(key))

    async def unfinished(self) -> list[StoredJob]:
        """See `JobStore.unfinished`."""
        self._check_open()
        return [r for r in self._records.values() if not r.reported]

    async def aclose(self) -> None:
        """See `JobStore.aclose`."""
        self._closed = True
