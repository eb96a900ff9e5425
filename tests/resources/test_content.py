"""client.content: generate and list (clone and get are covered with the spine)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from layers_async.errors import InvalidRequestError
from layers_async.models import (
    ApprovalStatus,
    CaptionVariant,
    Container,
    ContainerStatus,
    ContentBrief,
    MediaAsset,
    MediaKind,
    OrganicPlatform,
)

PID = "prj_5b6c7d8e-9f01-4a2b-8c3d-4e5f6a7b8c9d"
UUID = "2f4e6a8c-1b3d-4f5a-9c7e-0d2b4f6a8c1e"
ACCEPTED = {
    "jobId": "job_01JTA1B2C3D4E5F6G7H8J9K0MN",
    "kind": "content_generate",
    "status": "running",
    "stage": "queued",
    "projectId": PID,
    "containerId": f"cnt_{UUID}",
    "containerIds": [f"cnt_{UUID}", "cnt_7a9c1e3f-5b7d-4e9f-8a1c-3e5f7a9c1b3d"],
    "locationUrl": "/v1/jobs/job_01JTA1B2C3D4E5F6G7H8J9K0MN",
    "startedAt": "2026-05-12T10:00:01Z",
}
CONTAINER = {
    "id": f"cnt_{UUID}",
    "status": "completed",
    "approvalStatus": "not_required",
    "format": "slideshow_remix",
    "hook": "Five tabs open, zero done.",
    "captionVariants": [{"platform": "tiktok", "text": "Close the tabs. #acmetodo"}],
    "mediaAssets": [{"id": "asset_01JTB0", "kind": "image", "durationMs": None}],
    "sourcePlatformPostId": None,
    "createdAt": "2026-05-12T10:00:01Z",
}


@pytest.mark.anyio
async def test_generate_with_defaults_sends_an_empty_body(api) -> None:
    api.reply(202, ACCEPTED)
    await api.client.content.generate(PID)
    assert ("POST", f"/v1/projects/{PID}/content", [], {}) == api.sent()


@pytest.mark.anyio
async def test_generate_sends_every_field_in_camel_case(api) -> None:
    api.reply(202, ACCEPTED)
    brief = ContentBrief(
        hook="Five tabs open, zero done.", target_platforms=("tiktok", "instagram"), theme_tags=("focus",)
    )  # type: ignore[arg-type]
    await api.client.content.generate(
        PID,
        format="slideshow_remix",
        variant_count=2,
        brief=brief,
        project_layer_id="lyr_4",
        container_id=f"cnt_{UUID}",
        idempotency_key="gen-2026-05-12",
    )
    body = {
        "id": UUID,
        "projectLayerId": "lyr_4",
        "format": "slideshow_remix",
        "variantCount": 2,
        "brief": {
            "hook": "Five tabs open, zero done.",
            "targetPlatforms": ["tiktok", "instagram"],
            "themeTags": ["focus"],
        },
    }
    assert ("POST", f"/v1/projects/{PID}/content", [], body) == api.sent()
    assert "gen-2026-05-12" == api.requests[-1].header("idempotency-key")


@pytest.mark.anyio
async def test_generate_returns_the_accepted_job_with_every_container(api) -> None:
    api.reply(202, ACCEPTED)
    job = await api.client.content.generate(PID, variant_count=2, idempotency_key="k-1")
    assert (ACCEPTED["containerIds"], "k-1", False) == (
        list(job.container_ids or ()),
        job.idempotency_key,
        job.replayed,
    )


@pytest.mark.anyio
async def test_generate_envelope_without_container_ids_means_the_first_one(api) -> None:
    api.reply(202, {k: v for k, v in ACCEPTED.items() if k != "containerIds"})
    job = await api.client.content.generate(PID)
    assert (f"cnt_{UUID}",) == job.container_ids


@pytest.mark.anyio
async def test_generate_uses_the_long_running_rate_bucket(api) -> None:
    api.reply(429, {"error": {"code": "RATE_LIMITED", "message": "slow down"}}, {"retry-after": "3"})
    api.reply(202, ACCEPTED)
    await api.client.content.generate(PID)
    assert 3.0 == api.client.rate_gate.blocked_until("long-running")


@pytest.mark.anyio
@pytest.mark.parametrize("count", [0, 6, True, 2.0])
async def test_generate_refuses_a_variant_count_outside_1_to_5(api, count: object) -> None:
    with pytest.raises(InvalidRequestError) as info:
        await api.client.content.generate(PID, variant_count=count)
    assert ("variant_count", []) == (info.value.argument, api.requests)


@pytest.mark.anyio
async def test_generate_refuses_an_unknown_target_platform(api) -> None:
    with pytest.raises(InvalidRequestError) as info:
        await api.client.content.generate(PID, brief=ContentBrief(target_platforms=("myspace",)))  # type: ignore[arg-type]
    assert "brief.target_platforms" == info.value.argument


@pytest.mark.anyio
async def test_list_sends_repeated_filters_and_decodes_containers(api) -> None:
    api.reply(200, {"items": [CONTAINER], "nextCursor": None})
    since = datetime(2026, 5, 1, 2, 0, tzinfo=timezone(timedelta(hours=2)))
    items = [
        c
        async for c in api.client.content.list(
            PID,
            status=["completed", ContainerStatus.FAILED],
            approval_status="pending",
            source_platform_post_id="pp_01JTC",
            since=since,
            until="2026-05-12T00:00:00Z",
            limit=10,
        )
    ]
    query = [
        ("status", "completed"),
        ("status", "failed"),
        ("approvalStatus", "pending"),
        ("sourcePlatformPostId", "pp_01JTC"),
        ("since", "2026-05-01T00:00:00Z"),
        ("until", "2026-05-12T00:00:00Z"),
        ("limit", "10"),
    ]
    assert ("GET", f"/v1/projects/{PID}/content", query, None) == api.sent()
    expected = Container(
        id=f"cnt_{UUID}",
        status=ContainerStatus.COMPLETED,
        approval_status=ApprovalStatus.NOT_REQUIRED,
        format="slideshow_remix",
        hook="Five tabs open, zero done.",
        caption_variants=(CaptionVariant(text="Close the tabs. #acmetodo", platform=OrganicPlatform.TIKTOK),),
        media_assets=(MediaAsset(id="asset_01JTB0", kind=MediaKind.IMAGE),),
        created_at=datetime(2026, 5, 12, 10, 0, 1, tzinfo=timezone.utc),
    )
    assert [expected] == items


@pytest.mark.anyio
async def test_list_decodes_summary_items(api) -> None:
    summary = {
        "id": "cnt_9",
        "status": "completed",
        "approvalStatus": "approved",
        "format": "video-remix",
        "caption": "Noon. Done.",
        "primaryAsset": {"assetId": "asset_01JTD", "kind": "video", "url": "https://media.example.test/a.mp4"},
    }
    api.reply(200, {"items": [summary]})
    [item] = [c async for c in api.client.content.list(PID)]
    assert (
        (CaptionVariant(text="Noon. Done."),),
        (MediaAsset(id="asset_01JTD", kind=MediaKind.VIDEO, url="https://media.example.test/a.mp4"),),
    ) == (item.caption_variants, item.media_assets)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"status": ["done"]}, "status"),
        ({"since": "2026-05-04"}, "since"),
        ({"until": datetime(2026, 5, 4)}, "until"),
        ({"since": "2026-05-04T00:00:01Z", "until": "2026-05-04T00:00:00Z"}, "since"),
        ({"source_platform_post_id": "pp_\ud800"}, "source_platform_post_id"),
    ],
)
def test_list_validates_at_call_time(api, kwargs: dict[str, object], argument: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        api.client.content.list(PID, **kwargs)
    assert (argument, []) == (info.value.argument, api.requests)


@pytest.mark.anyio
async def test_list_takes_one_instant_as_a_window_since_both_bounds_are_inclusive(api) -> None:
    api.reply(200, {"items": [], "nextCursor": None})
    at = "2026-05-04T00:00:00Z"
    assert [] == [c async for c in api.client.content.list(PID, since=at, until=at)]
    assert ("GET", f"/v1/projects/{PID}/content", [("since", at), ("until", at), ("limit", "25")], None) == api.sent()
