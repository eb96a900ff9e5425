"""Review, publishing, validation, metrics, ranking, scores and faults, over raw HTTP."""

from __future__ import annotations

import pytest

from tests.testing.fake.conftest import Api, Dropped

pytestmark = pytest.mark.anyio


async def _completed(api: Api) -> str:
    started = await api.call("POST", f"/v1/projects/{api.h.project_id}/content", body={})
    api.fake.advance(20)
    return str(started.json["containerId"])


async def test_review_first_n_gates_and_policy_approval(api: Api) -> None:
    cid = await _completed(api)
    target = {"socialAccountId": api.h.tiktok_account_id, "mode": "direct_publish"}
    when = "2026-05-12T09:00:00Z"
    blocked = await api.call("POST", f"/v1/content/{cid}/schedule", body={"scheduledFor": when, "targets": [target]})
    assert (403, "APPROVAL_REQUIRED", "pending") == (blocked.status, blocked.code, blocked.details["approvalStatus"])
    approved = await api.call("POST", f"/v1/content/{cid}/approve", body={"note": "ok"})
    assert ("approved", api.h.key.id) == (approved.json["approvalStatus"], approved.json["approvedBy"])
    twice = await api.call("POST", f"/v1/content/{cid}/approve")
    assert ("APPROVAL_STATE", "approved") == (twice.details["subcode"], twice.details["approvalStatus"])
    rejected_id = await _completed(api)
    rejected = await api.call("POST", f"/v1/content/{rejected_id}/reject", body={"reason": "off brand"})
    assert "rejected" == rejected.json["approvalStatus"]
    gate = await api.call(
        "POST", f"/v1/content/{rejected_id}/schedule", body={"scheduledFor": when, "targets": [target]}
    )
    assert (409, "CONTENT_REJECTED") == (gate.status, gate.code)
    for _ in range(2):
        await api.call("POST", f"/v1/content/{await _completed(api)}/approve")
    auto = (await api.call("GET", f"/v1/content/{await _completed(api)}")).json
    assert ("approved", "policy") == (auto["approvalStatus"], auto["approvedBy"])
    policy = (await api.call("GET", f"/v1/projects/{api.h.project_id}/content-review-policy")).json
    assert (3, 3, 0) == (policy["firstN"], policy["approvedCount"], policy["pendingCount"])


async def test_policy_change_applies_to_new_containers_only(api: Api) -> None:
    started = await api.call("POST", f"/v1/projects/{api.h.project_id}/content", body={})
    patched = await api.call(
        "PATCH", f"/v1/projects/{api.h.project_id}/content-review-policy", body={"policy": "auto_approve"}
    )
    api.fake.advance(20)
    old = (await api.call("GET", f"/v1/content/{started.json['containerId']}")).json
    new = (await api.call("GET", f"/v1/content/{await _completed(api)}")).json
    assert ("auto_approve", "firstN") == (patched.json["policy"], "firstN" if "firstN" not in patched.json else "")
    assert ("pending", "not_required") == (old["approvalStatus"], new["approvalStatus"])
    not_ready = await api.call("POST", "/v1/projects/x/content", body={})
    assert 404 == not_ready.status


async def test_schedule_publishes_and_links_a_post_after_sync(api: Api) -> None:
    await api.call("PATCH", f"/v1/projects/{api.h.project_id}/content-review-policy", body={"policy": "auto_approve"})
    cid = await _completed(api)
    body = {
        "scheduledFor": "2026-05-11T10:00:00Z",
        "targets": [
            {"socialAccountId": api.h.tiktok_account_id, "mode": "direct_publish"},
            {"socialAccountId": api.h.instagram_account_id, "mode": "draft_to_device"},
        ],
    }
    created = await api.call("POST", f"/v1/content/{cid}/schedule", body=body)
    assert (201, ["queued", "queued"]) == (created.status, [p["status"] for p in created.json["scheduledPosts"]])
    api.fake.advance(3_600)
    first, second = [
        (await api.call("GET", f"/v1/scheduled-posts/{p['id']}")).json for p in created.json["scheduledPosts"]
    ]
    assert ("published", "draft") == (first["status"], second["status"])
    assert first["externalId"] and second["externalId"]
    rows = (await api.call("GET", f"/v1/projects/{api.h.project_id}/ads-content?scoringPool=generated")).json
    linked = [r for r in rows["items"] if r["sourceId"] == cid]
    assert linked[0]["platformPostId"] is not None
    listed = await api.call("GET", f"/v1/projects/{api.h.project_id}/scheduled-posts?status=published")
    assert [first["id"]] == [p["id"] for p in listed.json["items"]]


