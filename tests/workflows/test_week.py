"""The weekly read's week arithmetic: ISO weeks, rolling UTC day windows, day buckets summed."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from layers_async.models import MetricsBucket
from layers_async.workflows._week import iso_week, sum_days, weekly_windows

UTC = timezone.utc


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.parametrize(
    ("instant", "week"),
    [
        ("2026-05-11T09:00:00Z", "2026-W20"),  # a Monday
        ("2026-05-10T23:59:59Z", "2026-W19"),  # the Sunday before
        ("2026-12-31T12:00:00Z", "2026-W53"),  # 2026 has 53 ISO weeks
        ("2027-01-03T23:00:00Z", "2026-W53"),  # early January can still be last year's week
        ("2027-01-04T00:00:00Z", "2027-W01"),
        ("2025-12-29T00:00:00Z", "2026-W01"),  # late December can be next year's week 1
    ],
)
def test_iso_week(instant: str, week: str) -> None:
    assert week == iso_week(at(instant))


def test_iso_week_reads_the_instant_in_utc() -> None:
    monday_in_utc = datetime(2026, 5, 10, 20, 30, tzinfo=timezone(timedelta(hours=-4)))  # 00:30Z Monday
    assert "2026-W20" == iso_week(monday_in_utc)


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError):
        iso_week(datetime(2026, 5, 11))


def test_current_window_is_six_whole_days_and_today_so_far() -> None:
    windows = weekly_windows(at("2026-05-13T15:20:00Z"))
    assert (at("2026-05-07T00:00:00Z"), at("2026-05-13T15:20:00Z")) == (windows.since, windows.until)


def test_week_before_is_the_seven_whole_days_ending_where_the_window_starts() -> None:
    windows = weekly_windows(at("2026-05-13T15:20:00Z"))
    assert (at("2026-04-30T00:00:00Z"), at("2026-05-07T00:00:00Z")) == (windows.previous_since, windows.previous_until)


def test_window_days_are_seven_utc_dates_ending_today() -> None:
    windows = weekly_windows(at("2026-05-13T15:20:00Z"))
    assert [date(2026, 5, 7) + timedelta(days=i) for i in range(7)] == list(windows.days)


def test_window_across_a_year_end() -> None:
    windows = weekly_windows(at("2027-01-02T08:00:00Z"))
    before = windows.previous_days
    assert (
        ["2026-12-27", "2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"],
        ["2026-12-20", "2026-12-26"],
    ) == ([d.isoformat() for d in windows.days], [before[0].isoformat(), before[-1].isoformat()])


def test_windows_of_an_offset_instant_are_utc_days() -> None:
    late_evening_in_new_york = datetime(2026, 5, 12, 22, 0, tzinfo=timezone(timedelta(hours=-4)))  # 02:00Z on the 13th
    assert date(2026, 5, 13) == weekly_windows(late_evening_in_new_york).days[-1]


def test_at_midnight_today_is_the_last_day_with_nothing_in_it_yet() -> None:
    windows = weekly_windows(at("2026-05-13T00:00:00Z"))
    assert (at("2026-05-07T00:00:00Z"), date(2026, 5, 13)) == (windows.since, windows.days[-1])


def _bucket(day: str, **values: int | float) -> MetricsBucket:
    return MetricsBucket(bucket=day, values=dict(values))


def test_sum_days_adds_only_the_wanted_days() -> None:
    series = [
        _bucket("2026-05-06", spend=999, conversions=9),
        _bucket("2026-05-07", spend=1_000, conversions=2, roas=2.0),
        _bucket("2026-05-08", spend=500, conversions=1, roas=4.0),
    ]
    sums = sum_days(series, [date(2026, 5, 7), date(2026, 5, 8)])
    assert (1_500, 3, 4_000.0) == (sums.spend_cents, sums.conversions, sums.revenue_cents)


def test_sum_days_reports_a_missing_day_as_zero() -> None:
    sums = sum_days([_bucket("2026-05-07", spend=1_000, conversions=2)], [date(2026, 5, 7), date(2026, 5, 8)])
    assert (("2026-05-07", 1_000, 2), ("2026-05-08", 0, 0)) == sums.days


def test_sum_days_keeps_cents_as_integers() -> None:
    sums = sum_days([_bucket("2026-05-07", spend=1_234, impressions=10, clicks=3)], [date(2026, 5, 7)])
    assert (1_234, int, 10, 3) == (sums.spend_cents, type(sums.spend_cents), sums.impressions, sums.clicks)


def test_sum_days_across_a_year_end() -> None:
    days = weekly_windows(at("2027-01-02T08:00:00Z")).days
    series = [_bucket(d.isoformat(), spend=100, conversions=1) for d in days]
    assert (700, 7) == (sum_days(series, days).spend_cents, sum_days(series, days).conversions)


def test_windows_are_utc() -> None:
    windows = weekly_windows(at("2026-05-13T15:20:00Z"))
    assert {UTC} == {w.tzinfo for w in (windows.since, windows.previous_since, windows.previous_until)}
