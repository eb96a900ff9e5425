"""Determinism, the SDK-facing transport, clocks, the pytest plugin fixtures and the export list."""

from __future__ import annotations

import json

import anyio
import pytest

import layers_async.testing
from layers_async import Client
from layers_async._transport import Request
from layers_async.errors import ConnectError, TransportError
from layers_async.testing import FakeLayers, RealClock, VirtualClock
from layers_async.testing._fake._http import HttpRequest


def _script(fake: FakeLayers) -> list[tuple[int, list[tuple[str, str]], bytes]]:
    h = fake.demo()
    out = []
    calls = [
        ("POST", f"/v1/projects/{h.project_id}/content", {"variantCount": 2}),
        (
            "POST",
            "/v1/content/00000000-0000-4000-8000-000000000001/clone-from-post",
            {"projectId": h.project_id, "sourcePlatformPostId": h.breakout_post_id},
        ),
        ("GET", f"/v1/projects/{h.project_id}/top-performers?metric=views", None),
        ("GET", f"/v1/projects/{h.project_id}/content", None),
        ("GET", "/v1/nope", None),
    ]
    for method, path, body in calls:
        raw = json.dumps(body).encode() if body is not None else b""
        r = fake.handle(HttpRequest.build(method, path, [("Authorization", f"Bearer {h.key.secret}")], raw))
        out.append((r.status, [(k, v) for k, v in r.headers if k != "X-Request-Id"], r.body))
        fake.advance(7)
    return out


def test_same_seed_same_requests_give_identical_responses() -> None:
    assert _script(FakeLayers(seed=3)) == _script(FakeLayers(seed=3))
    assert _script(FakeLayers(seed=3)) != _script(FakeLayers(seed=4))


@pytest.mark.anyio
async def test_transport_maps_injected_disconnects() -> None:
    fake = FakeLayers()
    transport = fake.transport()
    auth = [("Authorization", f"Bearer {fake.default_key.secret}")]
    ok = await transport.handle_request(Request("GET", "https://api.layers.com/v1/whoami", auth))
    fake.faults.lose_response(times=1)
    with pytest.raises(TransportError) as lost:
        await transport.handle_request(Request("GET", "https://api.layers.com/v1/whoami", auth))
    fake.faults.connect_error(times=1)
    with pytest.raises(ConnectError):
        await transport.handle_request(Request("GET", "https://api.layers.com/v1/whoami", auth))
    await transport.aclose()
    assert (200, True) == (ok.status_code, lost.value.request_sent)


@pytest.mark.anyio
async def test_client_uses_fake_clock_and_key() -> None:
    fake = FakeLayers()
    async with fake.client() as client:
        assert "Client" == type(client).__name__


@pytest.mark.anyio
async def test_virtual_clock_fast_forwards_many_sleepers() -> None:
    clock = VirtualClock(start=0)
    async with anyio.create_task_group() as tg:
        for i in range(50):
            tg.start_soon(clock.sleep, float(i))
    assert clock.now() >= 49
    clock.advance(1)
    with pytest.raises(ValueError):
        clock.advance(-1)


@pytest.mark.anyio
async def test_real_clock_scales_time() -> None:
    clock = RealClock(speed=1_000, start=0)
    await clock.sleep(10)
    assert 10 <= clock.now() < 1_000


def test_latency_fault_advances_the_virtual_clock() -> None:
    fake = FakeLayers()
    fake.faults.latency(2.5, route="GET /v1/whoami")
    request = HttpRequest.build("GET", "/v1/whoami", [("X-Api-Key", fake.default_key.secret)])
    start = fake.now()
    response = anyio.run(fake.handle_async, request)
    assert (200, 2.5) == (response.status, fake.now() - start)


def test_probability_faults_are_deterministic() -> None:
    def run(seed: int) -> list[int]:
        fake = FakeLayers(seed=seed)
        fake.faults.server_error(500, probability=0.5)
        request = HttpRequest.build("GET", "/v1/whoami", [("X-Api-Key", fake.default_key.secret)])
        return [anyio.run(fake.handle_async, request).status for _ in range(20)]

    assert run(1) == run(1)
    assert {200, 500} == set(run(1))


@pytest.mark.anyio
async def test_plugin_fixtures(fake_layers: FakeLayers, layers_client: Client) -> None:
    whoami = await layers_client.account.whoami()
    assert fake_layers.default_key.org_id == whoami.organization_id
    assert 200 == fake_layers.request("GET", "/v1/whoami")[0]


def test_testing_exports_are_sorted() -> None:
    assert sorted(layers_async.testing.__all__) == layers_async.testing.__all__
    assert "FakeLayers" in layers_async.testing.__all__
