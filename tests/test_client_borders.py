"""The client's borders: whole-attempt timeout, success statuses, redirects, size cap, header values, loops."""

from __future__ import annotations

import gc

import anyio
import pytest

from layers_async import Client, Request, Response, RetryPolicy
from layers_async.errors import (
    APIError,
    ClientClosedError,
    InvalidRequestError,
    RequestTimeoutError,
    ResponseTooLargeError,
)
from layers_async.testing import MockTransport, RecordingClock, json_response
from layers_async.transports import Httpx2Transport, HttpxTransport
from tests.transports._hostile import SCENARIOS, serving

KEY = "lp_test_borders"


def make(handler: object, **kwargs: object) -> tuple[Client, MockTransport]:
    transport = MockTransport(handler)  # type: ignore[arg-type]
    return Client(api_key=KEY, transport=transport, clock=RecordingClock(), **kwargs), transport  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_timeout_covers_the_whole_attempt() -> None:
    async def slow(_: Request) -> Response:
        await anyio.sleep(5)
        return json_response(200, {})

    client, transport = make(slow, timeout=0.05, retry=RetryPolicy(attempts=2, jitter=False, initial=0.01))
    with anyio.fail_after(3):
        with pytest.raises(RequestTimeoutError) as info:
            await client.send("GET", "/v1/whoami")
    assert (True, 2) == (info.value.request_sent, len(transport.requests))


class _Enforcing(MockTransport):
    """A transport that states it bounds each exchange by ``request.timeout`` itself (here it does not)."""

    enforces_timeout: object = True


async def _slow(_: Request) -> Response:
    await anyio.sleep(0.3)
    return json_response(200, {})


@pytest.mark.anyio
async def test_a_transport_that_enforces_the_timeout_gets_no_scope_of_the_clients() -> None:
    transport = _Enforcing(_slow)
    client = Client(api_key=KEY, transport=transport, clock=RecordingClock(), timeout=0.05)
    with anyio.fail_after(3):
        response = await client.send("GET", "/v1/whoami")
    assert (200, 0.05) == (response.status_code, transport.requests[0].timeout)


@pytest.mark.anyio
@pytest.mark.parametrize("stated", [1, "yes", None, False])
async def test_only_a_stated_true_skips_the_clients_timeout(stated: object) -> None:
    transport = _Enforcing(_slow)
    transport.enforces_timeout = stated
    client = Client(
        api_key=KEY, transport=transport, clock=RecordingClock(), timeout=0.05, retry=RetryPolicy.disabled()
    )
    with anyio.fail_after(3), pytest.raises(RequestTimeoutError):
        await client.send("GET", "/v1/whoami")


@pytest.mark.anyio
@pytest.mark.parametrize("status", [101, 204, 301, 302, 303, 304, 307, 308])
async def test_only_2xx_and_304_are_success(status: int) -> None:
    headers = {"Location": "https://elsewhere.example/steal"} if 300 <= status < 400 else {}
    client, transport = make(lambda _: Response(status, headers, b""))
    if 200 <= status < 300 or status == 304:
        assert status == (await client.send("GET", "/v1/whoami")).status_code
        return
    with pytest.raises(APIError) as info:
        await client.send("GET", "/v1/whoami")
    assert (status, f"HTTP_{status}", 1) == (info.value.status_code, info.value.code, len(transport.requests))
    if headers:
        assert "'elsewhere.example'" in str(info.value) and "/steal" not in str(info.value)


@pytest.mark.anyio
async def test_a_body_over_the_cap_is_a_typed_error_never_retried() -> None:
    client, transport = make(lambda _: Response(200, {}, b"x" * 2000), max_response_bytes=1000)
    with pytest.raises(ResponseTooLargeError) as info:
        await client.send("GET", "/v1/whoami")
    assert (1000, 1, True) == (info.value.limit, len(transport.requests), "1000" in str(info.value))


@pytest.mark.anyio
async def test_the_default_cap_is_32_mib() -> None:
    client, _ = make(lambda _: json_response(200, {}))
    assert 32 * 1024 * 1024 == client.max_response_bytes


@pytest.mark.parametrize("value", [0, -1, 1.5, "10", True])
def test_a_bad_cap_is_refused(value: object) -> None:
    with pytest.raises(InvalidRequestError) as info:
        make(lambda _: json_response(200, {}), max_response_bytes=value)
    assert info.value.argument == "max_response_bytes"


@pytest.mark.anyio
@pytest.mark.parametrize("etag", ['"café"', '"v1"\r\nX-Evil: 1', '"\x00"'])
async def test_a_user_etag_that_is_not_printable_ascii_is_refused_before_io(etag: str) -> None:
    client, transport = make(lambda _: json_response(200, {}))
    with pytest.raises(InvalidRequestError) as info:
        await client.jobs.get("job_1", etag=etag)
    assert (0, False) == (len(transport.requests), etag in str(info.value))


@pytest.mark.anyio
async def test_a_non_ascii_server_etag_is_no_etag() -> None:
    body = {"jobId": "job_1", "status": "running"}
    client, _ = make(lambda _: json_response(200, body, {"ETag": '"caf\u00e9"'}))
    job = await client.jobs.get("job_1")
    assert job is not None and job.etag is None


# The first loop's pooled socket is left behind on purpose (that is the misuse under test).
@pytest.mark.filterwarnings("ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore:unclosed:ResourceWarning")
@pytest.mark.parametrize("transport_class", [HttpxTransport, Httpx2Transport])
@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_a_client_reused_under_a_second_event_loop_works_or_says_why(transport_class: type, backend: str) -> None:
    clients = [Client(api_key=KEY, base_url="http://127.0.0.1:9", transport=transport_class())]

    async def one() -> object:
        client = clients[0]
        async with serving(SCENARIOS["no_content"]) as server:
            client.base_url = f"http://127.0.0.1:{server.port}"
            try:
                return (await client.send("GET", "/v1/ok")).status_code
            except ClientClosedError as exc:
                return exc

    assert 200 == anyio.run(one, backend=backend)
    second = anyio.run(one, backend=backend)  # trio's sockets survive the first run; asyncio's do not
    clients.clear()
    gc.collect()  # finalize the stranded socket inside this test (its warning is expected, see above)
    if backend == "trio":
        assert second == 200
    else:
        assert isinstance(second, ClientClosedError) and "event loop" in str(second), repr(second)
