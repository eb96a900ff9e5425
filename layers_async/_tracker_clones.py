"""Clones the tracker submits itself: their specs, the queue they wait in, and the submission loop."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

import anyio

from layers_async._call import mint_idempotency_key
from layers_async._checks import check_choice, check_container_id, check_int_range, check_str, new_container_id
from layers_async._tracker_state import CloneSpec, TrackedJob, check_tag
from layers_async.errors import APIError, InvalidRequestError, RateLimitedError, ServerError, TransportError
from layers_async.models._content import CloneMode
from layers_async.models._jobs import AcceptedJob

if TYPE_CHECKING:
    from layers_async._client import Client

__all__ = ["CloneQueue", "new_clone_spec", "submit_clone"]

_CLONE_MODES = frozenset(m.value for m in CloneMode)


def new_clone_spec(
    *,
    project_id: str,
    source_platform_post_id: str,
    mode: str,
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
        mode=check_choice("mode", mode, _CLONE_MODES),
        variations=check_int_range("variations", variations, 1, 10),
        project_layer_id=None if project_layer_id is None else check_str("project_layer_id", project_layer_id),
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

    A concurrent-jobs or rate-limit 429 makes it wait and resend, as do transport and server errors
    (after the client's own retries): the same container id and idempotency key go out every time, so
    a resend can only replay, never duplicate. Other refusals (an unknown source, ...) and a passed
    deadline end it.
    """
    clock, attempt = client.clock, 0
    while True:
        if spec.deadline is not None and clock.now() >= spec.deadline:
            return TrackedJob(job_id=None, outcome="timed_out", tag=spec.tag, container_id=spec.container_id)
        try:
            return await client.content.clone_from_post(
                project_id=spec.project_id,
                source_platform_post_id=spec.source_platform_post_id,
                mode=spec.mode,
                variations=spec.variations,
                project_layer_id=spec.project_layer_id,
                container_id=spec.container_id,
                idempotency_key=spec.idempotency_key,
            )
        except RateLimitedError as exc:
            await clock.sleep(exc.retry_after or 5.0)
        except (TransportError, ServerError):
            attempt += 1
            await clock.sleep(min(2.0**attempt, 30.0))
        except (APIError, InvalidRequestError) as exc:
            return TrackedJob(job_id=None, outcome="error", tag=spec.tag, container_id=spec.container_id, error=exc)
