"""Metric arithmetic: UTC buckets, organic and paid aggregation, organic scores with decay."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from layers_async.testing._fake._state import AdsContent, PaidStat, PlatformPost, SocialAccount
from layers_async.testing._fake._wire import DAY, iso_date, ts

__all__ = [
    "ORGANIC_METRICS",
    "PAID_METRICS",
    "buckets",
    "organic_report",
    "paid_report",
    "paid_totals",
    "score",
]

ORGANIC_METRICS = (
    "views",
    "reach",
    "impressions",
    "likes",
    "comments",
    "shares",
    "saves",
    "watch_time_ms",
    "engagement_rate",
    "followers",
    "follower_delta",
    "posts_published",
)
PAID_METRICS = (
    "spend",
    "impressions",
    "clicks",
    "conversions",
    "cpa",
    "cpc",
    "cpm",
    "ctr",
    "roas",
    "reach",
    "frequency",
)
_SIZES = {"hour": 3_600.0, "day": DAY, "week": 7 * DAY}


def bucket_start(epoch: float, granularity: str) -> float:
    """Start of the UTC bucket holding ``epoch`` (weeks start on Monday)."""
    if granularity == "week":
        day = epoch // DAY * DAY
        return day - ((day // DAY + 3) % 7) * DAY
    size = _SIZES[granularity]
    return epoch // size * size


def buckets(since: float, until: float, granularity: str) -> list[float]:
    """Bucket starts from the one holding ``since`` to the one holding the last instant before ``until``."""
    first, last = bucket_start(since, granularity), bucket_start(until - 0.001, granularity)
    out, size = [], _SIZES[granularity]
    at = first
    while at <= last:
        out.append(at)
        at += size
    return out


class _Window:
    """Counts summed per UTC bucket of ``[since, until)`` (``per``, one dict per start) and over it (``total``)."""

    def __init__(self, since: float, until: float, granularity: str) -> None:
        self.since, self.until, self.granularity = since, until, granularity
        self.starts = buckets(since, until, granularity)
        self._index = {start: i for i, start in enumerate(self.starts)}
        self.per: list[dict[str, int]] = [{} for _ in self.starts]
        self.total: dict[str, int] = {}

    def slot(self, at: float) -> int:
        """The index in ``starts`` of the bucket holding ``at`` (inside the window)."""
        return self._index[bucket_start(at, self.granularity)]

    def add(self, points: dict[float, dict[str, int]]) -> bool:
        """Add the counts of ``points`` that fall inside the window; whether any did."""
        inside = False
        for at, counts in points.items():
            if self.since <= at < self.until:
                inside = True
                slot = self.per[self.slot(at)]
                for name, value in counts.items():
                    slot[name] = slot.get(name, 0) + value
                    self.total[name] = self.total.get(name, 0) + value
        return inside


def _label(start: float, granularity: str) -> str:
    return ts(start) if granularity == "hour" else iso_date(start)


def _ratio(num: float, den: float, digits: int = 4) -> float:
    return round(num / den, digits) if den else 0


def _organic_values(sums: dict[str, int], metrics: Sequence[str], extra: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in metrics:
        if name == "engagement_rate":
            engaged = sum(sums.get(k, 0) for k in ("likes", "comments", "shares", "saves"))
            out[name] = _ratio(engaged, sums.get("views", 0))
        elif name in extra:
            out[name] = extra[name]
        else:
            out[name] = sums.get(name, 0)
    return out


def organic_report(
    posts: Iterable[PlatformPost],
    accounts: Iterable[SocialAccount],
    metrics: Sequence[str],
    since: float,
    until: float,
    granularity: str,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The ``series`` and ``totals`` of ``/metrics`` over ``[since, until)``."""
    window = _Window(since, until, granularity)
    starts, per, total = window.starts, window.per, window.total
    published = [0] * len(starts)
    with_data: set[str] = set()
    posts = list(posts)
    for post in posts:
        if window.add(post.points):
            with_data.add(post.id)
        if since <= post.published_at < until:
            published[window.slot(post.published_at)] += 1
    accounts = list(accounts)
    size = _SIZES[granularity]
    series = []
    for i, start in enumerate(starts):
        end = min(start + size, until)
        extra = {
            "posts_published": published[i],
            "followers": _followers(accounts, end),
            "follower_delta": _followers(accounts, end) - _followers(accounts, max(start, since)),
        }
        series.append({"bucket": _label(start, granularity), **_organic_values(per[i], metrics, extra)})
    extra = {
        "posts_published": sum(published),
        "followers": _followers(accounts, until),
        "follower_delta": _followers(accounts, until) - _followers(accounts, since),
    }
    totals = _organic_values(total, metrics, extra)
    totals["post_count"] = len(with_data)
    return series, totals


