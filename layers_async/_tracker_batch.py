"""`clone_and_track`: clone a batch of posts and follow every job to its end, with the tracker's guarantees.

It belongs with the tracker, not the workflows: it is one use of `JobTracker` (bounded submission,
ids minted up front, resumable), with no publish-to-learn policy in it. Users reach it as
``client.content.clone_and_track(...)``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from layers_async._tracker_clones import new_clone_spec
from layers_async._tracker_state import ProgressEvent, TrackedJob, check_deadline
from layers_async.errors import InvalidRequestError
from layers_async.models._content import CloneFromPostRequest

if TYPE_CHECKING:
    from layers_async._client import Client
    from layers_async._store import JobStore

__all__ = ["CloneArgs", "clone_and_track"]

CloneArgs = Mapping[str, Any] | CloneFromPostRequest
"""One clone: a mapping of `JobTracker.clone`'s keyword arguments, or a `CloneFromPostRequest`."""

_KEYS = frozenset({"project_id", "source_platform_post_id", "mode", "variations", "project_layer_id", "container_id"})


def _clone_kwargs(index: int, clone: object) -> dict[str, Any]:
    """The keyword arguments of one clone, with its key names checked."""
    where = f"clones[{index}]"
    if isinstance(clone, CloneFromPostRequest):
        if clone.overrides is not None:
            raise InvalidRequestError(f"{where}: clone_and_track does not support overrides", argument="clones")
        return {
            "project_id": clone.project_id,
            "source_platform_post_id": clone.source_platform_post_id,
            "mode": clone.mode,
            "variations": clone.variations,
            "project_layer_id": clone.project_layer_id,
        }
    if not isinstance(clone, Mapping):
        raise InvalidRequestError(f"{where} must be a mapping or a CloneFromPostRequest", argument="clones")
    unknown = sorted(str(k) for k in clone if k not in _KEYS)
    if unknown:
        raise InvalidRequestError(f"{where}: unknown argument(s) {', '.join(unknown)}", argument="clones")
    return dict(clone)


async def clone_and_track(
    client: Client,
    clones: Iterable[CloneArgs] = (),
    *,
    deadline: float | None = None,
    max_submitting: int = 4,
    on_event: Callable[[ProgressEvent], object] | None = None,
    resume: str | None = None,
    checkpoint: Callable[[str], object] | None = None,
    store: JobStore | None = None,
    tags: Sequence[Any] | None = None,
) -> list[TrackedJob]:
    """Clone many posts and follow every job to its end; see `Content.clone_and_track`."""
    seconds = check_deadline(deadline)
    specs = [_clone_kwargs(i, clone) for i, clone in enumerate(clones)]
    labels = _clone_tags(len(specs), store, tags)
    position = {json.dumps(tag, sort_keys=True): index for index, tag in enumerate(labels)}
    if resume is not None and specs:
        raise InvalidRequestError("pass clones or resume, not both", argument="resume")
    # Every clone is checked and gets its container id before the tracker starts: one bad clone
    # refuses the whole batch before any request.
    for index, kwargs in enumerate(specs):
        try:
            spec = new_clone_spec(
                project_id=kwargs.get("project_id"),  # type: ignore[arg-type]
                source_platform_post_id=kwargs.get("source_platform_post_id"),  # type: ignore[arg-type]
                mode=kwargs.get("mode", "fork"),
                variations=kwargs.get("variations", 1),
                project_layer_id=kwargs.get("project_layer_id"),
                container_id=kwargs.get("container_id"),
                deadline=None,
                tag=index,
            )
        except InvalidRequestError as exc:
            raise InvalidRequestError(f"clones[{index}]: {exc}", argument=exc.argument) from None
        kwargs["container_id"] = spec.container_id
    tracker = client.jobs.tracker(max_submitting=max_submitting, on_event=on_event, resume=resume, store=store)
    async with tracker:
        for kwargs, tag in zip(specs, labels):
            tracker.clone(**kwargs, deadline=seconds, tag=tag)
        if checkpoint is not None:
            checkpoint(tracker.snapshot())  # every id is minted; nothing is sent yet
        done = await tracker.gather()
    if tags is None:
        return sorted(done, key=lambda t: t.tag if isinstance(t.tag, int) else -1)
    return sorted(done, key=lambda t: position.get(json.dumps(t.tag, sort_keys=True), -1))


def _clone_tags(count: int, store: object, tags: Sequence[Any] | None) -> list[Any]:
    """Each clone's tag: ``tags`` (one per clone, unique, JSON), or its index without a store.

    Raises:
        InvalidRequestError: Tags missing with a store, of the wrong count, repeated or not JSON.
    """
    if tags is None:
        if store is not None:
            raise InvalidRequestError("tags are required with a store (one per clone: its identity)", argument="tags")
        return list(range(count))
    labels = list(tags)
    if len(labels) != count:
        raise InvalidRequestError(f"tags must hold one tag per clone ({count})", argument="tags")
    try:
        keys = {json.dumps(tag, sort_keys=True, allow_nan=False) for tag in labels}
    except (TypeError, ValueError):
        raise InvalidRequestError("every tag must be JSON-serializable", argument="tags") from None
    if len(keys) != len(labels):
        raise InvalidRequestError("tags must be unique", argument="tags")
    return labels
