"""The demo's paid project over raw HTTP: /ads-metrics windows and buckets, paid ranking rows, promotions."""

from __future__ import annotations

import pytest

from tests.testing.fake.conftest import Api

pytestmark = pytest.mark.anyio

# The virtual clock starts on Monday 2026-05-11 09:00Z; paid delivery sits on 2026-04-28 .. 2026-05-10.


async def _ads(api: Api, query: str) -> dict:  # type: ignore[type-arg]
    p = api.h.paid.project_id
    answer = await api.call("GET", f"/v1/projects/{p}/ads-metrics?scope=project&id={p}&{query}")
    assert 200 == answer.status, answer.json
    return answer.json  # type: ignore[no-any-return]


async def test_day_series_runs_from_the_since_bucket_to_the_last_instant_before_until(api: Api) -> None:
    data = await _ads(api, "since=2026-05-04T12:00:00Z&until=2026-05-07T00:00:00Z&metrics=spend")
    assert ["2026-05-04", "2026-05-05", "2026-05-06"] == [b["bucket"] for b in data["series"]]


async def test_day_buckets_sum_to_the_totals(api: Api) -> None:
    data = await _ads(api, "since=2026-05-05T00:00:00Z&until=2026-05-11T09:00:00Z&metrics=spend&metrics=conversions")
    assert (data["totals"]["spend"], data["totals"]["conversions"]) == (
        sum(b["spend"] for b in data["series"]),
        sum(b["conversions"] for b in data["series"]),
    )


async def test_the_paid_week_in_cents(api: Api) -> None:
    data = await _ads(api, "since=2026-05-05T00:00:00Z&until=2026-05-11T09:00:00Z&metrics=spend&metrics=cpa")
    assert (61_420, 960, 6, 0) == (
        data["totals"]["spend"],
        data["totals"]["cpa"],
        data["totals"]["ad_count"],
        data["series"][-1]["spend"],  # today: nothing delivered yet
    )


async def test_the_week_before(api: Api) -> None:
    data = await _ads(api, "since=2026-04-28T00:00:00Z&until=2026-05-05T00:00:00Z&metrics=spend&metrics=conversions")
    assert (7, 31_920, 33) == (len(data["series"]), data["totals"]["spend"], data["totals"]["conversions"])


async def test_roas_totals_are_recomputed_not_averaged(api: Api) -> None:
    data = await _ads(api, "since=2026-05-05T00:00:00Z&until=2026-05-11T00:00:00Z&metrics=roas&metrics=spend")
    revenue = 29 * 1_150 + 12 * 1_250 + 2 * 1_900 + 12 * 1_650 + 9 * 1_550
    mean = sum(b["roas"] for b in data["series"]) / len(data["series"])
    assert (round(revenue / 61_420, 2), True) == (data["totals"]["roas"], abs(mean - data["totals"]["roas"]) > 0.01)


async def test_week_buckets_are_labelled_by_their_monday(api: Api) -> None:
    data = await _ads(api, "since=2026-04-29T00:00:00Z&until=2026-05-11T09:00:00Z&granularity=week&metrics=spend")
    assert (["2026-04-27", "2026-05-04", "2026-05-11"], 0) == (
        [b["bucket"] for b in data["series"]],
        data["series"][-1]["spend"],
    )


async def test_empty_days_report_zero(api: Api) -> None:
    data = await _ads(api, "since=2026-03-01T00:00:00Z&until=2026-03-03T00:00:00Z")
    assert ([0, 0], 0, 0) == ([b["spend"] for b in data["series"]], data["totals"]["ad_count"], data["totals"]["roas"])


async def test_default_window_is_the_last_30_days(api: Api) -> None:
    window = (await _ads(api, "metrics=spend"))["window"]
    assert ("2026-04-11T09:00:00Z", "2026-05-11T09:00:00Z", "day") == (
        window["since"],
        window["until"],
        window["granularity"],
    )


async def test_platforms_filter_at_project_scope(api: Api) -> None:
    data = await _ads(api, "since=2026-05-05T00:00:00Z&until=2026-05-11T00:00:00Z&metrics=spend&platforms=tiktok_ads")
    assert 12_600 + 3_120 == data["totals"]["spend"]


async def test_since_not_before_until_is_refused(api: Api) -> None:
    p = api.h.paid.project_id
    same = "since=2026-05-05T00:00:00Z&until=2026-05-05T00:00:00Z"
    answer = await api.call("GET", f"/v1/projects/{p}/ads-metrics?scope=project&id={p}&{same}")
    assert (422, ["since"]) == (answer.status, [i["path"] for i in answer.details["issues"]])


async def test_one_ad_at_ad_scope(api: Api) -> None:
    p = api.h.paid.project_id
    rows = (await api.call("GET", f"/v1/projects/{p}/ads-content")).json["items"]
    converter = next(r for r in rows if r["adsContentId"] == api.h.paid.converter_ads_content_id)
    tiktok = [a["adId"] for a in converter["activePromotions"] if a["platform"] == "tiktok_ads"]
    totals = []
    for ad in tiktok:
        query = f"scope=ad&id={ad}&since=2026-05-05T00:00:00Z&until=2026-05-11T09:00:00Z&metrics=conversions"
        totals.append((await api.call("GET", f"/v1/projects/{p}/ads-metrics?{query}")).json["totals"]["conversions"])
    assert [29, 0] == totals  # this week's ad, then last week's


async def test_unknown_ad_is_not_found(api: Api) -> None:
    p = api.h.paid.project_id
    answer = await api.call("GET", f"/v1/projects/{p}/ads-metrics?scope=ad&id=ad_nope")
    assert 404 == answer.status


async def test_conversions_ranking_is_led_by_a_post_that_is_not_the_top_organic_one(api: Api) -> None:
    p = api.h.paid.project_id
    conversions = (await api.call("GET", f"/v1/projects/{p}/top-performers?metric=conversions&window=7d")).json
    views = (await api.call("GET", f"/v1/projects/{p}/top-performers?metric=views&window=7d")).json
    assert (api.h.paid.converter_post_id, api.h.paid.top_organic_post_id, 41) == (
        conversions["items"][0]["platformPostId"],
        views["items"][0]["platformPostId"],
        conversions["items"][0]["metricValue"],
    )


async def test_the_static_ad_is_a_paid_only_row_with_spend_and_no_conversions(api: Api) -> None:
    p = api.h.paid.project_id
    items = (await api.call("GET", f"/v1/projects/{p}/top-performers?metric=conversions&window=7d")).json["items"]
    static = next(i for i in items if i["adsContentId"] == api.h.paid.no_conversion_ads_content_id)
    assert ("manual", None, 6_300, 0) == (
        static["sourceType"],
        static["organic"],
        static["paid"]["spendCents"],
        static["paid"]["conversions"],
    )


async def test_main_project_has_no_paid_rows(api: Api) -> None:
    p = api.h.project_id
    items = (await api.call("GET", f"/v1/projects/{p}/top-performers?metric=conversions&window=7d")).json["items"]
    assert [] == items