def _followers(accounts: list[SocialAccount], before: float) -> int:
    return sum(a.followers + sum(v for t, v in a.follower_deltas.items() if t < before) for a in accounts)


def _paid_values(sums: dict[str, int], metrics: Sequence[str]) -> dict[str, Any]:
    spend, clicks, imps = sums.get("spend", 0), sums.get("clicks", 0), sums.get("impressions", 0)
    conv, reach, revenue = sums.get("conversions", 0), sums.get("reach", 0), sums.get("revenue", 0)
    derived: dict[str, Any] = {
        "cpa": round(spend / conv) if conv else 0,
        "cpc": round(spend / clicks) if clicks else 0,
        "cpm": round(spend * 1000 / imps) if imps else 0,
        "ctr": _ratio(clicks, imps),
        "roas": _ratio(revenue, spend, 2),
        "frequency": _ratio(imps, reach, 2),
    }
    return {name: derived[name] if name in derived else sums.get(name, 0) for name in metrics}


def paid_report(
    stats: Iterable[PaidStat], metrics: Sequence[str], since: float, until: float, granularity: str
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The ``series`` and ``totals`` of ``/ads-metrics`` over ``[since, until)``."""
    window = _Window(since, until, granularity)
    starts, per, total = window.starts, window.per, window.total
    ads: set[str] = set()
    for stat in stats:
        if window.add(stat.points):
            ads.add(stat.ad_id)
    series = [{"bucket": _label(start, granularity), **_paid_values(per[i], metrics)} for i, start in enumerate(starts)]
    totals = _paid_values(total, metrics)
    totals["ad_count"] = len(ads)
    return series, totals


def paid_totals(row: AdsContent, since: float, until: float) -> dict[str, Any] | None:
    """The ``paid`` block of a top-performers row, or ``None`` when the row had no delivery in the window."""
    sums: dict[str, int] = {}
    platforms: list[str] = []
    for stat in row.paid:
        for at, counts in stat.points.items():
            if since <= at < until:
                if stat.platform not in platforms:
                    platforms.append(stat.platform)
                for name, value in counts.items():
                    sums[name] = sums.get(name, 0) + value
    if not platforms:
        return None
    spend = sums.get("spend", 0)
    return {
        "spendCents": spend,
        "conversions": sums.get("conversions", 0),
        "roas": _ratio(sums.get("revenue", 0), spend, 2),
        "impressions": sums.get("impressions", 0),
        "clicks": sums.get("clicks", 0),
        "platforms": sorted(platforms),
    }


def organic_totals(post: PlatformPost, since: float, until: float) -> dict[str, Any] | None:
    """The ``organic`` block of a top-performers row, or ``None`` without data in the window."""
    sums: dict[str, int] = {}
    seen = False
    for at, counts in post.points.items():
        if since <= at < until:
            seen = True
            for name, value in counts.items():
                sums[name] = sums.get(name, 0) + value
    if not seen:
        return None
    engaged = sum(sums.get(k, 0) for k in ("likes", "comments", "shares", "saves"))
    return {
        "views": sums.get("views", 0),
        "engagementRate": _ratio(engaged, sums.get("views", 0)),
        "watchTimeMs": sums.get("watch_time_ms", 0),
        "platforms": [post.platform],
    }


def score(row: AdsContent, now: float, interval: float) -> tuple[float | None, float | None]:
    """``(organicScore, scoredAt)`` as of the last recompute: ``base`` falling by 5 points over 30 days."""
    scored_at = now // interval * interval
    if row.created_at > scored_at:
        return None, None
    age_days = (scored_at - row.created_at) / DAY
    value = row.base_score - 5.0 * min(age_days, 30.0) / 30.0
    return round(min(10.0, max(0.0, value)), 2), scored_at
