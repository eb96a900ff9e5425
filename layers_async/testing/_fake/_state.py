"""The emulator's entities: plain mutable records, all times in epoch seconds."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "TIERS",
    "AdsContent",
    "ApiKey",
    "Container",
    "Job",
    "Layer",
    "Org",
    "PaidStat",
    "PlatformPost",
    "Project",
    "ScheduledPost",
    "SocialAccount",
    "TierLimits",
]


@dataclass(frozen=True, slots=True)
class TierLimits:
    """Per-minute limits per endpoint class, the daily write-light cap and the concurrent-jobs cap."""

    read_light: int
    write_light: int
    long_running: int
    write_light_day: int
    concurrent_jobs: int

    def per_minute(self, endpoint_class: str) -> int:
        """The per-minute limit of ``endpoint_class``."""
        if endpoint_class == "read-light":
            return self.read_light
        if endpoint_class == "write-light":
            return self.write_light
        return self.long_running


TIERS: dict[str, TierLimits] = {
    "standard": TierLimits(120, 60, 20, 10_000, 5),
    "pilot": TierLimits(1_200, 600, 60, 100_000, 20),
    "partner": TierLimits(6_000, 3_000, 300, 500_000, 100),
}


@dataclass(slots=True)
class Org:
    id: str
    name: str
    workspace_id: str
    parent_id: str | None = None
    suspended: bool = False
    included_this_period: int = 1_000
    included_remaining: int = 1_000
    prepaid: int = 0
    reserved: int = 0
    used_this_period: int = 0
    period_start: float = 0.0
    period_end: float = 0.0
    subscription_tier: str = "growth"
    billing_status: str = "active"


@dataclass(slots=True)
class ApiKey:
    id: str
    secret: str
    org_id: str
    scopes: tuple[str, ...]
    tier: str
    limits: TierLimits
    killed: bool = False


@dataclass(slots=True)
class Layer:
    id: str
    name: str
    kind: str


@dataclass(slots=True)
class SocialAccount:
    id: str
    platform: str
    handle: str
    status: str
    followers: int = 0
    follower_deltas: dict[float, int] = field(default_factory=dict)


@dataclass(slots=True)
class Project:
    id: str
    org_id: str
    name: str
    status: str
    customer_external_id: str | None
    timezone: str
    primary_language: str
    owner_email: str | None
    created_at: float
    updated_at: float
    brand_context: dict[str, Any] | None
    layers: list[Layer] = field(default_factory=list)
    social_accounts: list[SocialAccount] = field(default_factory=list)
    policy: str | None = None
    first_n: int | None = None
    policy_updated_at: float | None = None
    approved_count: int = 0


@dataclass(slots=True)
class PlatformPost:
    """A tracked organic post; ``points`` maps a bucket start (epoch) to organic counts."""

    id: str
    native_id: str
    org_id: str
    project_id: str
    social_account_id: str | None
    platform: str
    media_kind: str
    title: str | None
    thumbnail_url: str | None
    published_at: float
    visible_from: float
    source_type: str = "platform_post"
    source_id: str | None = None
    layer_id: str | None = None
    deleted: bool = False
    points: dict[float, dict[str, int]] = field(default_factory=dict)


@dataclass(slots=True)
class PaidStat:
    """One ad's paid delivery for a creative; ``points`` maps a day start (epoch) to paid counts."""

    platform: str
    ad_id: str
    adset_id: str
    campaign_id: str
    ad_account_id: str
    started_at: float
    points: dict[float, dict[str, int]] = field(default_factory=dict)


@dataclass(slots=True)
class AdsContent:
    id: str
    org_id: str
    project_id: str
    source_type: str
    source_id: str | None
    platform_post_id: str | None
    base_score: float
    created_at: float
    updated_at: float
    override: str | None = None
    note: str | None = None
    title: str | None = None
    paid: list[PaidStat] = field(default_factory=list)


@dataclass(slots=True)
class Container:
    id: str
    org_id: str
    project_id: str
    layer_id: str
    job_id: str
    status: str
    approval_status: str
    format: str
    created_at: float
    target_platforms: list[str]
    brief: dict[str, Any] | None = None
    hook: str | None = None
    caption_variants: list[dict[str, Any]] = field(default_factory=list)
    media_assets: list[dict[str, Any]] = field(default_factory=list)
    source_post_id: str | None = None
    clone_mode: str | None = None
    output_count: int = 1
    completed_at: float | None = None
    failed_at: float | None = None
    last_error: dict[str, str] | None = None
    approved_at: float | None = None
    approved_by: str | None = None
    rejected_at: float | None = None
    rejected_by: str | None = None
    rejection_reason: str | None = None
    #: The request that created it (route, path, parsed body) and its 202 body, for resource-level replay.
    fingerprint: Any = None
    accepted: bytes = b""


@dataclass(slots=True)
class Job:
    id: str
    org_id: str
    kind: str
    project_id: str
    container_ids: list[str]
    started_at: float
    cost: int
    status: str = "running"
    stage: str = "queued"
    stage_index: int = 0
    stage_started_at: float = 0.0
    progress: float = 0.0
    finished_at: float | None = None
    error: dict[str, str] | None = None
    cancel_requested: bool = False
    fail_at_stage: str | None = None
    fail_error: dict[str, str] | None = None
    #: The rendered envelope and its ETag header for (``cache_status``, ``cache_stage``, ``cache_progress``),
    #: valid without recomputing while the clock stays within [``cache_from``, ``cache_until``] (see `job_body`).
    cache_status: str = ""
    cache_stage: str = ""
    cache_progress: float = -1.0
    cache_from: float = math.inf
    cache_until: float = -math.inf
    cache_body: bytes = b""
    cache_etag: str = ""
    #: JSON fragments of the fields that never change, built on the first render (see `render_job`).
    render_head: str = ""
    render_fixed: str = ""


@dataclass(slots=True)
class ScheduledPost:
    id: str
    org_id: str
    project_id: str
    container_id: str
    social_account_id: str
    platform: str
    mode: str
    scheduled_for: float
    created_at: float
    status: str = "queued"
    caption_override: str | None = None
    first_comment_override: str | None = None
    external_id: str | None = None
    external_url: str | None = None
    attempted_at: float | None = None
    published_at: float | None = None
    canceled_at: float | None = None
    last_error: dict[str, str] | None = None
    fail_with: dict[str, str] | None = None
