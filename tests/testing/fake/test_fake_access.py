"""Auth, kill switch, scopes, tenancy, rate limits and the order of checks, over raw HTTP."""

from __future__ import annotations

import pytest

from tests.testing.fake.conftest import Api

pytestmark = pytest.mark.anyio

RATE_HEADERS = ("x-ratelimit-endpoint-class", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset")


async def test_bearer_and_x_api_key_both_work_and_x_api_key_wins(api: Api) -> None:
    other = api.h.other_key.secret
    bearer = await api.call("GET", "/v1/whoami")
    both = await api.call("GET", "/v1/whoami", headers={"X-Api-Key": other})
    assert (200, api.h.org_id) == (bearer.status, bearer.json["organizationId"])
    assert (200, api.h.other_org_id) == (both.status, both.json["organizationId"])
    assert ["*"] == bearer.json["scopes"]
    assert "partner" == bearer.json["rateLimitTier"]


@pytest.mark.parametrize("auth", [None, "Bearer", "Bearer lp_test_nope", "Basic abc"])
async def test_bad_or_missing_key_is_401_without_rate_headers(api: Api, auth: str | None) -> None:
    headers = {"Authorization": auth} if auth is not None else {}
    answer = await api.call("GET", "/v1/whoami", key=None, headers=headers)
    assert (401, "UNAUTHENTICATED") == (answer.status, answer.code)
    assert answer.headers["x-request-id"] == answer.json["error"]["requestId"]
    assert not any(h in answer.headers for h in RATE_HEADERS)


async def test_kill_switch_key_and_org(api: Api) -> None:
    api.fake.kill_key(api.h.key)
    killed = await api.call("GET", "/v1/whoami")
    api.fake.kill_key(api.h.key, killed=False)
    api.fake.suspend_org(api.h.org_id)
    suspended = await api.call("GET", f"/v1/projects/{api.h.project_id}")
    assert (503, "KILL_SWITCH", {"scope": "key"}) == (killed.status, killed.code, killed.details)
    assert (503, "KILL_SWITCH", {"scope": "organization"}) == (suspended.status, suspended.code, suspended.details)


async def test_missing_scope_is_403_with_required_scope(api: Api) -> None:
    key = api.fake.create_key(api.h.org_id, scopes=("projects:read",))
    denied = await api.call("GET", f"/v1/projects/{api.h.project_id}/content", key=key.secret)
    allowed = await api.call("GET", f"/v1/projects/{api.h.project_id}", key=key.secret)
    empty = api.fake.create_key(api.h.org_id, scopes=())
    whoami = await api.call("GET", "/v1/whoami", key=empty.secret)
    assert (403, "FORBIDDEN_SCOPE", "content:read") == (
        denied.status,
        denied.code,
        denied.details["requiredScope"],
    )
    assert (200, 200) == (allowed.status, whoami.status)


async def test_another_orgs_ids_read_exactly_like_unknown_ids(api: Api) -> None:
    mine = api.h.key.secret
    theirs = api.h.other_key.secret
    foreign = await api.call("GET", f"/v1/projects/{api.h.project_id}", key=theirs)
    unknown = await api.call("GET", "/v1/projects/prj_00000000-0000-4000-8000-000000000000", key=mine)
    container = await api.call("GET", f"/v1/content/{api.h.clone_container_ids[0]}", key=theirs)
    assert (404, "Project not found.") == (foreign.status, foreign.json["error"]["message"])
    assert foreign.json["error"]["message"] == unknown.json["error"]["message"]
    assert (404, "Container not found.") == (container.status, container.json["error"]["message"])


async def test_unknown_path_is_404(api: Api) -> None:
    answer = await api.call("GET", "/v1/nope")
    assert (404, "NOT_FOUND") == (answer.status, answer.code)


async def test_rate_limit_headers_and_429_with_retry_after(api: Api) -> None:
    key = api.fake.create_key(api.h.org_id, tier="standard", read_light=2)
    first = await api.call("GET", "/v1/whoami", key=key.secret)
    await api.call("GET", "/v1/whoami", key=key.secret)
    third = await api.call("GET", "/v1/whoami", key=key.secret)
    write = await api.call("POST", "/v1/jobs/job_nope/cancel", key=key.secret)
    assert ["read-light", "2", "1"] == [first.headers[h] for h in RATE_HEADERS[:3]]
    assert int(first.headers["x-ratelimit-reset"]) % 60 == 0
    assert (429, "RATE_LIMITED", "0") == (third.status, third.code, third.headers["x-ratelimit-remaining"])
    assert {"endpointClass": "read-light", "limitType": "minute", "retryAfterSeconds": 60} == third.details
    assert "60" == third.headers["retry-after"]
    assert (404, "write-light") == (write.status, write.headers["x-ratelimit-endpoint-class"])
    api.fake.advance(60)
    assert 200 == (await api.call("GET", "/v1/whoami", key=key.secret)).status


async def test_daily_write_cap(api: Api) -> None:
    key = api.fake.create_key(api.h.org_id, write_light_day=1)
    await api.call("POST", "/v1/jobs/job_nope/cancel", key=key.secret)
    over = await api.call("POST", "/v1/jobs/job_nope/cancel", key=key.secret)
    assert (429, "day") == (over.status, over.details["limitType"])
    assert int(over.headers["retry-after"]) == 15 * 3600


async def test_order_rate_limit_before_scope(api: Api) -> None:
    key = api.fake.create_key(api.h.org_id, scopes=(), read_light=1)
    first = await api.call("GET", f"/v1/projects/{api.h.project_id}", key=key.secret)
    second = await api.call("GET", f"/v1/projects/{api.h.project_id}", key=key.secret)
    assert ("FORBIDDEN_SCOPE", "RATE_LIMITED") == (first.code, second.code)
