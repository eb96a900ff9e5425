"""``client.content``: generate, clone, read and list content containers (API reference: Container, Content)."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from layers_async._checks import (
    check_choice,
    check_choices,
    check_container_id,
    check_int_range,
    check_model,
    check_optional_str,
    check_str,
    check_window,
    new_container_id,
    path_id,
)
from layers_async._pagination import Paginator
from layers_async._ratelimit import LONG_RUNNING
from layers_async._resources._base import Many, Resource
from layers_async.errors import InvalidRequestError
from layers_async.models._content import (
    ApprovalStatus,
    CloneFromPostRequest,
    CloneMode,
    CloneOverrides,
    Container,
    ContainerStatus,
    ContentBrief,
    ContentFormat,
    GenerateRequest,
    OrganicPlatform,
)
from layers_async.models._jobs import AcceptedJob

if TYPE_CHECKING:
    from layers_async._store import JobStore
    from layers_async._tracker_batch import CloneArgs
    from layers_async._tracker_state import ProgressEvent, TrackedJob

__all__ = ["Content"]

_CLONE_MODES = frozenset(m.value for m in CloneMode)
_FORMATS = frozenset(f.value for f in ContentFormat)
_PLATFORMS = frozenset(p.value for p in OrganicPlatform)
_STATUSES = frozenset(s.value for s in ContainerStatus) | {"generating"}
_APPROVALS = frozenset(a.value for a in ApprovalStatus)
_BRIEF_TEXT = ("hook", "cta", "topic", "angle", "influencer_id", "language")
_BRIEF_LISTS = ("theme_tags", "value_propositions", "reference_media_ids")


def _check_brief(value: object) -> ContentBrief | None:
    """Check every member of a brief, a model or a dict (the server refuses the whole body otherwise)."""
    if value is None:
        return None
    brief = check_model("brief", value, ContentBrief)
    for name in _BRIEF_TEXT:
        check_optional_str(f"brief.{name}", getattr(brief, name))
    for name in _BRIEF_LISTS:
        values = getattr(brief, name)
        if values is not None:
            if not isinstance(values, (list, tuple)):
                raise InvalidRequestError(f"brief.{name} must be a list of strings", argument=f"brief.{name}")
            for item in values:
                check_str(f"brief.{name}", item)
    platforms = check_choices("brief.target_platforms", brief.target_platforms, _PLATFORMS)
    if platforms is None:
        return brief
    return attrs.evolve(brief, target_platforms=tuple(OrganicPlatform(p) for p in platforms))


def _check_overrides(value: object) -> CloneOverrides | None:
    """Check a clone's text overrides, a model or a dict (every member an optional string)."""
    if value is None:
        return None
    overrides = check_model("overrides", value, CloneOverrides)
    for field in attrs.fields(CloneOverrides):
        check_optional_str(f"overrides.{field.name}", getattr(overrides, field.name), min_len=0)
    return overrides


