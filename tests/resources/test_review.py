"""client.review: approve, reject, get_policy, set_policy."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from layers_async.errors import InvalidRequestError, ValidationError
from layers_async.models import (
    Approval,
    ApprovalStatus,
    PendingSchedulePromotion,
    Rejection,
    ReviewPolicy,
    ReviewPolicySettings,
)

CID = "cnt_3c5e7a9b-1d3f-4a5c-8e7a-9b1d3f5a7c9e"
PID = "prj_5b6c7d8e-9f01-4a2b-8c3d-4e5f6a7b8c9d"
POLICY = {
    "projectId": PID,
    "policy": "review_first_n",
    "firstN": 5,
    "pendingCount": 2,
    "approvedCount": 3,
    "updatedAt": "2026-05-12T09:15:00Z",
}
POLICY_SETTINGS = ReviewPolicySettings(
    project_id=PID,
    policy=ReviewPolicy.REVIEW_FIRST_N,
    first_n=5,
    pending_count=2,
    approved_count=3,
    updated_at=datetime(2026, 5, 12, 9, 15, tzinfo=timezone.utc),
)


@pytest.mark.anyio
async def test_approve_sends_the_note_and_decodes(api) -> None:
    api.reply(
        200,
        {"id": CID, "approvalStatus": "approved", "approvedAt": "2026-05-12T11:00:00Z", "approvedBy": "key_1"},
    )
    approval = await api.client.review.approve(CID, note="Looks on-brand.", idempotency_key="approve-1")
    assert ("POST", f"/v1/content/{CID}/approve", [], {"note": "Looks on-brand."}) == api.sent()
    expected = Approval(
        id=CID,
        approval_status=ApprovalStatus.APPROVED,
        approved_at=datetime(2026, 5, 12, 11, tzinfo=timezone.utc),
        approved_by="key_1",
    )
    assert (expected, "approve-1") == (approval, api.requests[-1].header("idempotency-key"))


@pytest.mark.anyio
async def test_approve_without_a_note_sends_an_empty_object(api) -> None:
    api.reply(200, {"id": CID, "approvalStatus": "approved"})
    await api.client.review.approve(CID)
    assert ("POST", f"/v1/content/{CID}/approve", [], {}) == api.sent()


@pytest.mark.anyio
async def test_approve_decodes_a_pending_schedule_promotion(api) -> None:
    api.reply(
        200,
        {
            "id": CID,
            "approvalStatus": "approved",
            "pendingSchedulePromotion": {"status": "ok", "scheduledPostIds": ["sp_1", "sp_2"]},
        },
    )
    approval = await api.client.review.approve(CID)
    assert (
        PendingSchedulePromotion(status="ok", scheduled_post_ids=("sp_1", "sp_2"))
        == approval.pending_schedule_promotion
    )


@pytest.mark.anyio
async def test_approve_refuses_a_note_over_1024_characters(api) -> None:
    with pytest.raises(InvalidRequestError) as info:
        await api.client.review.approve(CID, note="x" * 1025)
    assert ("note", []) == (info.value.argument, api.requests)


@pytest.mark.anyio
async def test_reject_sends_the_reason_and_decodes(api) -> None:
    api.reply(
        200,
        {
            "id": CID,
            "approvalStatus": "rejected",
            "rejectedAt": "2026-05-12T11:05:00Z",
            "rejectedBy": "key_1",
            "reason": "Off-brand colours.",
        },
    )
    rejection = await api.client.review.reject(CID, reason="Off-brand colours.")
    assert ("POST", f"/v1/content/{CID}/reject", [], {"reason": "Off-brand colours."}) == api.sent()
    expected = Rejection(
        id=CID,
        approval_status=ApprovalStatus.REJECTED,
        rejected_at=datetime(2026, 5, 12, 11, 5, tzinfo=timezone.utc),
        rejected_by="key_1",
        reason="Off-brand colours.",
    )
    assert expected == rejection


@pytest.mark.anyio
@pytest.mark.parametrize("reason", ["", "x" * 1025])
async def test_reject_refuses_an_empty_or_long_reason(api, reason: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        await api.client.review.reject(CID, reason=reason)
    assert "reason" == info.value.argument


@pytest.mark.anyio
async def test_get_policy_decodes(api) -> None:
    api.reply(200, POLICY)
    policy = await api.client.review.get_policy(PID)
    assert ("GET", f"/v1/projects/{PID}/content-review-policy", [], None) == api.sent()
    assert POLICY_SETTINGS == policy


@pytest.mark.anyio
async def test_get_policy_reads_first_n_posts_blocked_as_first_n(api) -> None:
    body = {k: v for k, v in POLICY.items() if k != "firstN"}
    api.reply(200, {**body, "firstNPostsBlocked": 7})
    assert 7 == (await api.client.review.get_policy(PID)).first_n


@pytest.mark.anyio
async def test_set_policy_sends_policy_and_first_n(api) -> None:
    api.reply(200, POLICY)
    settings = await api.client.review.set_policy(PID, policy="review_first_n", first_n=5)
    body = {"policy": "review_first_n", "firstN": 5}
    assert ("PATCH", f"/v1/projects/{PID}/content-review-policy", [], body) == api.sent()
    assert POLICY_SETTINGS == settings


@pytest.mark.anyio
async def test_set_policy_without_first_n_sends_only_the_policy(api) -> None:
    api.reply(200, {"projectId": PID, "policy": "review_all", "pendingCount": 0})
    await api.client.review.set_policy(PID, policy=ReviewPolicy.REVIEW_ALL)
    assert {"policy": "review_all"} == api.sent()[3]


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("policy", "first_n"),
    [("review_first_n", None), ("review_first_n", 0), ("review_first_n", 51), ("review_all", 3), ("auto_approve", 1)],
)
async def test_set_policy_enforces_the_first_n_rule(api, policy: str, first_n: int | None) -> None:
    with pytest.raises(InvalidRequestError) as info:
        await api.client.review.set_policy(PID, policy=policy, first_n=first_n)
    assert ("first_n", []) == (info.value.argument, api.requests)


@pytest.mark.anyio
async def test_server_validation_still_maps_to_validation_error(api) -> None:
    issues = [{"path": "policy", "message": "unknown"}]
    api.reply(422, {"error": {"code": "VALIDATION", "message": "bad", "details": {"issues": issues}}})
    with pytest.raises(ValidationError) as info:
        await api.client.review.set_policy(PID, policy="review_all")
    assert [("policy", "unknown")] == info.value.issues
