"""The tracker's side of a `JobStore`: claim each clone's tag before it is sent, hand results out at least once.

Order of writes for one clone: the intent (durable before its request leaves), the accepted job id
and the outcome (queued, and written in batches by a writer task), then "handed out" as the caller
receives the result, and "reported" once the caller asks for the next one (or leaves the tracker's
block cleanly). Only the intent and the hand-out are ordering points: an accepted id or outcome lost
in a crash costs a replay (same container id and key: the server answers with the same job) or a
poll. A rerun that clones the same tag finds the record and picks up where it stopped.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import anyio
import attrs

from layers_async._store import CloneIntent, JobStore, body_hash, tag_key
from layers_async._tracker_state import CloneSpec, JobEntry, TrackedJob
from layers_async.errors import InvalidRequestError, LayersError, TrackerError

__all__ = ["DurableClones"]

_JOB_OUTCOMES = frozenset({"completed", "failed", "canceled"})
Claim = CloneSpec | JobEntry | TrackedJob | None


def _body(spec: CloneSpec) -> str:
    return json.dumps(
        {
            "projectId": spec.project_id,
            "sourcePlatformPostId": spec.source_platform_post_id,
            "mode": spec.mode,
            "variations": spec.variations,
            "projectLayerId": spec.project_layer_id,
        },
        sort_keys=True,
        separators=(",", ":"),
    )


class DurableClones:
    """Binds one tracker to a `JobStore`.

    Args:
        store: The store.
        to_wall: Clock time to epoch seconds (deadlines are stored as epoch seconds).
        from_wall: Epoch seconds to clock time.
    """

    __slots__ = (
        "_accepted",
        "_claimed",
        "_from_wall",
        "_handed",
        "_keys",
        "_last",
        "_outcomes",
        "_ready",
        "_to_wall",
        "store",
    )

    def __init__(self, store: JobStore, *, to_wall: Callable[[float], float], from_wall: Callable[[float], float]):
        if not isinstance(store, JobStore):
            raise InvalidRequestError("store must implement JobStore", argument="store")
        self.store = store
        self._to_wall, self._from_wall = to_wall, from_wall
        self._keys: dict[str, str] = {}  # container id -> store key, for every clone this tracker claimed
        self._claimed: set[str] = set()  # keys cloned through this tracker
        self._last: str | None = None  # handed out last: reported when the next result is asked for
        self._handed: list[str] = []  # handed out by gather(): reported when the block exits cleanly
        self._accepted: list[tuple[str, str]] = []  # queued for the writer task, as are outcomes
        self._outcomes: list[tuple[str, str, str | None]] = []
        self._ready = anyio.Event()

    def check_tag(self, tag: Any) -> None:
        """With a store, a clone's tag is its identity: required, JSON, once per tracker.

        Raises:
            InvalidRequestError: No tag, not JSON-serializable, or already cloned by this tracker.
        """
        key = tag_key(tag)
        if key in self._claimed:
            raise InvalidRequestError(f"tag {tag!r} was already cloned by this tracker", argument="tag")
        self._claimed.add(key)

    async def claim(self, spec: CloneSpec) -> Claim:
        """Record ``spec``'s intent (durable on return) and say what is left to do for its tag.

        Returns:
            The spec to send (the held container id and key when the tag was already recorded), a
            `JobEntry` to poll (accepted earlier), a `TrackedJob` to hand out (ended earlier, or a
            tag that names another clone), or ``None`` (reported earlier: nothing to do).
        """
        body = _body(spec)
        deadline = None if spec.deadline is None else self._to_wall(spec.deadline)
        intent = CloneIntent(
            key=tag_key(spec.tag),
            container_id=spec.container_id,
            idempotency_key=spec.idempotency_key,
            body=body,
            body_hash=body_hash(body),
            deadline=deadline,
        )
        held = await self.store.record_intent(intent)
        if held.body_hash != intent.body_hash:
            clash = InvalidRequestError(f"tag {spec.tag!r} already names another clone in the store", argument="tag")
            return TrackedJob(job_id=None, outcome="error", tag=spec.tag, container_id=spec.container_id, error=clash)
        if held.reported:
            return None
        self._keys[held.container_id] = held.key
        deadline = None if held.deadline is None else self._from_wall(held.deadline)
        if held.job_id is not None and (held.outcome is None or held.outcome in _JOB_OUTCOMES):
            return JobEntry(
                held.job_id,
                container_id=held.container_id,
                tag=spec.tag,
                deadline=deadline,
                idempotency_key=held.idempotency_key,
            )
        if held.outcome is not None:  # given up before a job existed, or timed out
            error = None if held.detail is None else TrackerError(f"before a restart: {held.detail}")
            return TrackedJob(
                job_id=held.job_id, outcome=held.outcome, tag=spec.tag, container_id=held.container_id, error=error
            )
        return attrs.evolve(
            spec, container_id=held.container_id, idempotency_key=held.idempotency_key, deadline=deadline
        )

    async def accepted(self, container_id: str, job_id: str) -> None:
        """Queue the job the server accepted the clone under ``container_id`` with (no I/O here)."""
        key = self._keys.get(container_id)
        if key is not None:
            self._accepted.append((key, job_id))
            self._ready.set()

    def ended(self, result: TrackedJob) -> None:
        """Queue ``result``'s outcome for the writer task (no I/O here)."""
        key = self._keys.get(result.container_id or "")
        if key is None:
            return
        detail = None if result.error is None else f"{type(result.error).__name__}: {result.error}"
        self._outcomes.append((key, result.outcome, detail))
        self._ready.set()

    async def write_outcomes(self) -> None:
        """The writer task: record queued accepted ids and outcomes, in one write per batch."""
        while True:
            await self._ready.wait()
            self._ready = anyio.Event()
            await self.flush()

    async def flush(self) -> None:
        """Record every queued accepted id and outcome now (accepted ids first)."""
        accepted, outcomes = self._accepted, self._outcomes
        if accepted or outcomes:
            self._accepted, self._outcomes = [], []
            try:
                await self.store.record_many(accepted=accepted, outcomes=outcomes)
            except BaseException:  # not known to be written (writing them twice is harmless): keep them
                self._accepted[:0], self._outcomes[:0] = accepted, outcomes
                raise

    async def hand_out(self, result: TrackedJob) -> TrackedJob:
        """Mark the previous result reported and ``result`` handed out, in one write; flag a repeat."""
        key = self._keys.get(result.container_id or "")
        if key is None:
            return result
        again = await self.store.deliver(key, reported=[] if self._last is None else [self._last])
        self._last = key
        return attrs.evolve(result, redelivered=True) if again else result

    async def hand_out_all(self, results: list[TrackedJob]) -> list[TrackedJob]:
        """`hand_out` for a whole list at once (``gather``); they are reported by `settle`."""
        out = list(results)

        async def one(index: int, key: str) -> None:
            if await self.store.deliver(key):
                out[index] = attrs.evolve(out[index], redelivered=True)

        calls: list[Callable[[], Awaitable[object]]] = []
        for index, result in enumerate(results):
            key = self._keys.get(result.container_id or "")
            if key is not None:
                self._handed.append(key)
                calls.append(functools.partial(one, index, key))
        await _concurrently(calls)
        return out

    async def settle_on_exit(self) -> None:
        """A clean exit of the tracker's block: record queued outcomes, mark what was handed out reported.

        Raises:
            TrackerError: The store failed (``__cause__`` says how).
        """
        try:
            with anyio.CancelScope(shield=True):
                await self.flush()
                await self.settle()
        except LayersError as exc:
            raise TrackerError(f"job tracker could not settle its store: {exc!r}") from exc

    async def settle(self) -> None:
        """The caller moved past everything handed out: mark it reported."""
        done = [*self._handed, *([] if self._last is None else [self._last])]
        self._handed, self._last = [], None
        if done:
            await self.store.deliver(None, reported=done)


async def _concurrently(calls: Sequence[Callable[[], Awaitable[object]]]) -> None:
    """Run ``calls`` at once (a store batches them); re-raise the first failure itself, never a group."""
    failures: list[Exception] = []

    async def run(call: Callable[[], Awaitable[object]]) -> None:
        try:
            await call()
        except Exception as exc:
            failures.append(exc)

    async with anyio.create_task_group() as tg:
        for call in calls:
            tg.start_soon(run, call)
    if failures:
        raise failures[0]