class Content(Resource):
    """Content containers: generate, clone a post, read and list containers."""

    __slots__ = ()

    async def generate(
        self,
        project_id: str,
        *,
        format: ContentFormat | str = "auto",
        variant_count: int = 1,
        brief: ContentBrief | Mapping[str, Any] | None = None,
        project_layer_id: str | None = None,
        container_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> AcceptedJob:
        """Generate ``variant_count`` new containers (one per variant) from a brief, in one job.

        Args:
            project_id: The project to generate for.
            format: ``"auto"``, ``"video_remix"``, ``"slideshow_remix"`` or ``"ugc_remix"``.
            variant_count: Containers to produce, 1–5.
            brief: Hook, CTA, target platforms, topic...; every field optional. A `ContentBrief` or the same
                as a dict, with the API's camelCase keys (``{"hook": ..., "targetPlatforms": [...]}``) or
                snake_case ones.
            project_layer_id: Required when the project has several content layers.
            container_id: Your uuid (or ``cnt_<uuid>``) for the first container, sent as ``id``:
                repeating the call with it returns the original job, with no expiry.
            idempotency_key: Your own key; one is minted otherwise and reused on every retry.

        Returns:
            The accepted job; ``container_ids`` lists every container, in order.

        Raises:
            InvalidRequestError: A bad argument (before any request).
            NotFoundError: Unknown project or layer.
            ConflictError: ``LAYER_AMBIGUOUS``, ``CONTAINER_ID_IN_USE`` or ``PROJECT_ARCHIVED``.
            RateLimitedError: Including the concurrent-jobs cap.
        """
        path = f"/v1/projects/{path_id('project_id', project_id)}/content"
        body_id = None if container_id is None else check_container_id(container_id).removeprefix("cnt_")
        body = GenerateRequest(
            id=body_id,
            project_layer_id=check_optional_str("project_layer_id", project_layer_id),
            format=ContentFormat(check_choice("format", format, _FORMATS)),
            variant_count=check_int_range("variant_count", variant_count, 1, 5),
            brief=_check_brief(brief),
        )
        return await self._call(
            "POST", path, AcceptedJob, body=body, idempotency_key=idempotency_key, endpoint_class=LONG_RUNNING
        )

    def list(
        self,
        project_id: str,
        *,
        status: Many[ContainerStatus] | None = None,
        format: Many[ContentFormat] | None = None,
        approval_status: Many[ApprovalStatus] | None = None,
        source_platform_post_id: str | None = None,
        since: datetime | str | None = None,
        until: datetime | str | None = None,
        limit: int = 25,
        cursor: str | None = None,
    ) -> Paginator[Container]:
        """List a project's containers, newest first, lazily.

        Args:
            project_id: The project.
            status: One status or several (``"generating"`` is accepted as a filter too).
            format: One format or several.
            approval_status: One review state or several.
            source_platform_post_id: Only the clones of this post (internal or native id).
            since: Inclusive lower bound on ``createdAt`` (aware datetime or RFC 3339 instant).
            until: Inclusive upper bound on ``createdAt``.
            limit: Page size, 1–200.
            cursor: Resume from a page's ``next_cursor``.

        Raises:
            InvalidRequestError: A bad argument (raised here, before iteration).
        """
        path = f"/v1/projects/{path_id('project_id', project_id)}/content"
        since_text, until_text = check_window(since, until, inclusive=True)
        query = {
            "status": check_choices("status", status, _STATUSES),
            "format": check_choices("format", format, _FORMATS),
            "approvalStatus": check_choices("approval_status", approval_status, _APPROVALS),
            "sourcePlatformPostId": check_optional_str("source_platform_post_id", source_platform_post_id),
            "since": since_text,
            "until": until_text,
            "limit": check_int_range("limit", limit, 1, 200),
        }
        return self._paginate(path, query, Container, cursor)

    async def clone_from_post(
        self,
        *,
        project_id: str,
        source_platform_post_id: str,
        mode: CloneMode | str = "fork",
        variations: int = 1,
        container_id: str | None = None,
        project_layer_id: str | None = None,
        overrides: CloneOverrides | Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> AcceptedJob:
        """Clone a tracked post into one new container (``variations`` outputs, one job).

        The call is target-first: ``container_id`` (minted as ``cnt_<uuid4>`` when omitted) names the
        new container, so repeating the call with the same id and body returns the original job.

        Args:
            project_id: The project the clone belongs to.
            source_platform_post_id: The source's ``pp_…`` id or the platform's native id.
            mode: ``"fork"`` (keep structure) or ``"reimagine"`` (keep the hook).
            variations: Distinct outputs, 1–10.
            container_id: The new container's id (a uuid, or ``cnt_<uuid>``).
            project_layer_id: Required when the project has several content layers.
            overrides: Caption, CTA or voice-over text to use: a `CloneOverrides` or a dict such as
                ``{"caption": "hi"}`` (``voiceOverScript`` or ``voice_over_script``).
            idempotency_key: Your own key; one is minted otherwise and reused on every retry.

        Returns:
            The accepted job, with ``container_id`` and the ``idempotency_key`` used.

        Raises:
            InvalidRequestError: A bad argument (before any request).
            NotFoundError: ``"Source post not found."`` (unknown, unsynced, deleted or another tenant's).
            ConflictError: ``LAYER_AMBIGUOUS``, ``CONTAINER_ID_IN_USE`` or ``PROJECT_ARCHIVED``.
            RateLimitedError: Including the concurrent-jobs cap (``limit_type == "concurrent_jobs"``).
        """
        body = CloneFromPostRequest(
            project_id=check_str("project_id", project_id),
            source_platform_post_id=check_str("source_platform_post_id", source_platform_post_id),
            mode=CloneMode(check_choice("mode", mode, _CLONE_MODES)),
            variations=check_int_range("variations", variations, 1, 10),
            project_layer_id=check_optional_str("project_layer_id", project_layer_id),
            overrides=_check_overrides(overrides),
        )
        target = new_container_id() if container_id is None else check_container_id(container_id)
        accepted = await self._call(
            "POST",
            f"/v1/content/{path_id('container_id', target)}/clone-from-post",
            AcceptedJob,
            body=body,
            idempotency_key=idempotency_key,
            endpoint_class=LONG_RUNNING,
        )
        # The vendor's 202 may leave out containerId: the container is the one named in the path.
        if accepted.container_id:
            return accepted
        return attrs.evolve(accepted, container_id=f"cnt_{target.removeprefix('cnt_')}")

    async def get(self, container_id: str) -> Container:
        """Fetch a container (``cnt_<uuid>`` or a bare uuid); callable while it is still produced.

        Raises:
            NotFoundError: ``"Container not found."``
        """
        return await self._call("GET", f"/v1/content/{path_id('container_id', container_id)}", Container)

    async def clone_and_track(
        self,
        clones: Iterable[CloneArgs] = (),
        *,
        deadline: float | None = None,
        max_submitting: int = 4,
        on_event: Callable[[ProgressEvent], object] | None = None,
        resume: str | None = None,
        checkpoint: Callable[[str], object] | None = None,
        store: JobStore | None = None,
        tags: Sequence[Any] | None = None,
    ) -> builtins.list[TrackedJob]:
        """Clone many posts and follow every job to its end, with bounded concurrency.

        A `JobTracker` does the work (this lives with the tracker, not with the workflows): every
        clone is checked and gets its container id and idempotency key before anything is sent; a
        concurrent-jobs or rate-limit 429 makes it wait and resend (never duplicating a clone); a
        refused clone (e.g. an unknown source) is reported with ``outcome == "error"`` and does not
        stop the others.

        Args:
            clones: What to clone: mappings of `JobTracker.clone`'s arguments (``project_id``,
                ``source_platform_post_id``, ``mode`` as ``"fork"``/``"reimagine"`` or a `CloneMode`,
                ``variations``, ``project_layer_id``, ``container_id``), or `CloneFromPostRequest`
                models (``overrides`` is not supported here).
            deadline: Seconds each clone may take, submission included.
            max_submitting: Clone calls in flight at once.
            on_event: Called with each `ProgressEvent`.
            resume: A token ``checkpoint`` received, to finish an interrupted batch (without
                ``clones``): each clone is resent with its own container id and key, so the server
                answers with the job it already started, and nothing is cloned twice.
            checkpoint: Called once with a resume token, after every id is minted and before
                anything is sent; keep it to resume the batch if this call is interrupted.
            store: A `JobStore` that keeps every clone durably: run the same call again after a
                crash and it replays, follows or hands back each clone instead of starting it again.
            tags: One JSON tag per clone, its identity in ``store`` (required with a store, unique);
                the clone's index by default.

        Returns:
            One `TrackedJob` per clone, in the order given (``tag`` is the clone's tag or index). With
            a store, a clone whose result an earlier call already returned is not returned again.

        Raises:
            InvalidRequestError: A bad clone (``clones[i]`` named in the message), ``deadline`` or
                ``resume``: before any request, and nothing is sent.
        """
        from layers_async._tracker_batch import clone_and_track  # the tracker sits above the resources

        return await clone_and_track(
            self._client,
            clones,
            deadline=deadline,
            max_submitting=max_submitting,
            on_event=on_event,
            resume=resume,
            checkpoint=checkpoint,
            store=store,
            tags=tags,
        )
