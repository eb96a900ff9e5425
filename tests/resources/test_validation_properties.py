"""Property: any argument value yields a valid request or `InvalidRequestError`, nothing else.

Each case draws one argument (or a related pair: ``since``/``until``, ``policy``/``first_n``) from a strategy
biased to the contract's boundaries, passes valid values for every other argument, and checks the outcome
against an oracle written from the contract (``LAYERS_API.md``), not from the SDK:

* a value the contract refuses raises `InvalidRequestError` naming that argument, and nothing is sent;
* otherwise exactly one request goes out and all of it (path, query, body, ``Idempotency-Key``) is what the
  contract expects for those arguments: every valid value is on the wire, spelled as the contract spells it;
* `Tolerate` marks values the contract leaves open, and the SDK's documented leniencies (a bare value for a
  repeatable parameter, a space between date and time...): the SDK may refuse them, or send them validly.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import anyio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layers_async.errors import InvalidRequestError
from layers_async.models import (
    AdsContentSort,
    AdsMetric,
    AdsMetricsScope,
    AdsOverride,
    AdsPlatform,
    ApprovalStatus,
    CloneMode,
    ContainerStatus,
    ContentFormat,
    Granularity,
    MetricsScope,
    OrganicMetric,
    OrganicPlatform,
    ProjectStatus,
    PublishMode,
    RankingMetric,
    RankingWindow,
    ReviewPolicy,
    ScheduledPostStatus,
    ScheduleTarget,
    ScoringPool,
    SourceType,
)
from tests.resources._validation_oracle import (
    ABSENT,
    ADS_PLATFORMS,
    ADS_SCOPES,
    APPROVAL_STATUSES,
    CID,
    CLONE_MODES,
    CONTAINER_STATUS_FILTERS,
    FORMATS,
    IDENT,
    OMIT,
    OPTIONAL_IDENT,
    OPTIONAL_TEXT,
    ORGANIC_METRICS,
    ORGANIC_PLATFORMS,
    ORGANIC_SCOPES,
    OVERRIDE_FILTERS,
    PAID_METRICS,
    PID,
    POLICIES,
    PROJECT_STATUSES,
    RANKING_METRICS,
    RANKING_WINDOWS,
    SCHEDULED_STATUSES,
    SCORING_POOLS,
    SORTS,
    SOURCE_TYPES,
    TS,
    UUID,
    Instant,
    Maybe,
    Rule,
    Sentinel,
    Verdict,
    body_container_id,
    boolean,
    brief,
    choice,
    clone_target,
    idempotency,
    instant,
    integer,
    many,
    matches,
    number,
    overrides,
    path_id,
    scheduled_for,
    targets,
    text,
    wire_instant,
)
from tests.resources._validation_strategies import (
    BOOLEANS,
    BRIEFS,
    CONTAINER_IDS,
    IDS,
    JUNK,
    KEYS,
    NEWLINE_CONTAINER_IDS,
    OPTIONAL_IDS,
    OVERRIDES,
    PATH_IDS,
    POLICY_PAIRS,
    SCORES,
    TARGETS,
    datetimes,
    instant_texts,
    ints,
    many_choices,
    one_choice,
    texts,
    weighted,
    windows,
)

# ---------------------------------------------------------------------------------------------------------------
# The methods: where each argument goes on the wire, its rule, its strategy and its default.

REQUIRED: Any = Sentinel("REQUIRED")


@dataclass(frozen=True)
class Field:
    where: str  # "path", "query", "body" or "key" (the Idempotency-Key header)
    key: str
    rule: Rule
    strategy: st.SearchStrategy[Any]
    default: Any = None  # what the SDK uses when the argument is not passed; REQUIRED: no default


@dataclass(frozen=True)
class Spec:
    resource: str
    method: str
    verb: str
    path: str
    positional: tuple[str, ...]
    fields: dict[str, Field]
    base: dict[str, Any]
    reply: Any
    window: str | None = None  # "inclusive" (list filters) or "exclusive" (metrics, since < until)


def path(strategy: st.SearchStrategy[Any] = PATH_IDS, rule: Rule = path_id, default: Any = REQUIRED) -> Field:
    return Field("path", "", rule, strategy, default)


def query(key: str, rule: Rule, strategy: st.SearchStrategy[Any], default: Any = None) -> Field:
    return Field("query", key, rule, strategy, default)


def body(key: str, rule: Rule, strategy: st.SearchStrategy[Any], default: Any = None) -> Field:
    return Field("body", key, rule, strategy, default)


KEY = Field("key", "Idempotency-Key", idempotency, KEYS)


def window_fields(strategy: st.SearchStrategy[Any]) -> dict[str, Field]:
    return {"since": query("since", instant, strategy), "until": query("until", instant, strategy)}


def cursor() -> Field:
    return query("cursor", OPTIONAL_IDENT, OPTIONAL_IDS)


JOB = {
    "jobId": "job_1",
    "kind": "content_generate",
    "status": "running",
    "projectId": PID,
    "containerId": CID,
    "locationUrl": "/v1/jobs/job_1",
    "startedAt": TS,
}
PAGE = {"items": [], "nextCursor": None}
REPORT = {
    "scope": "project",
    "id": PID,
    "window": {"since": "2026-05-01T00:00:00Z", "until": "2026-05-02T00:00:00Z", "granularity": "day"},
    "series": [],
    "totals": {},
}
CONTAINER = {
    "id": CID,
    "status": "queued",
    "approvalStatus": "not_required",
    "format": "auto",
    "hook": None,
    "captionVariants": [],
    "mediaAssets": [],
    "sourcePlatformPostId": None,
}
SCHEDULED_POST = {
    "id": "sp_1",
    "projectId": PID,
    "containerId": CID,
    "socialAccountId": "sa_1",
    "platform": "instagram",
    "mode": "feed",
    "status": "queued",
    "scheduledFor": TS,
    "captionOverride": None,
    "externalId": None,
    "externalUrl": None,
    "attemptedAt": None,
    "publishedAt": None,
    "canceledAt": None,
    "lastError": None,
    "createdAt": TS,
}
PROJECT = {
    "id": PID,
    "name": "Acme",
    "status": "active",
    "customerExternalId": None,
    "timezone": "UTC",
    "primaryLanguage": "en",
    "ownerEmail": None,
    "createdAt": TS,
    "updatedAt": TS,
    "organizationId": "org_1",
    "brandContext": None,
    "layers": [],
    "socialAccounts": [],
}
POLICY = {"projectId": PID, "policy": "review_all", "pendingCount": 0}
ADS_ROW = {
    "adsContentId": "adc_1",
    "sourceType": "manual",
    "scoringPool": "manual",
    "eligible": False,
    "updatedAt": TS,
}
TARGET = ScheduleTarget(social_account_id="sa_1", mode=PublishMode.FEED)
LIST_WINDOW = windows(exclusive=False)
METRICS_WINDOW = windows(exclusive=True)

SPECS = [
    Spec(
        "content",
        "generate",
        "POST",
        "/v1/projects/{project_id}/content",
        ("project_id",),
        {
            "project_id": path(),
            "format": body("format", choice(FORMATS), one_choice(FORMATS, ContentFormat), "auto"),
            "variant_count": body("variantCount", integer(1, 5), ints(1, 5, optional=True), 1),
            "brief": body("brief", brief, BRIEFS),
            "project_layer_id": body("projectLayerId", OPTIONAL_IDENT, OPTIONAL_IDS),
            "container_id": body("id", body_container_id, CONTAINER_IDS),
            "idempotency_key": KEY,
        },
        {"project_id": PID},
        JOB,
    ),
    Spec(
        "content",
        "list",
        "GET",
        "/v1/projects/{project_id}/content",
        ("project_id",),
        {
            "project_id": path(),
            "status": query(
                "status", many(CONTAINER_STATUS_FILTERS), many_choices(CONTAINER_STATUS_FILTERS, ContainerStatus)
            ),
            "format": query("format", many(FORMATS), many_choices(FORMATS, ContentFormat)),
            "approval_status": query(
                "approvalStatus", many(APPROVAL_STATUSES), many_choices(APPROVAL_STATUSES, ApprovalStatus)
            ),
            "source_platform_post_id": query("sourcePlatformPostId", OPTIONAL_IDENT, OPTIONAL_IDS),
            **window_fields(LIST_WINDOW),
            "limit": query("limit", integer(1, 200), ints(1, 200, optional=True), 25),
            "cursor": cursor(),
        },
        {"project_id": PID},
        PAGE,
        window="inclusive",
    ),
    Spec(
        "content",
        "clone_from_post",
        "POST",
        "/v1/content/{container_id}/clone-from-post",
        (),
        {
            "container_id": path(CONTAINER_IDS | NEWLINE_CONTAINER_IDS, clone_target, None),
            "project_id": body("projectId", IDENT, IDS, REQUIRED),
            "source_platform_post_id": body("sourcePlatformPostId", IDENT, IDS, REQUIRED),
            "mode": body("mode", choice(CLONE_MODES), one_choice(CLONE_MODES, CloneMode), "fork"),
            "variations": body("variations", integer(1, 10), ints(1, 10, optional=True), 1),
            "project_layer_id": body("projectLayerId", OPTIONAL_IDENT, OPTIONAL_IDS),
            "overrides": body("overrides", overrides, OVERRIDES),
            "idempotency_key": KEY,
        },
        {"project_id": PID, "source_platform_post_id": "pp_1"},
        {**JOB, "kind": "content_clone_from_post"},
    ),
    Spec(
        "content",
        "get",
        "GET",
        "/v1/content/{container_id}",
        ("container_id",),
        {"container_id": path()},
        {"container_id": CID},
        CONTAINER,
    ),
    Spec(
        "review",
        "approve",
        "POST",
        "/v1/content/{container_id}/approve",
        ("container_id",),
        {
            "container_id": path(),
            "note": body("note", text(0, 1024, optional=True), texts(0, 1024, optional=True)),
            "idempotency_key": KEY,
        },
        {"container_id": CID},
        {"id": CID, "approvalStatus": "approved"},
    ),
    Spec(
        "review",
        "reject",
        "POST",
        "/v1/content/{container_id}/reject",
        ("container_id",),
        {
            "container_id": path(),
            "reason": body("reason", text(1, 1024), texts(1, 1024), REQUIRED),
            "idempotency_key": KEY,
        },
        {"container_id": CID, "reason": "off-brand"},
        {"id": CID, "approvalStatus": "rejected"},
    ),
    Spec(
        "review",
        "get_policy",
        "GET",
        "/v1/projects/{project_id}/content-review-policy",
        ("project_id",),
        {"project_id": path()},
        {"project_id": PID},
        POLICY,
    ),
    Spec(
        "review",
        "set_policy",
        "PATCH",
        "/v1/projects/{project_id}/content-review-policy",
        ("project_id",),
        {
            "project_id": path(),
            "policy": body("policy", choice(POLICIES), one_choice(POLICIES, ReviewPolicy), REQUIRED),
            "first_n": body("firstN", lambda name, value: None, st.nothing()),  # drawn with policy, see expect()
            "idempotency_key": KEY,
        },
        {"project_id": PID, "policy": "review_all"},
        POLICY,
    ),
    Spec(
        "publishing",
        "schedule",
        "POST",
        "/v1/content/{container_id}/schedule",
        ("container_id",),
        {
            "container_id": path(),
            "scheduled_for": body(
                "scheduledFor", scheduled_for, weighted((5, datetimes()), (2, instant_texts()), (1, JUNK)), REQUIRED
            ),
            "targets": body("targets", targets, TARGETS, REQUIRED),
            "idempotency_key": KEY,
        },
        {"container_id": CID, "scheduled_for": datetime(2026, 6, 1, tzinfo=timezone.utc), "targets": [TARGET]},
        {"containerId": CID, "scheduledPosts": []},
    ),
    Spec(
        "publishing",
        "get_scheduled_post",
        "GET",
        "/v1/scheduled-posts/{scheduled_post_id}",
        ("scheduled_post_id",),
        {"scheduled_post_id": path()},
        {"scheduled_post_id": "sp_1"},
        SCHEDULED_POST,
    ),
    Spec(
        "publishing",
        "list_scheduled_posts",
        "GET",
        "/v1/projects/{project_id}/scheduled-posts",
        ("project_id",),
        {
            "project_id": path(),
            "status": query("status", many(SCHEDULED_STATUSES), many_choices(SCHEDULED_STATUSES, ScheduledPostStatus)),
            "social_account_id": query("socialAccountId", OPTIONAL_IDENT, OPTIONAL_IDS),
            "container_id": query("containerId", OPTIONAL_IDENT, OPTIONAL_IDS),
            **window_fields(LIST_WINDOW),
            "limit": query("limit", integer(1, 100), ints(1, 100, optional=True), 50),
            "cursor": cursor(),
        },
        {"project_id": PID},
        PAGE,
        window="inclusive",
    ),
    Spec(
        "metrics",
        "organic",
        "GET",
        "/v1/projects/{project_id}/metrics",
        ("project_id",),
        {
            "project_id": path(),
            "scope": query("scope", choice(ORGANIC_SCOPES), one_choice(ORGANIC_SCOPES, MetricsScope), REQUIRED),
            "id": query("id", IDENT, IDS, REQUIRED),
            "metrics": query(
                "metrics",
                many(ORGANIC_METRICS, need_one=True, none_ok=False),
                many_choices(ORGANIC_METRICS | PAID_METRICS, OrganicMetric) | many_choices(PAID_METRICS, AdsMetric),
                ["views", "engagement_rate", "watch_time_ms"],
            ),
            **window_fields(METRICS_WINDOW),
            "granularity": query(
                "granularity", choice({"hour", "day", "week"}), one_choice({"hour", "day", "week"}, Granularity), "day"
            ),
        },
        {"project_id": PID, "scope": "project", "id": PID},
        REPORT,
        window="exclusive",
    ),
    Spec(
        "metrics",
        "ads",
        "GET",
        "/v1/projects/{project_id}/ads-metrics",
        ("project_id",),
        {
            "project_id": path(),
            "scope": query("scope", choice(ADS_SCOPES), one_choice(ADS_SCOPES, AdsMetricsScope), REQUIRED),
            "id": query("id", IDENT, IDS, REQUIRED),
            "metrics": query(
                "metrics",
                many(PAID_METRICS, need_one=True, none_ok=False),
                many_choices(ORGANIC_METRICS | PAID_METRICS, AdsMetric) | many_choices(ORGANIC_METRICS, OrganicMetric),
                ["spend", "impressions", "clicks", "conversions", "roas"],
            ),
            "platforms": query(
                "platforms", many(ADS_PLATFORMS), many_choices(ADS_PLATFORMS | ORGANIC_PLATFORMS, AdsPlatform)
            ),
            **window_fields(METRICS_WINDOW),
            "granularity": query(
                "granularity", choice({"day", "week"}), one_choice({"hour", "day", "week"}, Granularity), "day"
            ),
        },
        {"project_id": PID, "scope": "ad", "id": "ad_1"},
        REPORT,
        window="exclusive",
    ),
    Spec(
        "metrics",
        "top_performers",
        "GET",
        "/v1/projects/{project_id}/top-performers",
        ("project_id",),
        {
            "project_id": path(),
            "metric": query("metric", choice(RANKING_METRICS), one_choice(RANKING_METRICS, RankingMetric), REQUIRED),
            "window": query("window", choice(RANKING_WINDOWS), one_choice(RANKING_WINDOWS, RankingWindow), "30d"),
            "source_type": query("sourceType", many(SOURCE_TYPES), many_choices(SOURCE_TYPES, SourceType)),
            "platform": query(
                "platform",
                many(ORGANIC_PLATFORMS | ADS_PLATFORMS),
                many_choices(ORGANIC_PLATFORMS | ADS_PLATFORMS, OrganicPlatform)
                | many_choices(ADS_PLATFORMS, AdsPlatform),
            ),
            "limit": query("limit", integer(1, 100), ints(1, 100, optional=True), 25),
        },
        {"project_id": PID, "metric": "views"},
        {"metric": "views", "window": "30d", "items": []},
    ),
    Spec(
        "projects",
        "list",
        "GET",
        "/v1/projects",
        (),
        {
            "status": query(
                "status",
                choice(PROJECT_STATUSES, optional=True),
                one_choice(PROJECT_STATUSES, ProjectStatus) | st.none(),
            ),
            "search": query("search", OPTIONAL_TEXT, texts(0, optional=True)),
            "customer_external_id": query("customerExternalId", text(1, optional=True, empty_ok=True), OPTIONAL_IDS),
            "limit": query("limit", integer(1, 200), ints(1, 200, optional=True), 25),
            "cursor": cursor(),
        },
        {},
        PAGE,
    ),
    Spec(
        "projects",
        "get",
        "GET",
        "/v1/projects/{project_id}",
        ("project_id",),
        {"project_id": path()},
        {"project_id": PID},
        PROJECT,
    ),
    Spec(
        "ads_content",
        "list",
        "GET",
        "/v1/projects/{project_id}/ads-content",
        ("project_id",),
        {
            "project_id": path(),
            "scoring_pool": query("scoringPool", many(SCORING_POOLS), many_choices(SCORING_POOLS, ScoringPool)),
            "min_score": query("minScore", number(0, 10), SCORES, 0),
            "override": query(
                "override",
                choice(OVERRIDE_FILTERS, optional=True),
                one_choice(OVERRIDE_FILTERS, AdsOverride) | st.none(),
            ),
            "eligible": query("eligible", boolean, BOOLEANS),
            "sort": query("sort", choice(SORTS), one_choice(SORTS, AdsContentSort), "score_desc"),
            "limit": query("limit", integer(1, 200), ints(1, 200, optional=True), 50),
            "cursor": cursor(),
        },
        {"project_id": PID},
        PAGE,
    ),
    Spec(
        "ads_content",
        "set_override",
        "PATCH",
        "/v1/projects/{project_id}/ads-content/{ads_content_id}",
        ("project_id", "ads_content_id"),
        {
            "project_id": path(),
            "ads_content_id": path(),
            "override": body(
                "override",
                choice({"include", "exclude"}, null=True),
                one_choice({"include", "exclude", "none"}, AdsOverride) | st.none(),
                REQUIRED,
            ),
            "note": body("note", text(0, 280, optional=True), texts(0, 280, optional=True)),
            "idempotency_key": KEY,
        },
        {"project_id": PID, "ads_content_id": "adc_1", "override": None},
        ADS_ROW,
    ),
    Spec("jobs", "get", "GET", "/v1/jobs/{job_id}", ("job_id",), {"job_id": path()}, {"job_id": "job_1"}, JOB),
    Spec(
        "jobs",
        "cancel",
        "POST",
        "/v1/jobs/{job_id}/cancel",
        ("job_id",),
        {"job_id": path(), "idempotency_key": KEY},
        {"job_id": "job_1"},
        {"jobId": "job_1", "accepted": True},
    ),
]


def query_values(value: Any) -> list[Any]:
    if value is None or value is ABSENT:
        return []
    items = value if isinstance(value, list) else [value]
    return [("true" if v else "false") if isinstance(v, bool) else str(v) if isinstance(v, int) else v for v in items]


def expect(spec: Spec, args: dict[str, Any]) -> tuple[Verdict, dict[str, Any]]:
    """The oracle: what the contract says ``args`` must produce (refusal names, or the whole request)."""
    verdict = Verdict()
    wires: dict[str, Any] = {}
    for name, f in spec.fields.items():
        value = args.get(name, f.default)
        wire = verdict.take(f.rule, name, value)
        if f.default not in (None, REQUIRED) and wire == f.rule(name, f.default):
            wire = Maybe(wire)  # a default may be sent or left off
        wires[name] = wire
    if spec.window and isinstance(wires["since"], Instant) and isinstance(wires["until"], Instant):
        since, until = wires["since"].at, wires["until"].at
        if not (since <= until if spec.window == "inclusive" else since < until):
            verdict.refuse.add("since")  # §13/§15: bounds are inclusive; §16: since >= until is a 422
    if spec.method == "set_policy":  # §14: firstN 1-50, required iff the policy is review_first_n
        first_n = args.get("first_n")
        if wires["policy"] == "review_first_n":
            wires["first_n"] = verdict.take(integer(1, 50), "first_n", first_n)
        elif first_n is not None:
            verdict.refuse.add("first_n")
    segments = [wires[s[1:-1]] if s.startswith("{") else s for s in spec.path.split("/")]
    request: dict[str, Any] = {"verb": spec.verb, "path": segments, "query": {}, "body": ABSENT, "key": ABSENT}
    for name, f in spec.fields.items():
        wire = wires[name]
        if f.where == "query":
            sent = Maybe(query_values(wire.value)) if isinstance(wire, Maybe) else query_values(wire)
            if sent not in ([], Maybe([])):
                request["query"][f.key] = sent
        elif f.where == "body":
            if request["body"] is ABSENT:
                request["body"] = {}
            if wire is not None:
                request["body"][f.key] = wire
        elif f.where == "key":
            request["key"] = wire
    return verdict, request


URL_TEXT = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*", re.ASCII)


def observe(request: Any) -> dict[str, Any]:
    """What went out, in the shape `expect` gives."""
    parts = urlsplit(request.url)
    assert URL_TEXT.fullmatch(parts.path + "?" + parts.query), request.url
    sent_query: dict[str, list[str]] = {}
    for k, v in parse_qsl(parts.query, keep_blank_values=True):
        sent_query.setdefault(k, []).append(v)
    return {
        "verb": request.method,
        "path": [unquote(s, errors="strict") for s in parts.path.split("/")],
        "query": sent_query,
        "body": json.loads(request.content) if request.content else ABSENT,
        "key": request.header("Idempotency-Key") or ABSENT,
    }


def cases(spec: Spec) -> list[Any]:
    out = []
    rest = [n for n in spec.fields if not (spec.window and n in ("since", "until")) and n != "first_n"]
    for name in rest:
        draw = spec.fields[name].strategy
        if name == "policy":
            draw, name = POLICY_PAIRS, "policy+first_n"
        out.append(pytest.param(spec, draw, name, id=f"{spec.resource}.{spec.method}:{name}"))
    if spec.window:
        strategy = LIST_WINDOW if spec.window == "inclusive" else METRICS_WINDOW
        out.append(pytest.param(spec, strategy, "since+until", id=f"{spec.resource}.{spec.method}:since+until"))
    return out


CASES = [case for spec in SPECS for case in cases(spec)]


async def run(make_api: Any, spec: Spec, args: dict[str, Any]) -> None:
    args = {k: v for k, v in args.items() if v is not OMIT}
    verdict, expected = expect(spec, args)
    api = make_api()
    api.reply(200, spec.reply)
    call = getattr(getattr(api.client, spec.resource), spec.method)
    positional = [args[n] for n in spec.positional]
    keywords = {k: v for k, v in args.items() if k not in spec.positional}
    refused: str | None = None
    try:
        result = call(*positional, **keywords)
        await (result.collect() if hasattr(result, "collect") else result)
    except InvalidRequestError as exc:
        refused = str(exc.argument)
    if refused is not None:
        allowed = verdict.refuse | verdict.tolerate
        assert (refused in allowed, api.requests) == (True, []), f"refused {refused!r}; allowed: {sorted(allowed)}"
        return
    assert ([], 1) == (sorted(verdict.refuse), len(api.requests)), "a request went out with a refused value"
    sent = observe(api.requests[0])
    assert matches(expected, sent), f"\nexpected {expected}\nsent     {sent}"
    if spec.window and "since" in sent["query"] and "until" in sent["query"]:
        since, until = (wire_instant(sent["query"][k][0]) for k in ("since", "until"))
        assert since is not None and until is not None
        assert since <= until if spec.window == "inclusive" else since < until, sent["query"]


@pytest.mark.parametrize(("spec", "strategy", "focus"), CASES)
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_is_either_a_valid_request_or_refused(
    anyio_backend: str, make_api: Any, spec: Spec, strategy: st.SearchStrategy[Any], focus: str, data: st.DataObject
) -> None:
    # Drawn here, outside the event loop, then run on the parametrized backend: drawn inside anyio's runner task
    # (an async test), Hypothesis turned overruns (StopTest escaping the task) and a lazy import failing there
    # (SystemError from ast.parse) into spurious FlakyStrategyDefinition failures.
    drawn = data.draw(strategy, label=focus)
    args = {**spec.base, **(drawn if "+" in focus else {focus: drawn})}
    anyio.run(run, make_api, spec, args, backend=anyio_backend)


@pytest.mark.anyio
@pytest.mark.parametrize("container_id", [UUID + "\n", CID + "\n"])
async def test_generate_refuses_a_container_id_with_a_trailing_newline(make_api: Any, container_id: str) -> None:
    await run(make_api, SPECS[0], {"project_id": PID, "container_id": container_id})


@pytest.mark.anyio
@pytest.mark.parametrize("method", ["organic", "ads"])
async def test_a_sub_millisecond_metrics_window_is_not_sent_empty(make_api: Any, method: str) -> None:
    at = datetime(2026, 5, 4, tzinfo=timezone.utc)
    spec = next(s for s in SPECS if s.method == method)
    window = {"since": at + timedelta(microseconds=100), "until": at + timedelta(microseconds=900)}
    await run(make_api, spec, {**spec.base, **window})
