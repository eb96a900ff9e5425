"""``client.metrics``: organic and paid series, and the top-performers ranking (API reference: Metrics and ranking)."""

from __future__ import annotations

from datetime import datetime

from layers_async._checks import check_choice, check_choices, check_int_range, check_str, check_window, path_id
from layers_async._resources._base import Many, Resource
from layers_async.errors import InvalidRequestError
from layers_async.models._content import OrganicPlatform
from layers_async.models._metrics import (
    AdsMetric,
    AdsMetricsScope,
    AdsPlatform,
    Granularity,
    MetricsReport,
    MetricsScope,
    OrganicMetric,
    RankingMetric,
    RankingWindow,
    SourceType,
    TopPerformers,
)

__all__ = ["DEFAULT_RANKING_METRIC", "Metrics"]

DEFAULT_RANKING_METRIC = RankingMetric.ENGAGEMENT_RATE
"""What `Metrics.top_performers` and ``layers-async top`` rank by unless told: the vendor guide's
choice for a project without paid data ("Choosing the metric by stage"), which is also meaningful once
ads run; raw ``views`` is dominated by chance. Ranking by ``conversions``/``roas`` must be asked for."""

_ORGANIC = frozenset(m.value for m in OrganicMetric)
_PAID = frozenset(m.value for m in AdsMetric)
_SCOPES = frozenset(s.value for s in MetricsScope)
_ADS_SCOPES = frozenset(s.value for s in AdsMetricsScope)
_GRANULARITIES = frozenset(g.value for g in Granularity)
_ADS_GRANULARITIES = _GRANULARITIES - {"hour"}
_ADS_PLATFORMS = frozenset(p.value for p in AdsPlatform)
_ALL_PLATFORMS = _ADS_PLATFORMS | frozenset(p.value for p in OrganicPlatform)
_RANKING = frozenset(m.value for m in RankingMetric)
_WINDOWS = frozenset(w.value for w in RankingWindow)
_SOURCE_TYPES = frozenset(s.value for s in SourceType)
_DEFAULT_ORGANIC = (OrganicMetric.VIEWS, OrganicMetric.ENGAGEMENT_RATE, OrganicMetric.WATCH_TIME_MS)
_DEFAULT_PAID = (AdsMetric.SPEND, AdsMetric.IMPRESSIONS, AdsMetric.CLICKS, AdsMetric.CONVERSIONS, AdsMetric.ROAS)


def _check_metrics(value: object, allowed: frozenset[str], other: frozenset[str], kind: str) -> list[str]:
    """Metric names of one kind; a name of the other kind gets a message saying where it belongs."""
    names = check_choices("metrics", value, allowed | other) or []
    misplaced = [n for n in names if n not in allowed]
    if misplaced:
        where = "metrics.ads" if kind == "organic" else "metrics.organic"
        raise InvalidRequestError(
            f"{', '.join(misplaced)} cannot be read from {kind} metrics; use client.{where}", argument="metrics"
        )
    if not names:
        raise InvalidRequestError("metrics must name at least one metric", argument="metrics")
    return names


