"""client.metrics: organic, ads, top_performers."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from layers_async.errors import InvalidRequestError
from layers_async.models import (
    AdsPlatform,
    Granularity,
    MetricsBucket,
    MetricsTotals,
    MetricsWindow,
    OrganicBlock,
    OrganicPlatform,
    PaidBlock,
    RankingMetric,
    RankingWindow,
    SourceType,
    TopPerformer,
)

PID = "prj_5b6c7d8e-9f01-4a2b-8c3d-4e5f6a7b8c9d"
ORGANIC = {
    "scope": "project",
    "id": PID,
    "window": {"since": "2026-05-07T00:00:00Z", "until": "2026-05-09T00:00:00Z", "granularity": "day"},
    "series": [
        {"bucket": "2026-05-07", "views": 1830, "engagement_rate": 0.061, "watch_time_ms": 33000000},
        {"bucket": "2026-05-08", "views": 2904, "engagement_rate": 0.044, "watch_time_ms": 52100000},
    ],
    "totals": {"views": 4734, "engagement_rate": 0.051, "watch_time_ms": 85100000, "post_count": 7},
}
ADS = {
    "scope": "ad_account",
    "id": "act_88",
    "window": {"since": "2026-05-04T00:00:00Z", "until": "2026-05-11T00:00:00Z", "granularity": "week"},
    "series": [{"bucket": "2026-05-04", "spend": 45210, "roas": 2.1}],
    "totals": {"spend": 45210, "roas": 2.1, "ad_count": 3},
}
TOP = {
    "metric": "roas",
    "window": "7d",
    "items": [
        {
            "rank": 1,
            "sourceType": "content_container",
            "sourceId": "cnt_c2f04a13-9e4a-4b70-8a26-14d7b3f9e8c5",
            "platformPostId": "pp_01JTE8B5D9F3H7K1N4R6T0W2Y8",
            "adsContentId": "adc_01JTEA3N9R5T8X2Z4C7E0H3K6M",
            "title": "Three taps and the list is gone",
            "thumbnailUrl": None,
            "metricValue": 3.4,
            "organic": {"views": 15220, "engagementRate": 0.071, "watchTimeMs": 81200000, "platforms": ["tiktok"]},
            "paid": {
                "spendCents": 20375,
                "conversions": 44,
                "roas": 3.4,
                "impressions": 52300,
                "clicks": 1104,
                "platforms": ["tiktok_ads"],
            },
        },
        {
            "rank": 2,
            "sourceType": "manual",
            "sourceId": "cr_17",
            "platformPostId": None,
            "adsContentId": "adc_01JTEB",
            "title": None,
            "thumbnailUrl": "https://media.example.test/cr_17/cover.jpg",
            "metricValue": 1.2,
            "organic": None,
            "paid": {
                "spendCents": 900,
                "conversions": 2,
                "roas": 1.2,
                "impressions": 4000,
                "clicks": 51,
                "platforms": [],
            },
        },
    ],
}


@pytest.mark.anyio
async def test_organic_sends_repeated_metrics_and_decodes_series(api) -> None:
    api.reply(200, ORGANIC)
    report = await api.client.metrics.organic(
        PID,
        scope="project",
        id=PID,
        metrics=["views", "engagement_rate"],
        since=datetime(2026, 5, 7, tzinfo=timezone.utc),
        until="2026-05-09T00:00:00Z",
        granularity=Granularity.DAY,
    )
    query = [
        ("scope", "project"),
        ("id", PID),
        ("metrics", "views"),
        ("metrics", "engagement_rate"),
        ("since", "2026-05-07T00:00:00Z"),
        ("until", "2026-05-09T00:00:00Z"),
        ("granularity", "day"),
    ]
    assert ("GET", f"/v1/projects/{PID}/metrics", query, None) == api.sent()
    window = MetricsWindow(
        since=datetime(2026, 5, 7, tzinfo=timezone.utc),
        until=datetime(2026, 5, 9, tzinfo=timezone.utc),
        granularity=Granularity.DAY,
    )
    first = MetricsBucket(
        bucket="2026-05-07", values={"views": 1830, "engagement_rate": 0.061, "watch_time_ms": 33000000}
    )
    totals = MetricsTotals(values={"views": 4734, "engagement_rate": 0.051, "watch_time_ms": 85100000}, post_count=7)
    assert (window, first, totals, 0.044) == (
        report.window,
        report.series[0],
        report.totals,
        report.series[1].values["engagement_rate"],
    )


@pytest.mark.anyio
async def test_organic_defaults_to_the_contract_metrics(api) -> None:
    api.reply(200, ORGANIC)
    await api.client.metrics.organic(PID, scope="project", id=PID)
    query = [
        ("scope", "project"),
        ("id", PID),
        ("metrics", "views"),
        ("metrics", "engagement_rate"),
        ("metrics", "watch_time_ms"),
        ("granularity", "day"),
    ]
    assert query == api.sent()[2]


@pytest.mark.anyio
async def test_ads_sends_platforms_and_keeps_cents_as_integers(api) -> None:
    api.reply(200, ADS)
    report = await api.client.metrics.ads(
        PID, scope="ad_account", id="act_88", metrics=["spend", "roas"], platforms="tiktok_ads", granularity="week"
    )
    query = [
        ("scope", "ad_account"),
        ("id", "act_88"),
        ("metrics", "spend"),
        ("metrics", "roas"),
        ("platforms", "tiktok_ads"),
        ("granularity", "week"),
    ]
    assert ("GET", f"/v1/projects/{PID}/ads-metrics", query, None) == api.sent()
    assert (45210, int, 3, None) == (
        report.totals.values["spend"],
        type(report.series[0].values["spend"]),
        report.totals.ad_count,
        report.totals.post_count,
    )


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("call", "kwargs", "argument"),
    [
        ("organic", {"metrics": ["views", "roas"]}, "metrics"),
        ("organic", {"metrics": ["bogus"]}, "metrics"),
        ("organic", {"metrics": []}, "metrics"),
        ("organic", {"scope": "ad"}, "scope"),
        ("organic", {"granularity": "month"}, "granularity"),
        ("organic", {"since": "2026-05-04"}, "since"),
        ("organic", {"until": datetime(2026, 5, 4)}, "until"),
        ("organic", {"since": "2026-05-05T00:00:00Z", "until": "2026-05-04T00:00:00Z"}, "since"),
        ("ads", {"metrics": ["engagement_rate"]}, "metrics"),
        ("ads", {"granularity": "hour"}, "granularity"),
        ("ads", {"platforms": ["tiktok"]}, "platforms"),
        ("ads", {"scope": "platform_post"}, "scope"),
    ],
)
async def test_metrics_validate_before_sending(api, call: str, kwargs: dict[str, object], argument: str) -> None:
    args: dict[str, object] = {"scope": "project" if call == "organic" else "ad", "id": "x", **kwargs}
    with pytest.raises(InvalidRequestError) as info:
        await getattr(api.client.metrics, call)(PID, **args)
    assert (argument, []) == (info.value.argument, api.requests)


@pytest.mark.anyio
async def test_top_performers_sends_query_and_decodes_both_blocks(api) -> None:
    api.reply(200, TOP)
    top = await api.client.metrics.top_performers(
        PID,
        metric="roas",
        window="7d",
        source_type=["content_container", "manual"],
        platform=["tiktok", "tiktok_ads"],
        limit=10,
    )
    query = [
        ("metric", "roas"),
        ("window", "7d"),
        ("sourceType", "content_container"),
        ("sourceType", "manual"),
        ("platform", "tiktok"),
        ("platform", "tiktok_ads"),
        ("limit", "10"),
    ]
    assert ("GET", f"/v1/projects/{PID}/top-performers", query, None) == api.sent()
    expected_first = TopPerformer(
        rank=1,
        source_type=SourceType.CONTENT_CONTAINER,
        source_id="cnt_c2f04a13-9e4a-4b70-8a26-14d7b3f9e8c5",
        platform_post_id="pp_01JTE8B5D9F3H7K1N4R6T0W2Y8",
        ads_content_id="adc_01JTEA3N9R5T8X2Z4C7E0H3K6M",
        title="Three taps and the list is gone",
        thumbnail_url=None,
        metric_value=3.4,
        organic=OrganicBlock(
            views=15220, engagement_rate=0.071, watch_time_ms=81200000, platforms=(OrganicPlatform.TIKTOK,)
        ),
        paid=PaidBlock(
            spend_cents=20375,
            conversions=44,
            roas=3.4,
            impressions=52300,
            clicks=1104,
            platforms=(AdsPlatform.TIKTOK_ADS,),
        ),
    )
    assert (RankingMetric.ROAS, RankingWindow.D7, expected_first, None) == (
        top.metric,
        top.window,
        top.items[0],
        top.items[1].organic,
    )


@pytest.mark.anyio
async def test_top_performers_empty_is_a_normal_state(api) -> None:
    api.reply(200, {"metric": "views", "window": "30d", "items": []})
    top = await api.client.metrics.top_performers(PID, metric="views")
    assert ((), [("metric", "views"), ("window", "30d"), ("limit", "25")]) == (top.items, api.sent()[2])


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"metric": "clicks"}, "metric"),
        ({"metric": "views", "window": "14d"}, "window"),
        ({"metric": "views", "source_type": "ugc"}, "source_type"),
        ({"metric": "views", "platform": ["facebook"]}, "platform"),
        ({"metric": "views", "limit": 101}, "limit"),
    ],
)
async def test_top_performers_validates_before_sending(api, kwargs: dict[str, object], argument: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        await api.client.metrics.top_performers(PID, **kwargs)
    assert (argument, []) == (info.value.argument, api.requests)


@pytest.mark.anyio
async def test_top_performers_ranks_by_engagement_rate_unless_told(api) -> None:
    api.reply(200, {"metric": "engagement_rate", "window": "30d", "items": []})
    await api.client.metrics.top_performers(PID)
    assert [("metric", "engagement_rate"), ("window", "30d"), ("limit", "25")] == api.sent()[2]


def test_the_cli_ranks_by_the_same_default_as_the_sdk() -> None:
    import inspect

    from layers_async._cli import build_parser
    from layers_async._resources._metrics import Metrics

    sdk_default = inspect.signature(Metrics.top_performers).parameters["metric"].default
    cli_default = build_parser().parse_args(["top", "prj_1"]).metric
    assert (RankingMetric.ENGAGEMENT_RATE, "engagement_rate") == (sdk_default, cli_default)
