"""Clones the tracker submits itself: their specs, the queue they wait in, and the submission loop."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

import anyio
import attrs

from layers_async._call import mint_idempotency_key
from layers_async._checks import (
    check_choice,
    check_container_id,
    check_int_range,
    check_optional_str,
    check_str,
    new_container_id,
)
from layers_async._retry import sane_retry_after
from layers_async._tracker_state import CLONE_MODES, CloneSpec, TrackedJob, check_tag
from layers_async.errors import APIError, InvalidRequestError, RateLimitedError, ServerError, TransportError
from layers_async.models._jobs import AcceptedJob

if TYPE_CHECKING:
    from layers_async._client import Client

__all__ = ["CloneQueue", "new_clone_spec", "submit_clone"]


def new_clone_spec(
    *,
    project_id: str,
    source_platform_post_id: str,
    mode: object,
    variations: int,
    project_layer_id: str | None,
    container_id: str | None,
    deadline: float | None,
    tag: Any,
) -> CloneSpec:
    """Check a clone's arguments and mint its container id and idempotency key, before any I/O.

    Raises:
        InvalidRequestError: A bad argument.
    """
    return CloneSpec(
        container_id=new_container_id() if container_id is None else check_container_id(container_id),
        idempotency_key=mint_idempotency_key(),
        project_id=check_str("project_id", project_id),
        source_platform_post_id=check_str("source_platform_post_id", source_platform_post_id),
        mode=check_choice("mode", mode, CLONE_MODES),
        variations=check_int_range("variations", variations, 1, 10),
        project_layer_id=check_optional_str("project_layer_id", project_layer_id),
        tag=check_tag(tag),
        deadline=deadline,
    )


class CloneQueue:
    """Clones not yet accepted by the server: waiting to be sent, or being sent."""

    __slots__ = ("_changed", "_waiting", "pending")

    def __init__(self) -> None:
        self.pending: dict[str, CloneSpec] = {}  # container id -> spec, until accepted or given up
        self._waiting: deque[CloneSpec] = deque()
        self._changed = anyio.Event()

    def put(self, spec: CloneSpec) -> None:
        """Queue ``spec`` for submission."""
        self.pending[spec.container_id] = spec
        self._waiting.append(spec)
        self._changed.set()

    def settle(self, spec: CloneSpec) -> None:
        """Forget ``spec``: it became a tracked job, or it was given up."""
        self.pending.pop(spec.container_id, None)

    async def take(self) -> CloneSpec:
        """The next clone to submit, waiting for one if none is queued."""
        while not self._waiting:
            if self._changed.is_set():  # shared by every submitter: replaced only once it has fired
                self._changed = anyio.Event()
            await self._changed.wait()
        return self._waiting.popleft()


async def submit_clone(client: Client, spec: CloneSpec) -> AcceptedJob | TrackedJob:
    """Send ``spec`` until the server accepts it, or return why it was given up.

    The same container id and idempotency key go out every time, so a resend can only replay, never
    duplicate. Waits follow the client's `RetryPolicy`, through its backoff generator:

    * a 429 (rate limit or concurrent-jobs cap) waits its ``Retry-After`` (a backoff wait without one)
      and does not count as a failure; a ``Retry-After`` beyond ``max_retry_after`` gives up at once
      with an ``error`` outcome whose error carries ``retry_after``;
    * a transport or server error (after the client's own retries) counts as a failed round: after
      ``attempts`` rounds, or once the next wait would end past ``deadline`` seconds from the first
      failure, the clone is given up with an ``error`` outcome;
    * any other refusal ends it with an ``error`` outcome;
    * no wait runs past the clone's own deadline: when it passes, the outcome is ``timed_out``.
    """
    clock, policy = client.clock, client.retry
    waits = policy.waits()
    failures, first_failure = 0, 0.0
    while True:
        now = clock.now()
        if spec.deadline is not None and now >= spec.deadline:
            return _given_up(spec, "timed_out")
        # The client's own retries stop short of the clone's deadline too.
        call_policy = policy
        if spec.deadline is not None and (policy.deadline is None or now + policy.deadline > spec.deadline):
            call_policy = attrs.evolve(policy, deadline=spec.deadline - now)
        sender = client if call_policy is policy else client.with_options(retry=call_policy)
        try:
            return await sender.content.clone_from_post(
                project_id=spec.project_id,
                source_platform_post_id=spec.source_platform_post_id,
                mode=spec.mode,
                variations=spec.variations,
                project_layer_id=spec.project_layer_id,
                container_id=spec.container_id,
                idempotency_key=spec.idempotency_key,
            )
        except RateLimitedError as exc:
            retry_after = sane_retry_after(exc.retry_after)
            if retry_after is not None and retry_after > policy.max_retry_after:
                return _given_up(spec, "error", exc)
            wait = next(waits) if retry_after is None else retry_after
        except (TransportError, ServerError) as exc:
            failures += 1
            first_failure = clock.now() if failures == 1 else first_failure
            wait = next(waits)
            too_late = policy.deadline is not None and clock.now() + wait - first_failure > policy.deadline
            if failures >= policy.attempts or too_late:
                return _given_up(spec, "error", exc)
        except (APIError, InvalidRequestError) as exc:
            return _given_up(spec, "error", exc)
        if spec.deadline is not None and clock.now() + wait >= spec.deadline:
            await clock.sleep(max(0.0, spec.deadline - clock.now()))  # never past the deadline
            return _given_up(spec, "timed_out")
        await clock.sleep(wait)


def _given_up(spec: CloneSpec, outcome: str, error: Exception | None = None) -> TrackedJob:
    return TrackedJob(job_id=None, outcome=outcome, tag=spec.tag, container_id=spec.container_id, error=error)
