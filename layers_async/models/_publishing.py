"""Publishing: scheduled posts (API reference: ScheduledPost, Publishing)."""

from __future__ import annotations

from datetime import datetime

import attrs

from layers_async.models._base import OpenEnum
from layers_async.models._content import OrganicPlatform
from layers_async.models._jobs import JobErrorInfo

__all__ = [
    "GateStatus",
    "PublishMode",
    "ScheduleRequest",
    "ScheduleResult",
    "ScheduleTarget",
    "ScheduledPost",
    "ScheduledPostStatus",
]


class GateStatus(OpenEnum):
    """Why a schedule request was held instead of creating posts (a tolerated 202 form)."""

    BLOCKED_ON_APPROVAL = "blocked_on_approval"


class PublishMode(OpenEnum):
    """How a post goes out.

    TikTok: ``direct_publish``, ``draft_to_device``; Instagram: ``reels``, ``feed``, ``draft_to_device``.
    """

    DIRECT_PUBLISH = "direct_publish"
    DRAFT_TO_DEVICE = "draft_to_device"
    REELS = "reels"
    FEED = "feed"


class ScheduledPostStatus(OpenEnum):
    """``queued`` → ``publishing`` → ``published`` | ``draft`` | ``failed``; or ``canceled``.

    ``draft_in_inbox`` reads as ``DRAFT``.
    """

    QUEUED = "queued"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    DRAFT = "draft"
    FAILED = "failed"
    CANCELED = "canceled"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"draft_in_inbox": "draft"}

    @property
    def is_terminal(self) -> bool:
        """``True`` for ``published``, ``draft``, ``failed`` and ``canceled``."""
        return self in (
            ScheduledPostStatus.PUBLISHED,
            ScheduledPostStatus.DRAFT,
            ScheduledPostStatus.FAILED,
            ScheduledPostStatus.CANCELED,
        )


@attrs.frozen(kw_only=True)
class ScheduledPost:
    """One post scheduled to one social account."""

    id: str
    status: ScheduledPostStatus
    project_id: str | None = None
    container_id: str | None = None
    social_account_id: str | None = None
    platform: OrganicPlatform | None = None
    mode: PublishMode | None = None
    scheduled_for: datetime | None = None
    caption_override: str | None = None
    external_id: str | None = None
    external_url: str | None = None
    attempted_at: datetime | None = None
    published_at: datetime | None = None
    canceled_at: datetime | None = None
    last_error: JobErrorInfo | None = None
    created_at: datetime | None = None


@attrs.frozen(kw_only=True)
class ScheduleTarget:
    """Where and how to publish: a connected social account of the container's project and a mode."""

    social_account_id: str
    mode: PublishMode
    caption_override: str | None = None
    first_comment_override: str | None = None


@attrs.frozen(kw_only=True)
class ScheduleRequest:
    """The body of ``POST /v1/content/{containerId}/schedule``."""

    scheduled_for: datetime
    targets: tuple[ScheduleTarget, ...]


@attrs.frozen(kw_only=True)
class ScheduleResult:
    """The answer to schedule: one `ScheduledPost` per target, in request order.

    Attributes:
        gate_status: ``BLOCKED_ON_APPROVAL`` when the server held the request until approval
            (tolerated 202 form; ``scheduled_posts`` is then empty).
    """

    container_id: str
    scheduled_posts: tuple[ScheduledPost, ...] = ()
    gate_status: GateStatus | None = None
