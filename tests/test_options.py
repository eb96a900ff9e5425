"""``Client.with_options``: a light sibling with its own per-call options, sharing everything else."""

from __future__ import annotations

from typing import Any

import pytest

from layers_async import Client, Request, Response, RetryPolicy
from layers_async.errors import ClientClosedError, InvalidRequestError, RateLimitedError, ServerError
from layers_async.testing import MockTransport, RecordingClock, json_response

KEY = "lp_test_s3cr3t-key-value"


def ok(_: Request) -> Response:
    return json_response(200, {"ok": True})


def unavailable(_: Request) -> Response:
    return json_response(503, {"error": {"code": "UNAVAILABLE", "message": "later"}})


@pytest.mark.anyio
async def test_a_siblings_timeout_applies_to_its_calls_only() -> None:
    transport = MockTransport(ok)
    async with Client(api_key=KEY, transport=transport) as client:
        slow = client.with_options(timeout=120)
        await slow.send("GET", "/v1/whoami")
        await client.send("GET", "/v1/whoami")
        await client.with_options(timeout=None).send("GET", "/v1/whoami")
    assert [120.0, 30.0, None] == [r.timeout for r in transport.requests]
    assert (120.0, 30.0) == (slow.timeout, client.timeout)


@pytest.mark.anyio
async def test_a_siblings_response_cap_applies_to_its_calls_only() -> None:
    transport = MockTransport(ok)
    async with Client(api_key=KEY, transport=transport) as client:
        await client.with_options(max_response_bytes=1024).send("GET", "/v1/whoami")
        await client.with_options(max_response_bytes=None).send("GET", "/v1/whoami")
        await client.send("GET", "/v1/whoami")
    assert [1024, None, client.max_response_bytes] == [r.max_response_bytes for r in transport.requests]
    assert client.max_response_bytes is not None


@pytest.mark.anyio
async def test_a_sibling_without_retries_fails_at_once_while_the_parent_retries() -> None:
    transport = MockTransport(unavailable)
    async with Client(api_key=KEY, transport=transport, clock=RecordingClock()) as client:
        with pytest.raises(ServerError):
            await client.with_options(retry=RetryPolicy.disabled()).send("GET", "/v1/whoami")
        assert 1 == len(transport.requests)
        with pytest.raises(ServerError):
            await client.send("GET", "/v1/whoami")
    assert 1 + 4 == len(transport.requests)


@pytest.mark.anyio
async def test_a_siblings_headers_go_on_its_requests_only_and_siblings_of_siblings_merge_them() -> None:
    transport = MockTransport(ok)
    async with Client(api_key=KEY, transport=transport) as client:
        tagged = client.with_options(headers={"X-Trace": "a", "User-Agent": "mine/1"})
        await tagged.send("GET", "/v1/whoami")
        await tagged.with_options(headers={"x-trace": "b"}).send("GET", "/v1/whoami")
        await client.send("GET", "/v1/whoami")
    seen = [(r.header("x-trace"), r.header("user-agent")) for r in transport.requests]
    assert [("a", "mine/1"), ("b", "mine/1"), (None, client._base_headers[1][1])] == seen
    assert all(r.header("authorization") == f"Bearer {KEY}" for r in transport.requests)
    assert KEY not in repr(tagged) + repr(tagged._base_headers)


@pytest.mark.anyio
async def test_siblings_share_the_rate_gate_a_429_seen_by_one_pauses_the_other() -> None:
    answers = iter(
        [json_response(429, {"error": {"code": "RATE_LIMITED", "message": "slow"}}, {"retry-after": "3"}), ok(None)]  # type: ignore[arg-type]
    )
    clock = RecordingClock()
    async with Client(api_key=KEY, transport=MockTransport(lambda _: next(answers)), clock=clock) as client:
        hasty = client.with_options(retry=RetryPolicy.disabled())
        with pytest.raises(RateLimitedError):
            await hasty.send("GET", "/v1/whoami")
        await client.send("GET", "/v1/whoami")
    assert (True, True, [3.0]) == (hasty.rate_gate is client.rate_gate, hasty.clock is client.clock, clock.sleeps)


@pytest.mark.anyio
async def test_closing_the_parent_closes_the_shared_transport_once_and_stops_the_sibling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = Client(api_key=KEY)  # owns the HttpxTransport it creates
    closes: list[Any] = []
    original = client.transport.aclose

    async def counting_aclose() -> None:
        closes.append(1)
        await original()

    monkeypatch.setattr(client.transport, "aclose", counting_aclose)
    sibling = client.with_options(timeout=5)
    assert sibling.transport is client.transport
    async with sibling:
        pass
    await sibling.aclose()
    assert ([], False) == (closes, client.is_closed)
    await client.aclose()
    await client.aclose()
    assert ([1], True) == (closes, sibling.is_closed)
    with pytest.raises(ClientClosedError):
        await sibling.send("GET", "/v1/whoami")


@pytest.mark.anyio
async def test_a_siblings_namespaces_are_its_own() -> None:
    whoami = {
        "organizationId": "org_1",
        "workspaceId": "ws_1",
        "organizationName": "Acme",
        "apiKeyId": "key_1",
        "creditBalance": 10,
    }
    transport = MockTransport(lambda _: json_response(200, whoami))
    async with Client(api_key=KEY, transport=transport) as client:
        _ = client.account
        sibling = client.with_options(timeout=7)
        assert sibling.account is not client.account
        await sibling.account.whoami()
    assert [7.0] == [r.timeout for r in transport.requests]


@pytest.mark.parametrize(
    ("options", "argument"),
    [
        ({"timeout": 0}, "timeout"),
        ({"timeout": -1.0}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
        ({"timeout": "5"}, "timeout"),
        ({"timeout": True}, "timeout"),
        ({"retry": 3}, "retry"),
        ({"max_response_bytes": 0}, "max_response_bytes"),
        ({"max_response_bytes": "1kb"}, "max_response_bytes"),
        ({"headers": [("X-A", "1")]}, "headers"),
        ({"headers": {"Authorization": "Bearer other"}}, "headers"),
        ({"headers": {"idempotency-key": "k"}}, "headers"),
        ({"headers": {"X-A": "line\r\nX-Injected: 1"}}, "headers"),
        ({"headers": {"bad name": "1"}}, "headers"),
        ({"headers": {"X-A": 1}}, "headers"),
    ],
)
def test_bad_options_are_refused_naming_them(options: dict[str, Any], argument: str) -> None:
    client = Client(api_key=KEY, transport=MockTransport(ok))
    with pytest.raises(InvalidRequestError) as info:
        client.with_options(**options)
    assert argument == info.value.argument
    assert KEY not in str(info.value)


def test_the_parent_is_unchanged_and_the_sibling_says_what_it_is() -> None:
    client = Client(api_key=KEY, transport=MockTransport(ok))
    sibling = client.with_options(timeout=1, retry=RetryPolicy.disabled())
    assert (30.0, RetryPolicy()) == (client.timeout, client.retry)
    assert "<Client (with_options) base_url='https://api.layers.com' auth='bearer'>" == repr(sibling)


@pytest.mark.parametrize("timeout", [0, -1.0, float("nan"), float("inf"), "5", True])
def test_the_constructor_checks_timeout_like_with_options(timeout: object) -> None:
    with pytest.raises(InvalidRequestError) as info:
        Client(api_key=KEY, transport=MockTransport(ok), timeout=timeout)  # type: ignore[arg-type]
    assert "timeout" == info.value.argument
