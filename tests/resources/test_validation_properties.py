"""Property: any argument value yields a valid request or `InvalidRequestError`, nothing else."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layers_async._converter import parse_timestamp
from layers_async.errors import InvalidRequestError
from layers_async.models import PublishMode, ScheduleTarget

PID = "prj_1"
CID = "cnt_2f4e6a8c-1b3d-4f5a-9c7e-0d2b4f6a8c1e"
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")

JOB = {
    "jobId": "job_1",
    "kind": "content_generate",
    "status": "running",
    "projectId": PID,
    "containerId": CID,
    "locationUrl": "/v1/jobs/job_1",
    "startedAt": "2026-05-12T10:00:00Z",
}
PAGE = {"items": [], "nextCursor": None}
REPORT = {
    "scope": "project",
    "id": PID,
    "window": {"since": "2026-05-01T00:00:00Z", "until": "2026-05-02T00:00:00Z", "granularity": "day"},
    "series": [],
    "totals": {},
}
POLICY = {"projectId": PID, "policy": "review_all", "pendingCount": 0}
ADS_ROW = {
    "adsContentId": "adc_1",
    "sourceType": "manual",
    "scoringPool": "manual",
    "eligible": False,
    "updatedAt": "2026-05-12T10:00:00Z",
}
RESPONSES: dict[str, Any] = {
    "generate": JOB,
    "clone_from_post": {**JOB, "kind": "content_clone_from_post"},
    "approve": {"id": CID, "approvalStatus": "approved"},
    "reject": {"id": CID, "approvalStatus": "rejected"},
    "set_policy": POLICY,
    "schedule": {"containerId": CID, "scheduledPosts": []},
    "organic": REPORT,
    "ads": REPORT,
    "top_performers": {"metric": "views", "window": "30d", "items": []},
    "set_override": ADS_ROW,
}

ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**4), max_value=10**4),
    st.floats(),
    st.text(max_size=12),
    st.lists(st.text(max_size=16), max_size=3),
    st.datetimes(timezones=st.sampled_from([None, timezone.utc, timezone(timedelta(hours=-7))])),
)


def one_of(*values: object) -> Callable[[list[Any]], bool]:
    return lambda sent: all(v in values for v in sent)


def int_range(low: int, high: int) -> Callable[[list[Any]], bool]:
    return lambda sent: all(low <= int(v) <= high for v in sent)


def length(low: int, high: int) -> Callable[[list[Any]], bool]:
    return lambda sent: all(isinstance(v, str) and low <= len(v) <= high for v in sent)


def instants(sent: list[Any]) -> bool:
    return all(INSTANT.match(v) and parse_timestamp(v) for v in sent)


def at_most_one_instant(sent: list[Any]) -> bool:
    return len(sent) <= 1 and instants(sent)


def number_range(low: float, high: float) -> Callable[[list[Any]], bool]:
    return lambda sent: all(low <= float(v) <= high for v in sent)


def targets_ok(sent: list[Any]) -> bool:
    return all(1 <= len(t) <= 50 and all(x["mode"] in {m.value for m in PublishMode} for x in t) for t in sent)


TARGET = ScheduleTarget(social_account_id="sa_1", mode=PublishMode.FEED)
ORGANIC_METRICS = ("views", "engagement_rate", "watch_time_ms", "likes", "followers")
PAID_METRICS = ("spend", "roas", "cpa", "ctr", "clicks")

# (resource, method, positional args, base kwargs, parameter, where, wire key, valid values, sample of good values)
CASES: list[
    tuple[str, str, tuple[str, ...], dict[str, Any], str, str, str, Callable[[list[Any]], bool], tuple[Any, ...]]
] = [
    ("content", "generate", (PID,), {}, "variant_count", "body", "variantCount", int_range(1, 5), (1, 3, 5)),
    (
        "content",
        "generate",
        (PID,),
        {},
        "format",
        "body",
        "format",
        one_of("video_remix", "slideshow_remix", "ugc_remix"),
        ("auto", "ugc_remix"),
    ),
    (
        "content",
        "generate",
        (PID,),
        {},
        "container_id",
        "body",
        "id",
        lambda s: all(UUID.match(v) for v in s),
        (CID, CID[4:]),
    ),
    (
        "content",
        "clone_from_post",
        (),
        {"project_id": PID, "source_platform_post_id": "pp_1"},
        "variations",
        "body",
        "variations",
        int_range(1, 10),
        (1, 10),
    ),
    (
        "content",
        "clone_from_post",
        (),
        {"project_id": PID, "source_platform_post_id": "pp_1"},
        "mode",
        "body",
        "mode",
        one_of("fork", "reimagine"),
        ("fork", "reimagine"),
    ),
    ("content", "list", (PID,), {}, "limit", "query", "limit", int_range(1, 200), (1, 200)),
    (
        "content",
        "list",
        (PID,),
        {},
        "status",
        "query",
        "status",
        one_of("queued", "processing", "generating", "completed", "failed", "canceled"),
        ("completed", ["queued", "failed"]),
    ),
    (
        "content",
        "list",
        (PID,),
        {},
        "approval_status",
        "query",
        "approvalStatus",
        one_of("not_required", "pending", "approved", "rejected"),
        ("pending",),
    ),
    ("content", "list", (PID,), {}, "since", "query", "since", at_most_one_instant, ("2026-05-01T00:00:00+02:00",)),
    ("content", "list", (PID,), {}, "until", "query", "until", at_most_one_instant, ("2026-05-01T00:00:00Z",)),
    ("projects", "list", (), {}, "limit", "query", "limit", int_range(1, 200), (25,)),
    ("projects", "list", (), {}, "status", "query", "status", one_of("active", "archived"), ("archived",)),
    ("review", "approve", (CID,), {}, "note", "body", "note", length(0, 1024), ("ok", "x" * 1024)),
    ("review", "reject", (CID,), {}, "reason", "body", "reason", length(1, 1024), ("no", "x" * 1024)),
    (
        "review",
        "set_policy",
        (PID,),
        {"first_n": 5},
        "policy",
        "body",
        "policy",
        one_of("review_first_n"),
        ("review_first_n",),
    ),
    (
        "review",
        "set_policy",
        (PID,),
        {"policy": "review_first_n"},
        "first_n",
        "body",
        "firstN",
        int_range(1, 50),
        (1, 50),
    ),
    (
        "publishing",
        "schedule",
        (CID,),
        {"targets": [TARGET]},
        "scheduled_for",
        "body",
        "scheduledFor",
        instants,
        (datetime(2026, 6, 1, tzinfo=timezone.utc),),
    ),
    (
        "publishing",
        "schedule",
        (CID,),
        {"scheduled_for": datetime(2026, 6, 1, tzinfo=timezone.utc)},
        "targets",
        "body",
        "targets",
        targets_ok,
        ([TARGET], [TARGET] * 50),
    ),
    ("publishing", "list_scheduled_posts", (PID,), {}, "limit", "query", "limit", int_range(1, 100), (1, 100)),
    (
        "publishing",
        "list_scheduled_posts",
        (PID,),
        {},
        "status",
        "query",
        "status",
        one_of("queued", "publishing", "published", "draft", "failed", "canceled"),
        ("draft",),
    ),
    (
        "metrics",
        "organic",
        (PID,),
        {"id": PID},
        "scope",
        "query",
        "scope",
        one_of("platform_post", "social_account", "project", "project_layer", "organization"),
        ("project",),
    ),
    (
        "metrics",
        "organic",
        (PID,),
        {"scope": "project", "id": PID},
        "metrics",
        "query",
        "metrics",
        one_of(*ORGANIC_METRICS),
        (["views", "likes"], "followers", ["roas"]),
    ),
    (
        "metrics",
        "organic",
        (PID,),
        {"scope": "project", "id": PID},
        "granularity",
        "query",
        "granularity",
        one_of("hour", "day", "week"),
        ("hour",),
    ),
    (
        "metrics",
        "organic",
        (PID,),
        {"scope": "project", "id": PID},
        "since",
        "query",
        "since",
        at_most_one_instant,
        ("2026-05-04T00:00:00Z",),
    ),
    (
        "metrics",
        "ads",
        (PID,),
        {"id": "ad_1"},
        "scope",
        "query",
        "scope",
        one_of("ad", "adset", "campaign", "ad_account", "project"),
        ("ad",),
    ),
    (
        "metrics",
        "ads",
        (PID,),
        {"scope": "ad", "id": "ad_1"},
        "metrics",
        "query",
        "metrics",
        one_of(*PAID_METRICS),
        (["spend", "cpa"], ["views"]),
    ),
    (
        "metrics",
        "ads",
        (PID,),
        {"scope": "ad", "id": "ad_1"},
        "granularity",
        "query",
        "granularity",
        one_of("day", "week"),
        ("week", "hour"),
    ),
    (
        "metrics",
        "ads",
        (PID,),
        {"scope": "ad", "id": "ad_1"},
        "platforms",
        "query",
        "platforms",
        one_of("meta_ads", "tiktok_ads", "apple_ads"),
        ("meta_ads",),
    ),
    (
        "metrics",
        "top_performers",
        (PID,),
        {},
        "metric",
        "query",
        "metric",
        one_of("views", "engagement_rate", "conversions", "roas", "watch_time_ms"),
        ("roas",),
    ),
    (
        "metrics",
        "top_performers",
        (PID,),
        {"metric": "views"},
        "window",
        "query",
        "window",
        one_of("7d", "30d", "90d"),
        ("7d",),
    ),
    (
        "metrics",
        "top_performers",
        (PID,),
        {"metric": "views"},
        "source_type",
        "query",
        "sourceType",
        one_of("content_container", "platform_post", "manual"),
        ("manual",),
    ),
    (
        "metrics",
        "top_performers",
        (PID,),
        {"metric": "views"},
        "platform",
        "query",
        "platform",
        one_of("tiktok", "instagram", "youtube", "meta_ads", "tiktok_ads", "apple_ads"),
        (["tiktok", "meta_ads"],),
    ),
    ("metrics", "top_performers", (PID,), {"metric": "views"}, "limit", "query", "limit", int_range(1, 100), (1, 100)),
    ("ads_content", "list", (PID,), {}, "min_score", "query", "minScore", number_range(0, 10), (0, 4.5, 10)),
    ("ads_content", "list", (PID,), {}, "eligible", "query", "eligible", one_of("true", "false"), (True, False)),
    (
        "ads_content",
        "list",
        (PID,),
        {},
        "override",
        "query",
        "override",
        one_of("include", "exclude", "none"),
        ("none",),
    ),
    (
        "ads_content",
        "list",
        (PID,),
        {},
        "sort",
        "query",
        "sort",
        one_of("score_desc", "score_asc", "scored_at_desc"),
        ("score_asc",),
    ),
    (
        "ads_content",
        "list",
        (PID,),
        {},
        "scoring_pool",
        "query",
        "scoringPool",
        one_of("generated", "ugc", "manual"),
        (["ugc", "manual"],),
    ),
    ("ads_content", "list", (PID,), {}, "limit", "query", "limit", int_range(1, 200), (200,)),
    (
        "ads_content",
        "set_override",
        (PID, "adc_1"),
        {},
        "override",
        "body",
        "override",
        one_of("include", "exclude", None),
        ("include", None),
    ),
    (
        "ads_content",
        "set_override",
        (PID, "adc_1"),
        {"override": None},
        "note",
        "body",
        "note",
        length(0, 280),
        ("x" * 280,),
    ),
]


def sent_values(api: Any, where: str, key: str) -> list[Any]:
    _, _, query, body = api.sent()
    if where == "query":
        return [v for k, v in query if k == key]
    return [body[key]] if key in body else []


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("resource", "method", "args", "base", "param", "where", "key", "valid", "good"),
    CASES,
    ids=[f"{c[0]}.{c[1]}:{c[4]}" for c in CASES],
)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
async def test_any_value_is_either_a_valid_request_or_refused(
    make_api: Any,
    resource: str,
    method: str,
    args: tuple[str, ...],
    base: dict[str, Any],
    param: str,
    where: str,
    key: str,
    valid: Callable[[list[Any]], bool],
    good: tuple[Any, ...],
    data: st.DataObject,
) -> None:
    value = data.draw(st.one_of(st.sampled_from(good), ANYTHING), label=param)
    api = make_api()
    api.reply(200, RESPONSES.get(method, PAGE))
    call = getattr(getattr(api.client, resource), method)
    refused: str | None = None
    try:
        result = call(*args, **{**base, param: value})
        await (result.collect() if hasattr(result, "collect") else result)
    except InvalidRequestError as exc:
        refused = exc.argument or ""
    if refused is not None:
        assert (True, []) == (refused.startswith(param), api.requests)
    else:
        assert (1, True) == (len(api.requests), bool(valid(sent_values(api, where, key))))