VALIDATION_CASES = [
    ("POST", "/content", {"variantCount": 6}, "variantCount"),
    ("POST", "/content", {"format": "gif"}, "format"),
    ("POST", "/content", {"brief": {"mood": "x"}}, "brief.mood"),
    ("POST", "/clone", {"variations": 11}, "variations"),
    ("POST", "/clone", {"mode": "copy"}, "mode"),
    ("POST", "/clone-missing", {}, "projectId"),
    ("PATCH", "/content-review-policy", {"policy": "review_first_n"}, "firstN"),
    ("PATCH", "/content-review-policy", {"policy": "review_all", "firstN": 2}, "firstN"),
    ("PATCH", "/content-review-policy", {"policy": "review_first_n", "firstN": 51}, "firstN"),
    ("GET", "/metrics?scope=project&id={p}&since=2026-05-04", None, "since"),
    ("GET", "/metrics?scope=project&id={p}&metrics=spend", None, "metrics[0]"),
    ("GET", "/ads-metrics?scope=project&id={p}&granularity=hour", None, "granularity"),
    ("GET", "/ads-metrics?scope=project&id={p}&metrics=views", None, "metrics[0]"),
    ("GET", "/content?limit=0", None, "limit"),
    ("GET", "/content?cursor=garbage", None, "cursor"),
    ("GET", "/top-performers?metric=likes", None, "metric"),
    ("GET", "/top-performers", None, "metric"),
    ("PATCH", "/ads-content/{a}", {"note": "x"}, "override"),
]


@pytest.mark.parametrize(("method", "suffix", "body", "path"), VALIDATION_CASES)
async def test_validation_names_the_bad_path(api: Api, method: str, suffix: str, body: object, path: str) -> None:
    h = api.h
    if suffix.startswith("/clone"):
        url = "/v1/content/00000000-0000-4000-8000-000000000001/clone-from-post"
        body = body if suffix == "/clone-missing" else {"projectId": h.project_id, "sourcePlatformPostId": "x", **body}  # type: ignore[dict-item]
    else:
        rows = api.fake._store.ads
        ads_id = next(r.id for r in rows.values() if r.project_id == h.project_id)
        url = f"/v1/projects/{h.project_id}" + suffix.replace("{p}", h.project_id).replace("{a}", ads_id)
    answer = await api.call(method, url, body=body)
    assert (422, "VALIDATION") == (answer.status, answer.code)
    assert path in [i["path"] for i in answer.details["issues"]]


async def test_schedule_in_the_past_and_bad_targets(api: Api) -> None:
    cid = await _completed(api)
    past = {"scheduledFor": "2026-05-11T08:00:00Z", "targets": [{"socialAccountId": "sa_x", "mode": "reels"}]}
    answer = await api.call("POST", f"/v1/content/{cid}/schedule", body=past)
    paths = [i["path"] for i in answer.details["issues"]]
    assert ["scheduledFor", "targets[0].socialAccountId"] == paths
    bad_mode = {
        "scheduledFor": "2026-05-11T09:00:10Z",
        "targets": [{"socialAccountId": api.h.tiktok_account_id, "mode": "reels"}],
    }
    answer = await api.call("POST", f"/v1/content/{cid}/schedule", body=bad_mode)
    assert ["targets[0].mode"] == [i["path"] for i in answer.details["issues"]]


async def test_pagination_with_cursors(api: Api) -> None:
    path = f"/v1/projects/{api.h.project_id}/content?limit=2&status=completed"
    ids, cursor = [], None
    while True:
        page = await api.call("GET", path + (f"&cursor={cursor}" if cursor else ""))
        ids += [c["id"] for c in page.json["items"]]
        cursor = page.json["nextCursor"]
        if cursor is None:
            break
    assert sorted(api.h.clone_container_ids) == sorted(ids)
    reused = await api.call("GET", f"/v1/projects/{api.h.project_id}/content?limit=2&cursor={cursor or 'x'}")
    assert 422 == reused.status


