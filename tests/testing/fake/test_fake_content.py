"""Idempotency, generate, clone-from-post, jobs, cancel and failures, over raw HTTP."""

from __future__ import annotations

import pytest

from tests.testing.fake.conftest import Api

pytestmark = pytest.mark.anyio

UUID = "6d2f8a14-b39e-4c71-8f05-2ae9c7d41b58"


def clone_body(api: Api, **extra: object) -> dict[str, object]:
    return {"projectId": api.h.project_id, "sourcePlatformPostId": api.h.breakout_post_id, **extra}


async def test_idempotency_replay_conflict_and_expiry(api: Api) -> None:
    path = f"/v1/projects/{api.h.project_id}/content"
    headers = {"Idempotency-Key": "k-1"}
    first = await api.call("POST", path, body={"variantCount": 2}, headers=headers)
    again = await api.call("POST", path, raw=b'{ "variantCount" : 2 }', headers=headers)
    other = await api.call("POST", path, body={"variantCount": 3}, headers=headers)
    assert (202, 202) == (first.status, again.status)
    assert first.content == again.content
    assert ("true", None) == (again.headers.get("idempotent-replayed"), first.headers.get("idempotent-replayed"))
    assert first.headers["x-request-id"] != again.headers["x-request-id"]
    assert (409, "IDEMPOTENCY_CONFLICT") == (other.status, other.code)
    assert 1 == api.fake.job_count(api.h.project_id) - 5
    api.fake.advance(86_400)
    later = await api.call("POST", path, body={"variantCount": 2}, headers=headers)
    assert later.json["jobId"] != first.json["jobId"]


async def test_idempotency_stores_only_success_and_validates_key(api: Api) -> None:
    path = f"/v1/projects/{api.h.project_id}/content"
    bad = await api.call("POST", path, body={"variantCount": 9}, headers={"Idempotency-Key": "k-2"})
    good = await api.call("POST", path, body={"variantCount": 9}, headers={"Idempotency-Key": "k-2"})
    empty = await api.call("POST", path, body={}, headers={"Idempotency-Key": "x" * 256})
    assert (422, 422) == (bad.status, good.status)
    assert good.headers.get("idempotent-replayed") is None
    assert (422, "Idempotency-Key") == (empty.status, empty.details["issues"][0]["path"])


async def test_clone_path_id_is_the_dedupe_key(api: Api) -> None:
    first = await api.call("POST", f"/v1/content/{UUID}/clone-from-post", body=clone_body(api, variations=2))
    again = await api.call("POST", f"/v1/content/cnt_{UUID}/clone-from-post", body=clone_body(api, variations=2))
    differs = await api.call("POST", f"/v1/content/{UUID}/clone-from-post", body=clone_body(api, variations=3))
    foreign = await api.call(
        "POST",
        f"/v1/content/{UUID}/clone-from-post",
        key=api.h.other_key.secret,
        body={"projectId": api.h.other_project_id, "sourcePlatformPostId": api.h.other_post_id},
    )
    assert (202, f"cnt_{UUID}") == (first.status, first.json["containerId"])
    assert first.content == again.content
    assert (409, "CONTAINER_ID_IN_USE") == (differs.status, differs.details["subcode"])
    assert (409, "CONTAINER_ID_IN_USE") == (foreign.status, foreign.details["subcode"])
    assert 6 == api.fake.job_count(api.h.project_id)


async def test_generate_body_id_replays(api: Api) -> None:
    path = f"/v1/projects/{api.h.project_id}/content"
    first = await api.call("POST", path, body={"id": UUID, "variantCount": 2})
    again = await api.call("POST", path, body={"id": UUID, "variantCount": 2})
    differs = await api.call("POST", path, body={"id": UUID})
    assert first.content == again.content
    assert f"cnt_{UUID}" == first.json["containerIds"][0]
    assert 2 == len(first.json["containerIds"])
    assert "CONTAINER_ID_IN_USE" == differs.details["subcode"]


async def test_source_post_not_found_for_unknown_unsynced_deleted_and_foreign(api: Api) -> None:
    fake, h = api.fake, api.h
    unsynced = fake.add_post(h.project_id, title="fresh", synced=False, metrics={"views": 10})
    deleted = fake.add_post(h.project_id, title="gone", metrics={"views": 10})
    fake.delete_post(deleted)
    answers = []
    for i, source in enumerate(["pp_unknown", unsynced, deleted, h.other_post_id]):
        cid = f"00000000-0000-4000-8000-00000000000{i}"
        body = {"projectId": h.project_id, "sourcePlatformPostId": source}
        answer = await api.call("POST", f"/v1/content/{cid}/clone-from-post", body=body)
        answers.append((answer.status, answer.json["error"]["message"]))
    assert [(404, "Source post not found.")] * 4 == answers
    fake.advance(1_800)
    body = {"projectId": h.project_id, "sourcePlatformPostId": unsynced}
    synced = await api.call("POST", "/v1/content/00000000-0000-4000-8000-000000000009/clone-from-post", body=body)
    assert 202 == synced.status


async def test_clone_accepts_native_id_and_records_internal_id(api: Api) -> None:
    native = "tt_native_1"
    pid = api.fake.add_post(api.h.project_id, native_id=native, metrics={"views": 100})
    answer = await api.call(
        "POST", f"/v1/content/{UUID}/clone-from-post", body=clone_body(api, sourcePlatformPostId=native)
    )
    api.fake.advance(20)
    container = await api.call("GET", f"/v1/content/{answer.json['containerId']}")
    assert (pid, "completed", "pending") == (
        container.json["sourcePlatformPostId"],
        container.json["status"],
        container.json["approvalStatus"],
    )


