"""Metrics and ranking: organic and paid series, top performers (API reference: Metrics and ranking).

Series and totals keep metric names as dictionary keys (``bucket.values["engagement_rate"]``); money
metrics (``spend``, ``cpa``, ``cpc``, ``cpm``, ``spendCents``) are integer cents.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from layers_async.models._base import OpenEnum
from layers_async.models._content import OrganicPlatform

__all__ = [
    "AdsMetric",
    "AdsMetricsScope",
    "AdsPlatform",
    "Granularity",
    "MetricsBucket",
    "MetricsReport",
    "MetricsScope",
    "MetricsTotals",
    "MetricsWindow",
    "OrganicBlock",
    "OrganicMetric",
    "PaidBlock",
    "RankingMetric",
    "RankingWindow",
    "SourceType",
    "TopPerformer",
    "TopPerformers",
]


class AdsPlatform(OpenEnum):
    """Ads platforms."""

    META_ADS = "meta_ads"
    TIKTOK_ADS = "tiktok_ads"
    APPLE_ADS = "apple_ads"


class SourceType(OpenEnum):
    """Where a creative came from: made by Layers, an organic/UGC post, or supplied by the customer."""

    CONTENT_CONTAINER = "content_container"
    PLATFORM_POST = "platform_post"
    MANUAL = "manual"


class MetricsScope(OpenEnum):
    """What ``/metrics`` aggregates over (``id`` names the entity)."""

    PLATFORM_POST = "platform_post"
    SOCIAL_ACCOUNT = "social_account"
    PROJECT = "project"
    PROJECT_LAYER = "project_layer"
    ORGANIZATION = "organization"


class AdsMetricsScope(OpenEnum):
    """What ``/ads-metrics`` aggregates over (``id`` names the entity)."""

    AD = "ad"
    ADSET = "adset"
    CAMPAIGN = "campaign"
    AD_ACCOUNT = "ad_account"
    PROJECT = "project"


class Granularity(OpenEnum):
    """Bucket size; ``HOUR`` is organic only."""

    HOUR = "hour"
    DAY = "day"
    WEEK = "week"


class OrganicMetric(OpenEnum):
    """Metric names ``/metrics`` accepts."""

    VIEWS = "views"
    REACH = "reach"
    IMPRESSIONS = "impressions"
    LIKES = "likes"
    COMMENTS = "comments"
    SHARES = "shares"
    SAVES = "saves"
    WATCH_TIME_MS = "watch_time_ms"
    ENGAGEMENT_RATE = "engagement_rate"
    FOLLOWERS = "followers"
    FOLLOWER_DELTA = "follower_delta"
    POSTS_PUBLISHED = "posts_published"


class AdsMetric(OpenEnum):
    """Metric names ``/ads-metrics`` accepts (``spend``, ``cpa``, ``cpc``, ``cpm`` in cents)."""

    SPEND = "spend"
    IMPRESSIONS = "impressions"
    CLICKS = "clicks"
    CONVERSIONS = "conversions"
    CPA = "cpa"
    CPC = "cpc"
    CPM = "cpm"
    CTR = "ctr"
    ROAS = "roas"
    REACH = "reach"
    FREQUENCY = "frequency"


class RankingMetric(OpenEnum):
    """What ``/top-performers`` ranks by (organic: views, engagement, watch time; paid: conversions, roas)."""

    VIEWS = "views"
    ENGAGEMENT_RATE = "engagement_rate"
    CONVERSIONS = "conversions"
    ROAS = "roas"
    WATCH_TIME_MS = "watch_time_ms"


class RankingWindow(OpenEnum):
    """How far back ``/top-performers`` looks."""

    D7 = "7d"
    D30 = "30d"
    D90 = "90d"


@attrs.frozen(kw_only=True)
class MetricsWindow:
    """The resolved window, defaults filled in (``until`` is exclusive)."""

    since: datetime
    until: datetime
    granularity: Granularity | None = None


@attrs.frozen(kw_only=True)
class MetricsBucket:
    """One bucket of a series: its start (``YYYY-MM-DD``, or a timestamp at ``hour``) and its values."""

    bucket: str
    values: dict[str, int | float] = attrs.field(factory=dict, metadata={"flattened": True})


@attrs.frozen(kw_only=True)
class MetricsTotals:
    """Totals over the window: metric values plus ``post_count`` (organic) or ``ad_count`` (paid)."""

    values: dict[str, int | float] = attrs.field(factory=dict, metadata={"flattened": True})
    post_count: int | None = attrs.field(default=None, metadata={"wire": "post_count"})
    ad_count: int | None = attrs.field(default=None, metadata={"wire": "ad_count"})


@attrs.frozen(kw_only=True)
class MetricsReport:
    """The answer to ``/metrics`` and ``/ads-metrics``: one bucket per step, ascending, and totals."""

    scope: str | None = None
    id: str | None = None
    window: MetricsWindow | None = None
    series: tuple[MetricsBucket, ...] = ()
    totals: MetricsTotals = attrs.field(factory=MetricsTotals)


@attrs.frozen(kw_only=True)
class OrganicBlock:
    """A top-performer's organic totals over the window."""

    views: int = 0
    engagement_rate: float = 0.0
    watch_time_ms: int = 0
    platforms: tuple[OrganicPlatform, ...] = ()


@attrs.frozen(kw_only=True)
class PaidBlock:
    """A top-performer's paid totals over the window (``spend_cents`` in cents)."""

    spend_cents: int = 0
    conversions: int = 0
    roas: float = 0.0
    impressions: int = 0
    clicks: int = 0
    platforms: tuple[AdsPlatform, ...] = ()


@attrs.frozen(kw_only=True)
class TopPerformer:
    """One ranked creative; either block may be ``None``.

    Attributes:
        source_id: Container id (``content_container``), creative id (``manual``), ``None`` for posts.
        platform_post_id: The id clone-from-post accepts, once the creative is live and tracked.
        metric_value: The value the ranking used.
    """

    rank: int
    source_type: SourceType
    source_id: str | None = None
    platform_post_id: str | None = None
    ads_content_id: str | None = None
    title: str | None = None
    thumbnail_url: str | None = None
    metric_value: float
    organic: OrganicBlock | None = None
    paid: PaidBlock | None = None


@attrs.frozen(kw_only=True)
class TopPerformers:
    """The answer to ``/top-performers``: one ranked list (empty when there is nothing to rank yet)."""

    metric: RankingMetric
    window: RankingWindow
    items: tuple[TopPerformer, ...] = ()