async def test_metrics_buckets_and_totals(api: Api) -> None:
    h = api.h
    base = f"/v1/projects/{h.project_id}/metrics?scope=project&id={h.project_id}"
    week = (
        await api.call("GET", base + "&since=2026-05-01T00:00:00Z&until=2026-05-11T00:00:00Z&granularity=week")
    ).json
    hours = (
        await api.call("GET", base + "&since=2026-05-10T00:00:00Z&until=2026-05-10T03:00:00Z&granularity=hour")
    ).json
    other = await api.call("GET", f"/v1/projects/{h.project_id}/metrics?scope=platform_post&id={h.other_post_id}")
    assert ["2026-04-27", "2026-05-04"] == [b["bucket"] for b in week["series"]]
    assert sum(b["views"] for b in week["series"]) == week["totals"]["views"]
    assert ["2026-05-10T00:00:00Z", "2026-05-10T01:00:00Z", "2026-05-10T02:00:00Z"] == [
        b["bucket"] for b in hours["series"]
    ]
    assert "post_count" in week["totals"]
    assert 404 == other.status


async def test_top_performers_rank_cache_and_tenancy(api: Api) -> None:
    h = api.h
    path = f"/v1/projects/{h.project_id}/top-performers?metric=engagement_rate&window=7d&limit=100"
    first = await api.call("GET", path)
    items = first.json["items"]
    assert h.breakout_post_id == items[0]["platformPostId"]
    assert h.other_post_id not in [i["platformPostId"] for i in items]
    assert [i["metricValue"] for i in items] == sorted((i["metricValue"] for i in items), reverse=True)
    api.fake.add_post(h.project_id, title="new hit", metrics={"views": 100, "likes": 90})
    cached = await api.call("GET", path)
    assert first.content == cached.content
    api.fake.advance(1_800)
    fresh = await api.call("GET", path)
    assert "new hit" == fresh.json["items"][0]["title"]
    empty = await api.call(
        "GET", f"/v1/projects/{h.other_project_id}/top-performers?metric=roas", key=h.other_key.secret
    )
    assert (200, []) == (empty.status, empty.json["items"])


async def test_scores_recompute_every_6h_and_decay(api: Api) -> None:
    h = api.h
    path = f"/v1/projects/{h.project_id}/ads-content?scoringPool=ugc"
    before = (await api.call("GET", path)).json["items"][0]["organicScore"]
    api.fake.advance(3_600)
    same = (await api.call("GET", path)).json["items"][0]["organicScore"]
    api.fake.advance(6 * 3_600)
    later = (await api.call("GET", path)).json["items"][0]["organicScore"]
    assert before == same
    assert later < before
    row = (await api.call("GET", path)).json["items"][0]
    patched = await api.call(
        "PATCH", f"/v1/projects/{h.project_id}/ads-content/{row['adsContentId']}", body={"override": "exclude"}
    )
    assert (200, False, "exclude") == (patched.status, patched.json["eligible"], patched.json["override"])


async def test_injected_faults(api: Api) -> None:
    fake = api.fake
    fake.faults.server_error(503, route="GET /v1/whoami", times=1)
    fake.faults.rate_limit(retry_after=7, route="/v1/credits", times=1)
    error = await api.call("GET", "/v1/whoami")
    limited = await api.call("GET", "/v1/credits")
    assert ((503, "UNAVAILABLE"), 200) == ((error.status, error.code), (await api.call("GET", "/v1/whoami")).status)
    assert (429, "7") == (limited.status, limited.headers["retry-after"])
    path = f"/v1/projects/{api.h.project_id}/content"
    fake.faults.reset(route="POST /v1/projects/{projectId}/content", times=1)
    with pytest.raises(Dropped):
        await api.call("POST", path, body={})
    assert 5 == fake.job_count(api.h.project_id)
    fake.faults.lose_response(route="POST /v1/projects/{projectId}/content", times=1)
    with pytest.raises(Dropped):
        await api.call("POST", path, body={})
    assert 6 == fake.job_count(api.h.project_id)
    assert ["lost"] == [r.fault for r in fake.request_log if r.fault == "lost"]