async def test_layer_ambiguous_reports_layer_count(api: Api) -> None:
    api.fake.add_layer(api.h.project_id, "Managed UGC")
    answer = await api.call("POST", f"/v1/projects/{api.h.project_id}/content", body={})
    clone = await api.call("POST", f"/v1/content/{UUID}/clone-from-post", body=clone_body(api))
    assert (409, "LAYER_AMBIGUOUS", 2) == (answer.status, answer.details["subcode"], answer.details["layerCount"])
    assert 2 == len(answer.details["layers"])
    assert 2 == clone.details["layerCount"]
    wrong = await api.call("POST", f"/v1/projects/{api.h.project_id}/content", body={"projectLayerId": "lyr_x"})
    assert (404, "Project layer not found.") == (wrong.status, wrong.json["error"]["message"])


async def test_archived_project_conflicts(api: Api) -> None:
    api.fake.archive_project(api.h.project_id)
    answer = await api.call("POST", f"/v1/projects/{api.h.project_id}/content", body={})
    assert "PROJECT_ARCHIVED" == answer.details["subcode"]


async def test_job_moves_through_stages_with_etag_and_304(api: Api) -> None:
    started = await api.call("POST", f"/v1/projects/{api.h.project_id}/content", body={})
    path = started.json["locationUrl"]
    seen, etags, progress = [], [], []
    for _ in range(9):
        answer = await api.call("GET", path)
        seen.append(answer.json["stage"])
        etags.append(answer.headers["etag"])
        progress.append(answer.json["progress"])
        cached = await api.call("GET", path, headers={"If-None-Match": answer.headers["etag"]})
        assert (304, b"", answer.headers["etag"]) == (cached.status, cached.content, cached.headers["etag"])
        assert "x-ratelimit-remaining" in cached.headers
        api.fake.advance(2)
    assert ["queued", "generating_visuals", "finalizing", "completed"] == list(dict.fromkeys(seen))
    assert progress == sorted(progress)
    assert 1.0 == progress[-1]
    for before, after, p0, p1 in zip(etags, etags[1:], progress, progress[1:]):
        assert (before == after) == (p0 == p1)


async def test_cancel_takes_effect_at_next_boundary(api: Api) -> None:
    started = await api.call("POST", f"/v1/projects/{api.h.project_id}/content", body={})
    job_id = started.json["jobId"]
    accepted = await api.call("POST", f"/v1/jobs/{job_id}/cancel")
    still = await api.call("GET", f"/v1/jobs/{job_id}")
    api.fake.advance(5)
    done = await api.call("GET", f"/v1/jobs/{job_id}")
    again = await api.call("POST", f"/v1/jobs/{job_id}/cancel")
    container = await api.call("GET", f"/v1/content/{started.json['containerId']}")
    assert (202, True) == (accepted.status, accepted.json["accepted"])
    assert "running" == still.json["status"]
    assert "canceled" == done.json["status"]
    assert {"jobId": job_id, "accepted": False, "reason": "ALREADY_CANCELED"} == again.json
    assert "canceled" == container.json["status"]


async def test_cancel_refused_in_finalizing(api: Api) -> None:
    started = await api.call("POST", f"/v1/projects/{api.h.project_id}/content", body={})
    api.fake.advance(11)
    answer = await api.call("POST", f"/v1/jobs/{started.json['jobId']}/cancel")
    assert (409, "JOB_CANCEL_UNAVAILABLE", "finalizing") == (
        answer.status,
        answer.details["subcode"],
        answer.details["stage"],
    )


async def test_forced_failures_set_error_and_last_error(api: Api) -> None:
    api.fake.fail_next_jobs(1, code="GENERATION_FAILED", message="boom")
    started = await api.call("POST", f"/v1/projects/{api.h.project_id}/content", body={})
    api.fake.advance(30)
    job = await api.call("GET", started.json["locationUrl"])
    container = await api.call("GET", f"/v1/content/{started.json['containerId']}")
    assert ("failed", "generating_visuals") == (job.json["status"], job.json["stage"])
    assert {"code": "GENERATION_FAILED", "message": "boom"} == job.json["error"] == container.json["lastError"]
    second = await api.call("POST", f"/v1/projects/{api.h.project_id}/content", body={})
    api.fake.fail_job(second.json["jobId"], code="INTERNAL", message="x")
    assert "failed" == (await api.call("GET", second.json["locationUrl"])).json["status"]


async def test_concurrent_jobs_cap(api: Api) -> None:
    key = api.fake.create_key(api.h.org_id, concurrent_jobs=1)
    path = f"/v1/projects/{api.h.project_id}/content"
    first = await api.call("POST", path, key=key.secret, body={"id": UUID})
    replay = await api.call("POST", path, key=key.secret, body={"id": UUID})
    over = await api.call("POST", path, key=key.secret, body={})
    assert (202, 202) == (first.status, replay.status)
    assert (429, "concurrent_jobs", "5") == (over.status, over.details["limitType"], over.headers["retry-after"])
    api.fake.advance(20)
    assert 202 == (await api.call("POST", path, key=key.secret, body={})).status


async def test_credits_reserve_then_charge(api: Api) -> None:
    before = (await api.call("GET", "/v1/credits")).json
    await api.call("POST", f"/v1/projects/{api.h.project_id}/content", body={"variantCount": 2})
    during = (await api.call("GET", "/v1/credits")).json
    api.fake.advance(20)
    after = (await api.call("GET", "/v1/credits")).json
    assert 20 == during["reservedCredits"] - before["reservedCredits"]
    assert during["available"] == during["balance"] - during["reservedCredits"]
    assert (0, before["balance"] - 20) == (after["reservedCredits"], after["balance"])
