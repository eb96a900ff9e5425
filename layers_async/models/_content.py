"""Content containers (API reference: Container, Content)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from layers_async.models._base import OpenEnum
from layers_async.models._jobs import JobErrorInfo

__all__ = [
    "ApprovalStatus",
    "CaptionVariant",
    "CloneFromPostRequest",
    "CloneMode",
    "CloneOverrides",
    "Container",
    "CreativeType",
    "ContainerStatus",
    "ContentBrief",
    "ContentFormat",
    "GenerateRequest",
    "MediaAsset",
    "MediaKind",
    "OrganicPlatform",
]


class ContainerStatus(OpenEnum):
    """A container's production status (``generating`` is read as ``PROCESSING``)."""

    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELED = "canceled"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"generating": "processing"}


class ApprovalStatus(OpenEnum):
    """Review state; ``APPROVED`` and ``NOT_REQUIRED`` both allow scheduling."""

    NOT_REQUIRED = "not_required"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class CloneMode(OpenEnum):
    """``FORK`` keeps the structure and rerolls visuals; ``REIMAGINE`` keeps the hook only."""

    FORK = "fork"
    REIMAGINE = "reimagine"


class ContentFormat(OpenEnum):
    """Formats a generate request may ask for (responses may carry any string, see `Container.format`)."""

    AUTO = "auto"
    VIDEO_REMIX = "video_remix"
    SLIDESHOW_REMIX = "slideshow_remix"
    UGC_REMIX = "ugc_remix"


class OrganicPlatform(OpenEnum):
    """Organic social platforms."""

    TIKTOK = "tiktok"
    INSTAGRAM = "instagram"
    YOUTUBE = "youtube"


class CreativeType(OpenEnum):
    """Whether Layers generated a container or the customer uploaded it."""

    GENERATED = "generated"
    UPLOADED = "uploaded"


class MediaKind(OpenEnum):
    """Kinds of media asset."""

    VIDEO = "video"
    IMAGE = "image"


@attrs.frozen(kw_only=True)
class CaptionVariant:
    """One caption for one platform (``platform`` is ``None`` when the server sent a bare ``caption``)."""

    text: str
    platform: OrganicPlatform | None = None
    variation: int | None = None


@attrs.frozen(kw_only=True)
class MediaAsset:
    """One rendered asset of a container output."""

    id: str
    kind: MediaKind | None = None
    duration_ms: int | None = None
    variation: int | None = None
    url: str | None = None
    thumbnail_url: str | None = None
    width: int | None = None
    height: int | None = None
    mime_type: str | None = None


@attrs.frozen(kw_only=True)
class Container:
    """One generated creative: media, captions, hook, format and review state."""

    id: str
    status: ContainerStatus
    approval_status: ApprovalStatus
    format: str | None = None
    hook: str | None = None
    caption_variants: tuple[CaptionVariant, ...] = ()
    media_assets: tuple[MediaAsset, ...] = ()
    source_platform_post_id: str | None = None
    project_id: str | None = None
    project_layer_id: str | None = None
    job_id: str | None = None
    clone_mode: CloneMode | None = None
    output_count: int | None = None
    creative_type: CreativeType | None = None
    brief: dict[str, Any] | None = None
    created_at: datetime | None = None
    completed_at: datetime | None = None
    failed_at: datetime | None = None
    last_error: JobErrorInfo | None = None
    approved_at: datetime | None = None
    approved_by: str | None = None
    rejected_at: datetime | None = None
    rejected_by: str | None = None
    rejection_reason: str | None = None


@attrs.frozen(kw_only=True)
class CloneOverrides:
    """Optional text overrides for a clone."""

    caption: str | None = None
    cta: str | None = None
    voice_over_script: str | None = None


@attrs.frozen(kw_only=True)
class CloneFromPostRequest:
    """The body of ``POST /v1/content/{containerId}/clone-from-post``."""

    project_id: str
    source_platform_post_id: str
    mode: CloneMode
    variations: int
    project_layer_id: str | None = None
    overrides: CloneOverrides | None = None


@attrs.frozen(kw_only=True)
class ContentBrief:
    """What to generate; every field is optional.

    Attributes:
        target_platforms: One caption is produced per platform; defaults to the project's connected
            accounts' platforms, or ``tiktok``.
        language: A BCP-47 tag.
    """

    hook: str | None = None
    cta: str | None = None
    target_platforms: tuple[OrganicPlatform, ...] | None = None
    theme_tags: tuple[str, ...] | None = None
    topic: str | None = None
    angle: str | None = None
    value_propositions: tuple[str, ...] | None = None
    influencer_id: str | None = None
    reference_media_ids: tuple[str, ...] | None = None
    language: str | None = None


@attrs.frozen(kw_only=True)
class GenerateRequest:
    """The body of ``POST /v1/projects/{projectId}/content`` (defaults are left off the wire)."""

    id: str | None = None
    project_layer_id: str | None = None
    format: ContentFormat = ContentFormat.AUTO
    variant_count: int = 1
    brief: ContentBrief | None = None
