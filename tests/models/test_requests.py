"""Request models: camelCase, absent optionals omitted, ``null`` kept where it means something."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from layers_async._converter import unstructure
from layers_async.models import (
    AdsOverrideRequest,
    GenerateRequest,
    PublishMode,
    ReviewPolicy,
    ReviewPolicyUpdate,
    ScheduleRequest,
    ScheduleTarget,
)


def test_generate_defaults_are_left_off_the_wire() -> None:
    assert {} == unstructure(GenerateRequest())


def test_ads_override_none_is_sent_as_null() -> None:
    assert {"override": None} == unstructure(AdsOverrideRequest(override=None))


def test_review_policy_first_n_is_camel_case() -> None:
    assert {"policy": "review_first_n", "firstN": 3} == unstructure(
        ReviewPolicyUpdate(policy=ReviewPolicy.REVIEW_FIRST_N, first_n=3)
    )


def test_schedule_instant_is_utc_with_z() -> None:
    when = datetime(2026, 6, 1, 11, 0, tzinfo=timezone(timedelta(hours=2)))
    body = ScheduleRequest(
        scheduled_for=when, targets=(ScheduleTarget(social_account_id="sa_1", mode=PublishMode.REELS),)
    )
    assert {"scheduledFor": "2026-06-01T09:00:00Z", "targets": [{"socialAccountId": "sa_1", "mode": "reels"}]} == (
        unstructure(body)
    )
