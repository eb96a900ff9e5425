"""Property: any JSON decodes into the model or raises `ResponseDecodeError` naming a path."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layers_async._converter import structure
from layers_async._pagination import Page
from layers_async.errors import ResponseDecodeError
from layers_async.models import (
    AcceptedJob,
    AdsContent,
    Approval,
    CancelResult,
    Container,
    Credits,
    Job,
    MetricsReport,
    Project,
    ProjectSummary,
    Rejection,
    ReviewPolicySettings,
    ScheduledPost,
    ScheduleResult,
    TopPerformers,
    Whoami,
)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
TS = "2026-05-12T10:00:00Z"
POST = {
    "id": "sp_1",
    "projectId": "prj_1",
    "containerId": "cnt_1",
    "socialAccountId": "sa_1",
    "platform": "instagram",
    "mode": "reels",
    "status": "published",
    "scheduledFor": TS,
    "externalUrl": "https://instagram.example.test/p/1",
    "lastError": {"code": "PLATFORM_ERROR", "message": "x"},
    "createdAt": TS,
}
ROW = {
    "rank": 1,
    "sourceType": "platform_post",
    "sourceId": None,
    "platformPostId": "pp_1",
    "metricValue": 0.08,
    "organic": {"views": 10, "engagementRate": 0.08, "watchTimeMs": 100, "platforms": ["tiktok"]},
    "paid": {"spendCents": 1, "conversions": 1, "roas": 1.0, "impressions": 1, "clicks": 1, "platforms": ["meta_ads"]},
}
EXAMPLES: list[tuple[Any, dict[str, Any]]] = [
    (
        Whoami,
        {
            "organizationId": "o",
            "workspaceId": "w",
            "organizationName": "n",
            "parentOrganizationId": None,
            "scopes": ["*"],
            "rateLimitTier": "partner",
            "apiKeyId": "k",
            "creditBalance": 3,
        },
    ),
    (
        Credits,
        {
            "organizationId": "o",
            "balance": 5,
            "available": 2,
            "reservedCredits": 3,
            "currentPeriod": {"start": TS, "end": TS, "usedCredits": 1},
            "estimatedCreditsPerFormat": {"auto": 4},
        },
    ),
    (ProjectSummary, {"id": "p", "name": "n", "status": "active", "createdAt": TS}),
    (
        Project,
        {
            "id": "p",
            "name": "n",
            "status": "archived",
            "brandContext": {"keywords": ["a"]},
            "layers": [{"projectLayerId": "l", "name": "n", "kind": "content"}],
            "socialAccounts": [{"socialAccountId": "s", "platform": "tiktok", "status": "connected"}],
        },
    ),
    (
        Job,
        {
            "jobId": "j",
            "kind": "content_generate",
            "status": "completed",
            "projectId": "p",
            "containerId": "c",
            "locationUrl": "/v1/jobs/j",
            "startedAt": TS,
            "result": {"containerId": "c"},
        },
    ),
    (
        AcceptedJob,
        {
            "jobId": "j",
            "kind": "content_generate",
            "status": "running",
            "stage": None,
            "projectId": "p",
            "containerId": "c",
            "locationUrl": "/v1/jobs/j",
            "startedAt": TS,
        },
    ),
    (CancelResult, {"jobId": "j", "accepted": False, "reason": "ALREADY_COMPLETED"}),
    (
        Container,
        {
            "id": "c",
            "status": "completed",
            "approvalStatus": "pending",
            "format": "video_remix",
            "captionVariants": [{"platform": "tiktok", "text": "t", "variation": 1}],
            "mediaAssets": [{"id": "a", "kind": "video", "durationMs": 1}],
            "createdAt": TS,
        },
    ),
    (
        Page[Container],
        {
            "items": [
                {
                    "id": "c",
                    "status": "queued",
                    "approvalStatus": "pending",
                    "format": "auto",
                    "caption": "x",
                    "primaryAsset": {"assetId": "a", "kind": "image"},
                }
            ],
            "nextCursor": "n",
        },
    ),
    (
        Approval,
        {
            "id": "c",
            "approvalStatus": "approved",
            "approvedAt": TS,
            "pendingSchedulePromotion": {"status": "ok", "scheduledPostIds": ["sp_1"]},
        },
    ),
    (Rejection, {"id": "c", "approvalStatus": "rejected", "rejectedAt": TS, "reason": "r"}),
    (
        ReviewPolicySettings,
        {"projectId": "p", "policy": "review_first_n", "firstNPostsBlocked": 3, "pendingCount": 1, "updatedAt": TS},
    ),
    (ScheduleResult, {"containerId": "c", "scheduledPosts": [POST]}),
    (ScheduledPost, POST),
    (Page[ScheduledPost], {"items": [POST], "nextCursor": None}),
    (
        MetricsReport,
        {
            "scope": "project",
            "id": "p",
            "window": {"since": TS, "until": TS, "granularity": "day"},
            "series": [{"bucket": "2026-05-12", "views": 3}],
            "totals": {"views": 3, "post_count": 1},
        },
    ),
    (TopPerformers, {"metric": "views", "window": "7d", "items": [ROW]}),
    (
        AdsContent,
        {
            "adsContentId": "a",
            "sourceType": "manual",
            "scoringPool": "manual",
            "organicScore": None,
            "eligible": True,
            "override": "include",
            "activePromotions": [{"platform": "apple_ads", "adId": "1", "startedAt": TS}],
            "updatedAt": TS,
        },
    ),
]


def model_name(cls: Any) -> str:
    args = typing.get_args(cls)
    return f"{typing.get_origin(cls).__name__}[{args[0].__name__}]" if args else str(cls.__name__)


def mutated(example: Any) -> st.SearchStrategy[Any]:
    """The example with any value (at any depth) possibly replaced by random JSON or dropped."""
    if isinstance(example, dict):
        return st.fixed_dictionaries({}, optional={k: mutated(v) for k, v in example.items()})
    if isinstance(example, list) and example:
        return st.lists(mutated(example[0]), max_size=2) | JSON
    return st.just(example) | JSON


_PART = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['([^']*)'\]")
# Members the SDK builds from a tolerated shape (§7, §8.1, §13): an error inside one names the canonical field.
_SYNTHESIZED = {"captionVariants", "mediaAssets", "containerIds"}


def names_a_place_in(data: Any, path: str) -> bool:
    """``path`` leads through ``data`` to a value, or to a missing member of an object that is there."""
    parts = list(_PART.finditer(path, 1))
    if path[:1] != "$" or "".join(m.group(0) for m in parts) != path[1:]:
        return False
    node = data
    for i, m in enumerate(parts):
        name, index, key = m.groups()
        member = name if name is not None else key
        if member is not None and isinstance(node, dict):
            if member not in node:
                return i == len(parts) - 1 or member in _SYNTHESIZED
            node = node[member]
        elif index is not None and isinstance(node, list) and int(index) < len(node):
            node = node[int(index)]
        else:
            return False
    return True


def decodes_or_names_the_path(cls: Any, data: Any) -> None:
    path = None
    try:
        structure(data, cls)
    except ResponseDecodeError as exc:
        path = exc.path
    assert (path, True) == (path, path is None or names_a_place_in(data, path))


@pytest.mark.parametrize(("cls", "example"), EXAMPLES, ids=[model_name(c) for c, _ in EXAMPLES])
def test_the_example_decodes(cls: Any, example: dict[str, Any]) -> None:
    assert True is isinstance(structure(example, cls), getattr(cls, "__origin__", cls))


@pytest.mark.parametrize(("cls", "example"), EXAMPLES, ids=[model_name(c) for c, _ in EXAMPLES])
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_mutated_json_decodes_or_raises_decode_error(cls: Any, example: dict[str, Any], data: st.DataObject) -> None:
    decodes_or_names_the_path(cls, data.draw(mutated(example)))


@pytest.mark.parametrize(("cls", "example"), EXAMPLES, ids=[model_name(c) for c, _ in EXAMPLES])
@settings(max_examples=25, deadline=None)
@given(value=JSON)
def test_random_json_decodes_or_raises_decode_error(cls: Any, example: dict[str, Any], value: Any) -> None:
    decodes_or_names_the_path(cls, value)


def corrupted(value: Any, path: str = "$") -> Iterator[tuple[str, Any]]:
    """(path, a copy of ``value`` with the leaf at ``path`` replaced by an object) for every leaf."""
    if isinstance(value, dict) and value:
        for k, v in value.items():
            inner = f"{path}.{k}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k) else f"{path}[{k!r}]"
            for leaf, bad in corrupted(v, inner):
                yield leaf, {**value, k: bad}
    elif isinstance(value, list) and value:
        for i, v in enumerate(value):
            for leaf, bad in corrupted(v, f"{path}[{i}]"):
                yield leaf, [*value[:i], bad, *value[i + 1 :]]
    else:
        yield path, {"corrupted": [1]}


# In a tolerated shape (§8.1 `caption`, `primaryAsset`; §14 `firstNPostsBlocked`) a wrong value is ignored,
# or reported at the field the SDK builds from it (`mediaAssets[0].kind`, `firstN`); everywhere else it is
# reported where it stands.
_TOLERATED = {
    "Page[Container]": {"$.items[0].caption", "$.items[0].primaryAsset.assetId", "$.items[0].primaryAsset.kind"},
    "ReviewPolicySettings": {"$.firstNPostsBlocked"},
}
CORRUPTIONS = [
    pytest.param(cls, leaf, bad, id=f"{model_name(cls)}:{leaf}")
    for cls, example in EXAMPLES
    for leaf, bad in corrupted(example)
    if leaf not in _TOLERATED.get(model_name(cls), set())
]


@pytest.mark.parametrize(("cls", "leaf", "body"), CORRUPTIONS)
def test_a_wrong_value_is_reported_at_its_own_wire_path(cls: Any, leaf: str, body: Any) -> None:
    with pytest.raises(ResponseDecodeError) as info:
        structure(body, cls)
    assert leaf == info.value.path
