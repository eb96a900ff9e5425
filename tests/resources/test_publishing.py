"""client.publishing: schedule, get_scheduled_post, list_scheduled_posts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from layers_async.errors import InvalidRequestError
from layers_async.models import (
    JobErrorInfo,
    OrganicPlatform,
    PublishMode,
    ScheduledPost,
    ScheduledPostStatus,
    ScheduleTarget,
)

CID = "cnt_3c5e7a9b-1d3f-4a5c-8e7a-9b1d3f5a7c9e"
PID = "prj_5b6c7d8e-9f01-4a2b-8c3d-4e5f6a7b8c9d"
WHEN = datetime(2026, 5, 13, 17, 30, tzinfo=timezone.utc)
POST = {
    "id": "sp_4d6f8a0b-2c4e-4f6a-8b0d-2e4f6a8b0c2e",
    "projectId": PID,
    "containerId": CID,
    "socialAccountId": "sa_6e8a0c2d-4f6a-4b8c-9d0e-2f4a6c8e0b2d",
    "platform": "tiktok",
    "mode": "direct_publish",
    "status": "queued",
    "scheduledFor": "2026-05-13T17:30:00Z",
    "captionOverride": None,
    "externalId": None,
    "externalUrl": None,
    "attemptedAt": None,
    "publishedAt": None,
    "canceledAt": None,
    "lastError": None,
    "createdAt": "2026-05-12T12:00:00Z",
}
EXPECTED_POST = ScheduledPost(
    id="sp_4d6f8a0b-2c4e-4f6a-8b0d-2e4f6a8b0c2e",
    project_id=PID,
    container_id=CID,
    social_account_id="sa_6e8a0c2d-4f6a-4b8c-9d0e-2f4a6c8e0b2d",
    platform=OrganicPlatform.TIKTOK,
    mode=PublishMode.DIRECT_PUBLISH,
    status=ScheduledPostStatus.QUEUED,
    scheduled_for=WHEN,
    created_at=datetime(2026, 5, 12, 12, tzinfo=timezone.utc),
)


@pytest.mark.anyio
async def test_schedule_sends_instant_and_targets(api) -> None:
    api.reply(201, {"containerId": CID, "scheduledPosts": [POST]})
    targets = [
        ScheduleTarget(social_account_id="sa_6e8a0c2d-4f6a-4b8c-9d0e-2f4a6c8e0b2d", mode=PublishMode.DIRECT_PUBLISH),
        ScheduleTarget(social_account_id="sa_2", mode="reels", caption_override="Noon.", first_comment_override=""),  # type: ignore[arg-type]
    ]
    when = WHEN.astimezone(timezone(timedelta(hours=-4)))
    result = await api.client.publishing.schedule(CID, scheduled_for=when, targets=targets, idempotency_key="sched-1")
    body = {
        "scheduledFor": "2026-05-13T17:30:00Z",
        "targets": [
            {"socialAccountId": "sa_6e8a0c2d-4f6a-4b8c-9d0e-2f4a6c8e0b2d", "mode": "direct_publish"},
            {"socialAccountId": "sa_2", "mode": "reels", "captionOverride": "Noon.", "firstCommentOverride": ""},
        ],
    }
    assert ("POST", f"/v1/content/{CID}/schedule", [], body) == api.sent()
    assert ((EXPECTED_POST,), None) == (result.scheduled_posts, result.gate_status)


@pytest.mark.anyio
async def test_schedule_decodes_a_gate_held_202(api) -> None:
    api.reply(202, {"containerId": CID, "gateStatus": "blocked_on_approval"})
    target = ScheduleTarget(social_account_id="sa_1", mode=PublishMode.FEED)
    result = await api.client.publishing.schedule(CID, scheduled_for=WHEN, targets=[target])
    assert ((), "blocked_on_approval") == (result.scheduled_posts, result.gate_status)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"scheduled_for": datetime(2026, 5, 13, 17, 30)}, "scheduled_for"),
        ({"scheduled_for": "2026-05-13T17:30:00Z"}, "scheduled_for"),
        ({"targets": []}, "targets"),
        ({"targets": [ScheduleTarget(social_account_id="sa_1", mode=PublishMode.FEED)] * 51}, "targets"),
        ({"targets": [ScheduleTarget(social_account_id="sa_1", mode="story")]}, "targets[0].mode"),  # type: ignore[arg-type]
        ({"targets": [ScheduleTarget(social_account_id="", mode=PublishMode.FEED)]}, "targets[0].social_account_id"),
    ],
)
async def test_schedule_validates_before_sending(api, kwargs: dict[str, object], argument: str) -> None:
    args: dict[str, object] = {
        "scheduled_for": WHEN,
        "targets": [ScheduleTarget(social_account_id="sa_1", mode=PublishMode.FEED)],
        **kwargs,
    }
    with pytest.raises(InvalidRequestError) as info:
        await api.client.publishing.schedule(CID, **args)
    assert (argument, []) == (info.value.argument, api.requests)


@pytest.mark.anyio
async def test_get_scheduled_post_decodes(api) -> None:
    api.reply(200, POST)
    post = await api.client.publishing.get_scheduled_post(POST["id"])
    assert ("GET", f"/v1/scheduled-posts/{POST['id']}", [], None) == api.sent()
    assert EXPECTED_POST == post


@pytest.mark.anyio
async def test_draft_in_inbox_reads_as_draft(api) -> None:
    api.reply(
        200,
        {**POST, "status": "draft_in_inbox", "lastError": {"code": "PLATFORM_ERROR", "message": "inbox only"}},
    )
    post = await api.client.publishing.get_scheduled_post(POST["id"])
    assert (ScheduledPostStatus.DRAFT, True, JobErrorInfo(code="PLATFORM_ERROR", message="inbox only")) == (
        post.status,
        post.status.is_terminal,
        post.last_error,
    )


@pytest.mark.anyio
async def test_list_scheduled_posts_sends_filters(api) -> None:
    api.reply(200, {"items": [POST], "nextCursor": None})
    items = await api.client.publishing.list_scheduled_posts(
        PID,
        status=["queued", "publishing"],
        social_account_id="sa_1",
        container_id=CID,
        since="2026-05-01T00:00:00Z",
        limit=100,
    ).collect()
    query = [
        ("status", "queued"),
        ("status", "publishing"),
        ("socialAccountId", "sa_1"),
        ("containerId", CID),
        ("since", "2026-05-01T00:00:00Z"),
        ("limit", "100"),
    ]
    assert (("GET", f"/v1/projects/{PID}/scheduled-posts", query, None), [EXPECTED_POST]) == (api.sent(), items)


def test_list_scheduled_posts_refuses_limit_over_100(api) -> None:
    with pytest.raises(InvalidRequestError) as info:
        api.client.publishing.list_scheduled_posts(PID, limit=101)
    assert "limit" == info.value.argument
