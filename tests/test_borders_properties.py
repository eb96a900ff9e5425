"""Property tests at the borders: keys, base URLs, header values, Retry-After and rate-limit values.

Every outcome is a result or a typed error, and every wait stays within its documented bound (measured on
`RecordingClock`).
"""

from __future__ import annotations

import contextlib
import math

import anyio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layers_async import Client, Request, Response, RetryPolicy
from layers_async._ratelimit import MAX_GATE_WAIT, MAX_RESET_WAIT, RateGate
from layers_async._sansio import parse_retry_after
from layers_async.errors import InvalidRequestError, LayersError
from layers_async.testing import MockTransport, RecordingClock, json_response

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
EPOCH = 1_800_000_000.0
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["nan", "inf", "-inf", "1e999", "-0", "", " 5 ", "0x10", "soon", "Mon, 01 Jan 3000 00:00:00 GMT"]),
    st.text(max_size=12),
)


def ok(_: Request) -> Response:
    return json_response(200, {})


@SETTINGS
@given(key=st.text(max_size=40))
def test_any_key_builds_a_client_or_is_refused_without_being_shown(key: str) -> None:
    if key and all("!" <= ch <= "~" for ch in key):
        Client(api_key=key, transport=MockTransport(ok))
        return
    with pytest.raises(InvalidRequestError) as info:
        Client(api_key=key, transport=MockTransport(ok))
    # The message may say where the key is wrong, never what it holds: masking every visible character
    # must leave it unchanged (a substring check would trip on one-character keys such as "1 ").
    masked = "".join("x" if "!" <= ch <= "~" else ch for ch in key)
    with pytest.raises(InvalidRequestError) as masked_info:
        Client(api_key=masked, transport=MockTransport(ok))
    assert (info.value.argument, str(info.value)) == ("api_key", str(masked_info.value))


@SETTINGS
@given(
    scheme=st.sampled_from(["http", "https", "ftp", ""]),
    user=st.sampled_from(["", "user:s3cretpw@", ":s3cretpw@", "s3cretpw@"]),
    host=st.sampled_from(["127.0.0.1", "api.layers.com", "[::1]", "", "exa mple.com"]),
    port=st.sampled_from(["", ":443", ":0", ":99999", ":x"]),
    tail=st.sampled_from(["", "/", "/v1", "?a=1", "#frag", "/a?b", "\n"]),
)
def test_any_base_url_builds_a_client_or_is_refused_without_the_password(
    scheme: str, user: str, host: str, port: str, tail: str
) -> None:
    url = f"{scheme}://{user}{host}{port}{tail}" if scheme else f"{user}{host}{port}{tail}"
    outcome: Client | InvalidRequestError
    try:
        outcome = Client(api_key="lp_test", base_url=url, transport=MockTransport(ok), allow_http=True)
    except InvalidRequestError as exc:
        outcome = exc
    if isinstance(outcome, InvalidRequestError):
        assert (outcome.argument, "s3cretpw" in str(outcome)) == ("base_url", False)
    else:
        assert (user, "?" in outcome.base_url, "#" in outcome.base_url) == ("", False, False)


@pytest.mark.parametrize("anyio_backend", ["asyncio", "trio"])
@SETTINGS
@given(value=st.text(max_size=20))
def test_any_etag_is_sent_as_given_or_refused_before_io(anyio_backend: str, value: str) -> None:
    transport = MockTransport(ok)

    async def run() -> None:
        async with Client(api_key="lp_test", transport=transport, clock=RecordingClock()) as client:
            try:
                await client.jobs.get("job_1", etag=value)
            except InvalidRequestError:
                assert [] == transport.requests
                return
            except LayersError:
                pass  # the empty body is not a job: a decode error, after the request went out
        sent = transport.requests[0].header("if-none-match")
        assert sent == (value or None) and (not value or (value.isascii() and value.isprintable()))

    anyio.run(run, backend=anyio_backend)


@SETTINGS
@given(ms=st.none() | NUMBERS, seconds=st.none() | NUMBERS)
def test_any_retry_after_is_none_or_a_finite_wait(ms: str | None, seconds: str | None) -> None:
    headers = {k: v for k, v in (("retry-after-ms", ms), ("Retry-After", seconds)) if v is not None}
    try:
        response = Response(429, headers)
    except Exception:  # a header value the Response type itself would not hold
        return
    wait = parse_retry_after(response, now=EPOCH)
    assert wait is None or (math.isfinite(wait) and wait >= 0)


@pytest.mark.parametrize("anyio_backend", ["asyncio", "trio"])
@SETTINGS
@given(limit=NUMBERS, remaining=NUMBERS, reset=NUMBERS, after=st.none() | NUMBERS, skew=st.floats(-1e6, 1e6))
def test_any_rate_limit_headers_keep_every_wait_within_its_bound(
    anyio_backend: str, limit: str, remaining: str, reset: str, after: str | None, skew: float
) -> None:
    class Clock(RecordingClock):
        def wall(self) -> float:
            return self.time + skew

    clock = Clock(EPOCH)
    gate = RateGate(clock)
    headers = {"X-RateLimit-Limit": limit, "X-RateLimit-Remaining": remaining, "X-RateLimit-Reset": reset}
    if after is not None:
        headers["X-RateLimit-Reset-After"] = after

    async def run() -> None:
        for _ in range(3):
            before = len(clock.sleeps)
            await gate.acquire("read-light")
            gate.release("read-light", Response(200, headers))
            waited = clock.sleeps[before:]
            assert sum(waited) <= MAX_GATE_WAIT and all(0 <= w <= MAX_RESET_WAIT for w in waited)

    anyio.run(run, backend=anyio_backend)


@pytest.mark.parametrize("anyio_backend", ["asyncio", "trio"])
@settings(max_examples=60, deadline=None)
@given(retry_after=NUMBERS, details=st.none() | st.floats(allow_nan=True) | st.integers(-(10**400), 10**400))
def test_any_429_ends_in_a_result_or_a_typed_error_within_the_deadline(
    anyio_backend: str, retry_after: str, details: float | int | None
) -> None:
    body = {"error": {"code": "RATE_LIMITED", "message": "slow", "details": {"retryAfterSeconds": details}}}
    replies = [json_response(429, body, {"Retry-After": retry_after}), json_response(200, {})]
    clock = RecordingClock()
    policy = RetryPolicy(deadline=30.0, max_retry_after=20.0)

    def handler(_: Request) -> Response:
        return replies.pop(0) if len(replies) > 1 else replies[0]

    async def run() -> None:
        async with Client(api_key="lp_test", transport=MockTransport(handler), clock=clock, retry=policy) as client:
            with contextlib.suppress(LayersError):
                await client.send("GET", "/v1/whoami")
        assert sum(clock.sleeps) <= 30.0 + MAX_GATE_WAIT and all(math.isfinite(s) and s >= 0 for s in clock.sleeps)

    anyio.run(run, backend=anyio_backend)
