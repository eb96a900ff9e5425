"""Httpx2Transport: our types in and out, httpx2's exceptions mapped in one place (httpx2.MockTransport)."""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest

from layers_async import Request
from layers_async.errors import ClientClosedError, ConnectError, RequestTimeoutError, TransportError
from layers_async.transports import Httpx2Transport

URL = "https://api.layers.com/v1/jobs/job_01"


def mock(handler: Callable[[httpx2.Request], httpx2.Response]) -> httpx2.AsyncClient:
    return httpx2.AsyncClient(transport=httpx2.MockTransport(handler))


@pytest.mark.anyio
async def test_sends_method_url_headers_body_and_timeout() -> None:
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(202, headers=[("X-Request-Id", "r1")], content=b'{"ok":true}')

    async with mock(handler) as raw:
        request = Request("POST", URL, [("X-A", "1"), ("X-A", "2")], b'{"a":1}', timeout=2.5)
        response = await Httpx2Transport(raw).handle_request(request)
    sent = seen[0]
    assert (sent.method, str(sent.url), sent.headers.get_list("x-a"), sent.content) == (
        "POST",
        URL,
        ["1", "2"],
        b'{"a":1}',
    )
    assert {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5} == sent.extensions["timeout"]
    assert (202, "r1", b'{"ok":true}') == (response.status_code, response.header("x-request-id"), response.content)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("exc", "expected", "sent"),
    [
        (httpx2.ConnectError("refused"), ConnectError, False),
        (httpx2.ConnectTimeout("slow connect"), RequestTimeoutError, False),
        (httpx2.PoolTimeout("pool full"), RequestTimeoutError, False),
        (httpx2.ReadTimeout("slow read"), RequestTimeoutError, True),
        (httpx2.WriteTimeout("slow write"), RequestTimeoutError, True),
        (httpx2.ReadError("reset"), TransportError, True),
        (httpx2.WriteError("broken pipe"), TransportError, True),
        (httpx2.RemoteProtocolError("server hung up"), TransportError, True),
    ],
)
async def test_httpx2_errors_map_to_ours(exc: Exception, expected: type[TransportError], sent: bool) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        raise exc

    async with mock(handler) as raw:
        with pytest.raises(expected) as info:
            await Httpx2Transport(raw).handle_request(Request("GET", URL))
    assert (expected, sent, None) == (type(info.value), info.value.request_sent, info.value.__cause__)
    assert str(exc) not in str(info.value)


@pytest.mark.anyio
async def test_a_client_passed_in_stays_open() -> None:
    async with mock(lambda request: httpx2.Response(200)) as raw:
        await Httpx2Transport(raw).aclose()
        assert raw.is_closed is False


@pytest.mark.anyio
async def test_a_closed_client_passed_in_raises_client_closed() -> None:
    raw = mock(lambda request: httpx2.Response(200))
    await raw.aclose()
    with pytest.raises(ClientClosedError):
        await Httpx2Transport(raw).handle_request(Request("GET", URL))
