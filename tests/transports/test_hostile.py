"""Every transport against a misbehaving server on loopback: typed errors, bounded time, no leak.

Each case runs one call against one misbehaviour (see `_hostile`) on every transport and backend it
supports, then checks the error class, ``request_sent``, how many attempts reached the server, the
``Idempotency-Key`` they carried, that the next call on the same client succeeds, and that the API key
appears nowhere: not in the error (nor its ``__cause__``/``__context__`` chain), not in any log record at
DEBUG level (layers_async, httpx, httpcore, aiohttp), not in a repr.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import anyio
import pytest

from layers_async import Client, Response, RetryPolicy
from layers_async.errors import (
    APIError,
    LayersError,
    RequestTimeoutError,
    ResponseTooLargeError,
    TransportError,
)
from layers_async.models import Job
from tests.transports._hostile import SCENARIOS, serving

KEY = "lp_live_LEAKCANARY7f3a9c"
IDEM = "idem-hostile-1"
LIMIT = 1024 * 1024
RETRY = RetryPolicy(attempts=3, initial=0.01, maximum=0.01, jitter=False, deadline=None)
LOGGERS = ("layers_async", "httpx", "httpcore", "aiohttp", "hpack", "h11")

# scenario -> (error class or None, request_sent, attempts that reach the server)
EXPECTED: dict[str, tuple[type[LayersError] | None, bool | None, int]] = {
    "close_before_headers": (TransportError, True, 3),
    "close_after_headers": (TransportError, True, 3),
    "short_body": (TransportError, True, 3),
    "trickle": (RequestTimeoutError, True, 3),
    "slow_headers": (RequestTimeoutError, True, 3),
    "garbage_status_line": (TransportError, True, 3),
    "corrupt_gzip": (TransportError, True, 3),
    "gzip_bomb": (ResponseTooLargeError, True, 1),
    "endless_chunked": (ResponseTooLargeError, True, 1),
    "large_plain_body": (ResponseTooLargeError, True, 1),
    "redirect_elsewhere": (APIError, None, 1),
    "not_modified": (None, None, 1),
    "no_content": (None, None, 1),
    "non_ascii_etag": (None, None, 1),
}
TRANSPORTS = ["httpx", "httpx2", "aiohttp"]


def _transport(name: str) -> Any:
    if name == "httpx":
        from layers_async.transports import HttpxTransport

        return HttpxTransport()
    if name == "httpx2":
        from layers_async.transports import Httpx2Transport

        return Httpx2Transport()
    from layers_async.transports import AiohttpTransport

    return AiohttpTransport()


def _chain(error: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


async def _call(client: Client, scenario: str) -> object:
    if scenario == "non_ascii_etag":
        return await client.jobs.get("bad")
    if scenario == "not_modified":
        return await client.send("GET", "/v1/jobs/bad", headers=(("If-None-Match", '"v1"'),))
    return await client.send("POST", "/v1/jobs/bad/cancel", json={}, idempotency_key=IDEM)


@pytest.mark.anyio
@pytest.mark.timeout(30)
# httpx/httpcore read a body through nested async generators that cannot be closed from outside; when the
# body is abandoned half-way (too large, corrupt), trio finalizes them with a ResourceWarning. The
# connection itself is closed by ``response.aclose()``.
@pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <async_generator object:pytest.PytestUnraisableExceptionWarning"
)
@pytest.mark.parametrize("transport_name", TRANSPORTS)
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
async def test_a_misbehaving_server_gives_a_typed_error_and_the_client_recovers(
    scenario: str, transport_name: str, anyio_backend: str, caplog: pytest.LogCaptureFixture
) -> None:
    if transport_name == "aiohttp" and anyio_backend != "asyncio":
        pytest.skip("aiohttp runs on asyncio only")
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    expected, sent, attempts = EXPECTED[scenario]
    outcome: object = None
    error: BaseException | None = None
    transport = _transport(transport_name)
    async with serving(SCENARIOS[scenario]) as server:
        base = f"http://127.0.0.1:{server.port}"
        client = Client(
            api_key=KEY,
            base_url=base,
            transport=transport,
            retry=RETRY,
            timeout=0.4,
            auth="x-api-key",
            max_response_bytes=LIMIT,
        )
        async with client:
            with anyio.fail_after(20):  # bounded in time whatever happens
                try:
                    outcome = await _call(client, scenario)
                except LayersError as exc:
                    error = exc
                after = await client.send("GET", "/v1/jobs/ok")
            shown = [repr(client), repr(client.transport), repr(outcome)]
        await transport.aclose()
    assert (expected, 200, attempts) == (
        type(error) if error is not None else None,
        after.status_code,
        len(server.bad),
    ), repr(error)
    if sent is not None:
        assert isinstance(error, TransportError) and sent == error.request_sent
    if error is not None and server.bad[0].method == "POST":
        assert {IDEM} == {s.headers.get("idempotency-key") for s in server.bad}
    _check_scenario(scenario, error, outcome, server.other_seen)
    texts = shown + [t for e in _chain(error) for t in (repr(e), str(e))]
    texts += [r.getMessage() for r in caplog.records] + [str(r.args) for r in caplog.records]
    texts += [r.exc_text or "" for r in caplog.records]
    assert [] == [t for t in texts if KEY in t or KEY[8:] in t]


def _check_scenario(scenario: str, error: BaseException | None, outcome: object, other_seen: list[Any]) -> None:
    if scenario == "redirect_elsewhere":
        assert isinstance(error, APIError)
        assert (307, [], True) == (error.status_code, other_seen, "127.0.0.1" in str(error))
    elif scenario in ("gzip_bomb", "endless_chunked", "large_plain_body"):
        assert isinstance(error, ResponseTooLargeError) and LIMIT == error.limit
    elif scenario == "non_ascii_etag":
        assert isinstance(outcome, Job) and (outcome.job_id, outcome.etag) == ("job_bad", None)
    elif scenario in ("not_modified", "no_content"):
        assert (
            isinstance(outcome, Response) and outcome.status_code == {"not_modified": 304, "no_content": 204}[scenario]
        )


@pytest.mark.anyio
@pytest.mark.parametrize("library", ["httpx", "httpx2"])
async def test_a_client_of_yours_that_follows_redirects_does_not_follow_ours(library: str) -> None:
    lib: Any = __import__(library)
    from layers_async.transports import Httpx2Transport, HttpxTransport

    async with serving(SCENARIOS["redirect_elsewhere"]) as server, lib.AsyncClient(follow_redirects=True) as raw:
        transport = HttpxTransport(raw) if library == "httpx" else Httpx2Transport(raw)
        client = Client(api_key=KEY, base_url=f"http://127.0.0.1:{server.port}", transport=transport, auth="x-api-key")
        with pytest.raises(APIError) as info:
            await client.send("GET", "/v1/jobs/bad")
    assert (307, []) == (info.value.status_code, server.other_seen)
