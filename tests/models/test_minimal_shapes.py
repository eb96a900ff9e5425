"""The tolerant reader: every response model decodes from the smallest plausible body."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import attrs
import pytest

from layers_async import models
from layers_async._converter import structure
from layers_async.errors import ResponseDecodeError
from layers_async.models import AcceptedJob, ApprovalStatus, Job, JobStatus, Page

CNT = "cnt_6d2f8a14-b39e-4c71-8f05-2ae9c7d41b58"
WINDOW = {"since": "2026-05-01T00:00:00Z", "until": "2026-05-08T00:00:00Z"}
REQUESTS = {
    "AdsOverrideRequest",
    "ApproveRequest",
    "CloneFromPostRequest",
    "CloneOverrides",
    "ContentBrief",
    "GenerateRequest",
    "RejectRequest",
    "ReviewPolicyUpdate",
    "ScheduleRequest",
    "ScheduleTarget",
}
# The smallest body of every response model, as a server could plausibly send it.
SMALLEST: dict[str, dict[str, Any]] = {
    "AcceptedJob": {"jobId": "job_01", "status": "running"},
    "ActivePromotion": {"adId": "ad_1"},
    "AdsContent": {"adsContentId": "adc_1"},
    "Approval": {"id": CNT},
    "BrandContext": {},
    "CancelResult": {"jobId": "job_01", "accepted": True},
    "CaptionVariant": {"text": "hi"},
    "Container": {"id": CNT, "status": "queued", "approvalStatus": "pending"},
    "CreditPeriod": {"start": "2026-05-01T00:00:00Z", "end": "2026-06-01T00:00:00Z"},
    "Credits": {"balance": 12},
    "Job": {"jobId": "job_01", "status": "completed"},
    "JobErrorInfo": {},
    "JobResult": {},
    "MediaAsset": {"id": "asset_1"},
    "MetricsBucket": {"bucket": "2026-05-01"},
    "MetricsReport": {},
    "MetricsTotals": {},
    "MetricsWindow": WINDOW,
    "OrganicBlock": {},
    "PaidBlock": {},
    "PendingSchedulePromotion": {"status": "ok"},
    "Project": {"id": "prj_1"},
    "ProjectLayer": {"projectLayerId": "lay_1"},
    "ProjectSummary": {"id": "prj_1"},
    "Rejection": {"id": CNT},
    "ReviewPolicySettings": {"projectId": "prj_1", "policy": "review_all"},
    "ScheduleResult": {"containerId": CNT},
    "ScheduledPost": {"id": "sp_1", "status": "queued"},
    "SocialAccount": {"socialAccountId": "sa_1"},
    "TopPerformer": {"rank": 1, "sourceType": "platform_post", "metricValue": 3.5},
    "TopPerformers": {"metric": "views", "window": "7d"},
    "Whoami": {"organizationId": "org_1"},
}
RESPONSES = sorted(n for n in models.__all__ if attrs.has(getattr(models, n)) and n not in REQUESTS and n != "Page")


def test_every_response_model_has_a_smallest_body() -> None:
    assert RESPONSES == sorted(SMALLEST)


@pytest.mark.parametrize("name", RESPONSES)
def test_every_response_model_decodes_from_its_smallest_body(name: str) -> None:
    cls = getattr(models, name)
    assert type(structure(SMALLEST[name], cls)) is cls


@pytest.mark.parametrize("name", [n for n in RESPONSES if SMALLEST[n]])
def test_one_required_field_less_is_a_decode_error_naming_it(name: str) -> None:
    cls = getattr(models, name)
    body = SMALLEST[name]
    key = next(iter(body))
    with pytest.raises(ResponseDecodeError) as info:
        structure({k: v for k, v in body.items() if k != key}, cls)
    assert info.value.path == f"$.{key}"


def test_a_page_needs_only_its_items() -> None:
    assert Page(items=()) == structure({"items": []}, Page[models.Container])


def test_the_vendors_clone_202_decodes() -> None:
    body = {
        "jobId": "job_01",
        "kind": "content_clone_from_post",
        "status": "running",
        "containerId": CNT,
        "locationUrl": "/v1/jobs/job_01",
    }
    accepted = structure(body, AcceptedJob)
    assert (accepted.job_id, accepted.status, accepted.container_id, accepted.project_id, accepted.started_at) == (
        "job_01",
        JobStatus.RUNNING,
        CNT,
        None,
        None,
    )


def test_the_vendors_poll_decodes() -> None:
    body = {
        "jobId": "job_01",
        "kind": "content_clone_from_post",
        "status": "running",
        "progress": 0.4,
        "stage": "generating_visuals",
        "startedAt": "2026-05-11T09:30:02Z",
    }
    job = structure(body, Job)
    assert (job.container_id, job.location_url, job.all_container_ids, job.started_at) == (
        None,
        "/v1/jobs/job_01",
        (),
        datetime(2026, 5, 11, 9, 30, 2, tzinfo=timezone.utc),
    )


def test_a_location_url_the_server_sends_is_kept() -> None:
    assert "/v2/jobs/x" == structure({"jobId": "x", "status": "running", "locationUrl": "/v2/jobs/x"}, Job).location_url


def test_the_derived_location_url_is_the_same_on_both_converters() -> None:
    from layers_async import _converter

    body = {"jobId": "job_7", "status": "running"}
    assert _converter._detailed.structure(body, AcceptedJob) == _converter._converter.structure(body, AcceptedJob)


def test_an_approval_without_a_status_is_approved_and_a_rejection_rejected() -> None:
    approval = structure({"id": CNT}, models.Approval)
    rejection = structure({"id": CNT}, models.Rejection)
    assert (approval.approval_status, rejection.approval_status) == (ApprovalStatus.APPROVED, ApprovalStatus.REJECTED)


def test_credits_without_available_have_their_balance_available() -> None:
    assert 12 == structure({"balance": 12}, models.Credits).available