class Metrics(Resource):
    """Organic and paid metrics, and one ranked list of creatives."""

    __slots__ = ()

    async def organic(
        self,
        project_id: str,
        *,
        scope: MetricsScope | str,
        id: str,
        metrics: Many[OrganicMetric] = _DEFAULT_ORGANIC,
        since: datetime | str | None = None,
        until: datetime | str | None = None,
        granularity: Granularity | str = "day",
    ) -> MetricsReport:
        """Organic metrics over a window: one bucket per step plus totals (``totals.post_count``).

        Args:
            project_id: The project.
            scope: ``platform_post``, ``social_account``, ``project``, ``project_layer`` or ``organization``.
            id: The entity in scope (the project's own id for ``project``, the org id for ``organization``).
            metrics: Organic metric names; paid names are refused (use `ads`).
            since: Inclusive start (aware datetime or RFC 3339 instant); defaults to ``until`` − 30 days.
            until: Exclusive end; defaults to now. ``since`` must be before ``until``.
            granularity: ``hour``, ``day`` or ``week``.

        Raises:
            InvalidRequestError: A bad argument (before any request).
            NotFoundError: The entity is not in this project (or org).
        """
        path = f"/v1/projects/{path_id('project_id', project_id)}/metrics"
        since_text, until_text = check_window(since, until)
        query = {
            "scope": check_choice("scope", scope, _SCOPES),
            "id": check_str("id", id),
            "metrics": _check_metrics(metrics, _ORGANIC, _PAID - _ORGANIC, "organic"),
            "since": since_text,
            "until": until_text,
            "granularity": check_choice("granularity", granularity, _GRANULARITIES),
        }
        return await self._call("GET", path, MetricsReport, query=query)

    async def ads(
        self,
        project_id: str,
        *,
        scope: AdsMetricsScope | str,
        id: str,
        metrics: Many[AdsMetric] = _DEFAULT_PAID,
        platforms: Many[AdsPlatform] | None = None,
        since: datetime | str | None = None,
        until: datetime | str | None = None,
        granularity: Granularity | str = "day",
    ) -> MetricsReport:
        """Paid metrics over a window (``spend``, ``cpa``, ``cpc``, ``cpm`` in cents; ``totals.ad_count``).

        Args:
            project_id: The project.
            scope: ``ad``, ``adset``, ``campaign``, ``ad_account`` or ``project``.
            id: The entity in scope; it must belong to the project.
            metrics: Paid metric names; organic-only names are refused (use `organic`).
            platforms: Ads platforms to keep (filters at the ``ad_account`` and ``project`` scopes).
            since: Inclusive start (aware datetime or RFC 3339 instant); defaults to ``until`` − 30 days.
            until: Exclusive end; defaults to now. ``since`` must be before ``until``.
            granularity: ``day`` or ``week`` (``hour`` is organic only).

        Raises:
            InvalidRequestError: A bad argument (before any request).
            NotFoundError: The entity is not in this project.
        """
        path = f"/v1/projects/{path_id('project_id', project_id)}/ads-metrics"
        since_text, until_text = check_window(since, until)
        query = {
            "scope": check_choice("scope", scope, _ADS_SCOPES),
            "id": check_str("id", id),
            "metrics": _check_metrics(metrics, _PAID, _ORGANIC - _PAID, "paid"),
            "platforms": check_choices("platforms", platforms, _ADS_PLATFORMS),
            "since": since_text,
            "until": until_text,
            "granularity": check_choice("granularity", granularity, _ADS_GRANULARITIES),
        }
        return await self._call("GET", path, MetricsReport, query=query)

    async def top_performers(
        self,
        project_id: str,
        *,
        metric: RankingMetric | str = DEFAULT_RANKING_METRIC,
        window: RankingWindow | str = "30d",
        source_type: Many[SourceType] | None = None,
        platform: Many[OrganicPlatform | AdsPlatform] | None = None,
        limit: int = 25,
    ) -> TopPerformers:
        """One ranked list pooling organic performance and ad spend (not paginated; cached ~30 min).

        Args:
            project_id: The project.
            metric: ``views``, ``engagement_rate``, ``watch_time_ms`` (organic) or ``conversions``, ``roas`` (paid);
                defaults to ``engagement_rate``, the vendor guide's ranking for a project without paid data
                (the server itself requires the parameter, so it is always sent). Pass ``conversions`` or
                ``roas`` to rank a project whose creatives run as ads.
            window: ``7d``, ``30d`` or ``90d``, back from now.
            source_type: ``content_container``, ``platform_post`` and/or ``manual``; ``None`` for all.
            platform: Organic or ads platforms to keep.
            limit: Rows, 1–100.

        Returns:
            The ranking; ``items`` is empty when there is nothing to rank yet (not an error).

        Raises:
            InvalidRequestError: A bad argument (before any request).
        """
        path = f"/v1/projects/{path_id('project_id', project_id)}/top-performers"
        query = {
            "metric": check_choice("metric", metric, _RANKING),
            "window": check_choice("window", window, _WINDOWS),
            "sourceType": check_choices("source_type", source_type, _SOURCE_TYPES),
            "platform": check_choices("platform", platform, _ALL_PLATFORMS),
            "limit": check_int_range("limit", limit, 1, 100),
        }
        return await self._call("GET", path, TopPerformers, query=query)
