"""``client.publishing``: schedule containers and follow scheduled posts (API reference: Publishing)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from layers_async._checks import (
    check_aware,
    check_choice,
    check_choices,
    check_int_range,
    check_model,
    check_optional_str,
    check_str,
    check_window,
    path_id,
)
from layers_async._pagination import Paginator
from layers_async._resources._base import Many, Resource
from layers_async.errors import InvalidRequestError
from layers_async.models._publishing import (
    PublishMode,
    ScheduledPost,
    ScheduledPostStatus,
    ScheduleRequest,
    ScheduleResult,
    ScheduleTarget,
)

__all__ = ["Publishing"]

_MODES = frozenset(m.value for m in PublishMode)
_STATUSES = frozenset(s.value for s in ScheduledPostStatus)


def _check_targets(targets: object) -> tuple[ScheduleTarget, ...]:
    """1-50 targets, each a `ScheduleTarget` or a dict of one (a single target stands for a list of one)."""
    if isinstance(targets, (ScheduleTarget, Mapping)):
        targets = [targets]
    if not isinstance(targets, (list, tuple)) or not 1 <= len(targets) <= 50:
        raise InvalidRequestError("targets must be a list of 1-50 ScheduleTarget (or dicts)", argument="targets")
    checked = []
    for i, item in enumerate(targets):
        name = f"targets[{i}]"
        target = check_model(name, item, ScheduleTarget)
        checked.append(
            ScheduleTarget(
                social_account_id=check_str(f"{name}.social_account_id", target.social_account_id),
                mode=PublishMode(check_choice(f"{name}.mode", target.mode, _MODES)),
                caption_override=check_optional_str(f"{name}.caption_override", target.caption_override, min_len=0),
                first_comment_override=check_optional_str(
                    f"{name}.first_comment_override", target.first_comment_override, min_len=0
                ),
            )
        )
    return tuple(checked)


class Publishing(Resource):
    """Scheduled posts: ``approved`` and ``not_required`` containers can be scheduled."""

    __slots__ = ()

    async def schedule(
        self,
        container_id: str,
        *,
        scheduled_for: datetime,
        targets: Sequence[ScheduleTarget | Mapping[str, Any]] | ScheduleTarget | Mapping[str, Any],
        idempotency_key: str | None = None,
    ) -> ScheduleResult:
        """Schedule a completed container to 1–50 social accounts; all posts are created or none.

        Every call creates new posts: pass the same ``idempotency_key`` when repeating a call.

        Args:
            container_id: A ``completed`` container.
            scheduled_for: When to publish (timezone-aware; must be in the future).
            targets: One `ScheduleTarget` per social account (platform-valid ``mode``), or the same as a
                dict: ``{"socialAccountId": "sa_1", "mode": "direct_publish"}`` (snake_case keys too).
            idempotency_key: Your own key; one is minted otherwise and reused on every retry.

        Raises:
            InvalidRequestError: A bad argument (before any request).
            ApprovalRequiredError: The container is ``pending``.
            ContentRejectedError: The container was rejected.
            ConflictError: ``CONTAINER_NOT_READY``.
            ValidationError: e.g. ``scheduledFor`` in the past or a target's account/mode (``issues``).
        """
        path = f"/v1/content/{path_id('container_id', container_id)}/schedule"
        body = ScheduleRequest(
            scheduled_for=check_aware("scheduled_for", scheduled_for), targets=_check_targets(targets)
        )
        return await self._call("POST", path, ScheduleResult, body=body, idempotency_key=idempotency_key)

    async def get_scheduled_post(self, scheduled_post_id: str) -> ScheduledPost:
        """Read one scheduled post (poll every 30 s while ``queued``, 5 s while ``publishing``)."""
        path = f"/v1/scheduled-posts/{path_id('scheduled_post_id', scheduled_post_id)}"
        return await self._call("GET", path, ScheduledPost)

    def list_scheduled_posts(
        self,
        project_id: str,
        *,
        status: Many[ScheduledPostStatus] | None = None,
        social_account_id: str | None = None,
        container_id: str | None = None,
        since: datetime | str | None = None,
        until: datetime | str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Paginator[ScheduledPost]:
        """List a project's scheduled posts, latest ``scheduledFor`` first, lazily.

        Args:
            project_id: The project.
            status: One status or several.
            social_account_id: Only this account's posts.
            container_id: Only this container's posts.
            since: Inclusive lower bound on ``scheduledFor``.
            until: Inclusive upper bound on ``scheduledFor``.
            limit: Page size, 1–100.
            cursor: Resume from a page's ``next_cursor``.

        Raises:
            InvalidRequestError: A bad argument (raised here, before iteration).
        """
        path = f"/v1/projects/{path_id('project_id', project_id)}/scheduled-posts"
        since_text, until_text = check_window(since, until, inclusive=True)
        query = {
            "status": check_choices("status", status, _STATUSES),
            "socialAccountId": check_optional_str("social_account_id", social_account_id),
            "containerId": check_optional_str("container_id", container_id),
            "since": since_text,
            "until": until_text,
            "limit": check_int_range("limit", limit, 1, 100),
        }
        return self._paginate(path, query, ScheduledPost, cursor)
