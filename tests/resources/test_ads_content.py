"""client.ads_content: list and set_override."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from layers_async.errors import InvalidRequestError
from layers_async.models import ActivePromotion, AdsContent, AdsOverride, AdsPlatform, ScoringPool, SourceType

PID = "prj_5b6c7d8e-9f01-4a2b-8c3d-4e5f6a7b8c9d"
ADC = "adc_01JTF2K7M9P3R5T8W0Y2B4D6G8"
ROW = {
    "adsContentId": ADC,
    "sourceType": "content_container",
    "sourceId": "cnt_c2f04a13-9e4a-4b70-8a26-14d7b3f9e8c5",
    "platformPostId": "pp_01JTE8B5D9F3H7K1N4R6T0W2Y8",
    "scoringPool": "generated",
    "organicScore": 6.4,
    "eligible": True,
    "override": None,
    "activePromotions": [{"platform": "meta_ads", "adId": "238411", "startedAt": "2026-05-10T06:00:00Z"}],
    "scoredAt": "2026-05-12T06:00:00Z",
    "updatedAt": "2026-05-12T06:00:01Z",
}
EXPECTED = AdsContent(
    ads_content_id=ADC,
    source_type=SourceType.CONTENT_CONTAINER,
    source_id="cnt_c2f04a13-9e4a-4b70-8a26-14d7b3f9e8c5",
    platform_post_id="pp_01JTE8B5D9F3H7K1N4R6T0W2Y8",
    scoring_pool=ScoringPool.GENERATED,
    organic_score=6.4,
    eligible=True,
    override=None,
    active_promotions=(
        ActivePromotion(
            platform=AdsPlatform.META_ADS, ad_id="238411", started_at=datetime(2026, 5, 10, 6, tzinfo=timezone.utc)
        ),
    ),
    scored_at=datetime(2026, 5, 12, 6, tzinfo=timezone.utc),
    updated_at=datetime(2026, 5, 12, 6, 0, 1, tzinfo=timezone.utc),
)


@pytest.mark.anyio
async def test_list_sends_filters_with_booleans_as_true_false(api) -> None:
    api.reply(200, {"items": [ROW], "nextCursor": None})
    items = await api.client.ads_content.list(
        PID,
        scoring_pool=["generated", "ugc"],
        min_score=4.5,
        override="none",
        eligible=False,
        sort="scored_at_desc",
        limit=200,
    ).collect()
    query = [
        ("scoringPool", "generated"),
        ("scoringPool", "ugc"),
        ("minScore", "4.5"),
        ("override", "none"),
        ("eligible", "false"),
        ("sort", "scored_at_desc"),
        ("limit", "200"),
    ]
    assert (("GET", f"/v1/projects/{PID}/ads-content", query, None), [EXPECTED]) == (api.sent(), items)


@pytest.mark.anyio
async def test_set_override_sends_include_and_note(api) -> None:
    api.reply(200, {**ROW, "override": "include"})
    row = await api.client.ads_content.set_override(PID, ADC, override="include", note="Client asked to keep it.")
    body = {"override": "include", "note": "Client asked to keep it."}
    assert (("PATCH", f"/v1/projects/{PID}/ads-content/{ADC}", [], body), AdsOverride.INCLUDE) == (
        api.sent(),
        row.override,
    )


@pytest.mark.anyio
async def test_set_override_none_sends_null_to_clear(api) -> None:
    api.reply(200, ROW)
    await api.client.ads_content.set_override(PID, ADC, override=None)
    assert {"override": None} == api.sent()[3]


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [({"override": "none"}, "override"), ({"override": "exclude", "note": "n" * 281}, "note")],
)
async def test_set_override_validates_before_sending(api, kwargs: dict[str, object], argument: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        await api.client.ads_content.set_override(PID, ADC, **kwargs)
    assert (argument, []) == (info.value.argument, api.requests)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"min_score": 10.5}, "min_score"),
        ({"min_score": float("nan")}, "min_score"),
        ({"eligible": "yes"}, "eligible"),
        ({"sort": "newest"}, "sort"),
        ({"override": "maybe"}, "override"),
        ({"scoring_pool": "paid"}, "scoring_pool"),
        ({"limit": 0}, "limit"),
    ],
)
def test_list_validates_at_call_time(api, kwargs: dict[str, object], argument: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        api.client.ads_content.list(PID, **kwargs)
    assert argument == info.value.argument
