"""Week arithmetic for the weekly read: ISO weeks, the two 7-day windows, and day buckets summed; pure."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone

import attrs

from layers_async.models import MetricsBucket

__all__ = ["PaidSums", "Windows", "iso_week", "sum_days", "weekly_windows"]

_DAY = timedelta(days=1)


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("a naive datetime has no UTC meaning")
    return at.astimezone(timezone.utc)


def iso_week(at: datetime) -> str:
    """The ISO 8601 week holding ``at`` (read in UTC), as ``YYYY-Www``: ``2027-01-01`` is ``2026-W53``."""
    year, week, _ = _utc(at).isocalendar()
    return f"{year}-W{week:02d}"


@attrs.frozen(kw_only=True)
class Windows:
    """The rolling 7 UTC days up to now and the 7 whole UTC days before them (``until`` exclusive).

    The current window starts at the UTC midnight 6 days before today and ends now, so its 7 day
    buckets are the 6 last whole days and today so far: the same days ``/top-performers`` counts its
    ``7d`` over. The week before is the 7 whole days ending where the current window starts.
    """

    since: datetime
    until: datetime
    previous_since: datetime
    previous_until: datetime

    @property
    def days(self) -> tuple[date, ...]:
        """The 7 UTC dates of the current window, oldest first (the last is today)."""
        return tuple((self.since + i * _DAY).date() for i in range(7))

    @property
    def previous_days(self) -> tuple[date, ...]:
        """The 7 UTC dates of the week before, oldest first."""
        return tuple((self.previous_since + i * _DAY).date() for i in range(7))


def weekly_windows(now: datetime) -> Windows:
    """The windows of a weekly read made at ``now`` (any timezone; read in UTC).

    Current: ``[today − 6 days, now)``; the week before: ``[today − 13 days, today − 6 days)``, where
    ``today`` is the start of ``now``'s UTC day. Windows cross month and year ends like any other days.
    """
    at = _utc(now)
    midnight = datetime.combine(at.date(), time(), tzinfo=timezone.utc)
    since = midnight - 6 * _DAY
    return Windows(since=since, until=at, previous_since=since - 7 * _DAY, previous_until=since)


@attrs.frozen(kw_only=True)
class PaidSums:
    """Counts summed over day buckets, and the revenue their ROAS implies (cents)."""

    spend_cents: int = 0
    conversions: int = 0
    impressions: int = 0
    clicks: int = 0
    revenue_cents: float = 0.0
    days: tuple[tuple[str, int, int], ...] = ()


def _int(values: dict[str, int | float], name: str) -> int:
    value = values.get(name, 0)
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


def sum_days(series: Iterable[MetricsBucket], days: Iterable[date]) -> PaidSums:
    """Sum the day buckets whose date is one of ``days`` (other buckets are ignored).

    ``days`` lists ``(date, spend_cents, conversions)`` per wanted day, zero when the server sent no
    bucket for it; revenue is each bucket's ``roas × spend`` (ROAS is a ratio: it is recomputed from the
    sums, never averaged across buckets).
    """
    wanted = [d.isoformat() for d in days]
    found: dict[str, dict[str, int | float]] = {}
    for bucket in series:
        if bucket.bucket in wanted:
            found[bucket.bucket] = bucket.values
    spend = conversions = impressions = clicks = 0
    revenue = 0.0
    per_day = []
    for day in wanted:
        values = found.get(day, {})
        day_spend, day_conversions = _int(values, "spend"), _int(values, "conversions")
        roas = values.get("roas", 0)
        spend += day_spend
        conversions += day_conversions
        impressions += _int(values, "impressions")
        clicks += _int(values, "clicks")
        revenue += float(roas) * day_spend if isinstance(roas, (int, float)) else 0.0
        per_day.append((day, day_spend, day_conversions))
    return PaidSums(
        spend_cents=spend,
        conversions=conversions,
        impressions=impressions,
        clicks=clicks,
        revenue_cents=revenue,
        days=tuple(per_day),
    )
