"""HttpxTransport: our types in and out, httpx's exceptions mapped in one place (pytest-httpx)."""

from __future__ import annotations

import httpx
import pytest
from pytest_httpx import HTTPXMock

from layers_async import Client, HttpxTransport, Request
from layers_async.errors import ClientClosedError, ConnectError, RequestTimeoutError, TransportError

URL = "https://api.layers.com/v1/jobs/job_01"


@pytest.mark.anyio
async def test_sends_method_url_headers_and_body(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="POST", url=URL, status_code=202, json={"ok": True}, headers={"X-Request-Id": "r1"})
    transport = HttpxTransport()
    request = Request("POST", URL, [("X-A", "1"), ("X-A", "2"), ("Content-Type", "application/json")], b'{"a":1}')
    response = await transport.handle_request(request)
    await transport.aclose()
    sent = httpx_mock.get_request()
    assert sent is not None
    assert (sent.headers.get_list("x-a"), sent.content) == (["1", "2"], b'{"a":1}')
    assert (response.status_code, response.header("x-request-id"), response.content) == (202, "r1", b'{"ok":true}')


@pytest.mark.anyio
async def test_repeated_response_headers_are_kept(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=URL, headers=[("Set-Thing", "a"), ("Set-Thing", "b")])
    async with httpx.AsyncClient() as raw:
        response = await HttpxTransport(raw).handle_request(Request("GET", URL))
    assert [(k.lower(), v) for k, v in response.headers if k.lower() == "set-thing"] == [
        ("set-thing", "a"),
        ("set-thing", "b"),
    ]


@pytest.mark.anyio
async def test_304_has_an_empty_body(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=URL, status_code=304, headers={"ETag": '"v2"'})
    async with httpx.AsyncClient() as raw:
        response = await HttpxTransport(raw).handle_request(Request("GET", URL, [("If-None-Match", '"v2"')]))
    assert (response.status_code, response.content, response.header("etag")) == (304, b"", '"v2"')


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("exc", "expected", "sent"),
    [
        (httpx.ConnectError("refused"), ConnectError, False),
        (httpx.ConnectTimeout("slow connect"), RequestTimeoutError, False),
        (httpx.PoolTimeout("pool full"), RequestTimeoutError, False),
        (httpx.ReadTimeout("slow read"), RequestTimeoutError, True),
        (httpx.WriteTimeout("slow write"), RequestTimeoutError, True),
        (httpx.ReadError("reset"), TransportError, True),
        (httpx.WriteError("broken pipe"), TransportError, True),
        (httpx.RemoteProtocolError("server hung up"), TransportError, True),
    ],
)
async def test_httpx_errors_map_to_ours(
    httpx_mock: HTTPXMock, exc: Exception, expected: type[TransportError], sent: bool
) -> None:
    httpx_mock.add_exception(exc)
    async with httpx.AsyncClient() as raw:
        with pytest.raises(expected) as info:
            await HttpxTransport(raw).handle_request(Request("GET", URL))
    assert (expected, sent) == (type(info.value), info.value.request_sent)
    # Neither the library's exception nor its message is kept: both may hold a request header.
    assert (None, type(exc).__name__, False) == (
        info.value.__cause__,
        str(info.value).partition(":")[0],
        str(exc) in str(info.value),
    )


@pytest.mark.anyio
async def test_a_client_passed_in_stays_open(httpx_mock: HTTPXMock) -> None:
    async with httpx.AsyncClient() as raw:
        await HttpxTransport(raw).aclose()
        assert raw.is_closed is False


@pytest.mark.anyio
async def test_its_own_client_is_closed_and_aclose_twice_is_harmless() -> None:
    transport = HttpxTransport()
    await transport.aclose()
    await transport.aclose()
    with pytest.raises(ClientClosedError):
        await transport.handle_request(Request("GET", URL))


@pytest.mark.anyio
async def test_client_over_httpx_sends_auth_and_decodes(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=URL, status_code=304, headers={"ETag": '"e1"'})
    async with Client(api_key="lp_test_k") as client:
        assert await client.jobs.get("job_01", etag='"e1"') is None
    sent = httpx_mock.get_request()
    assert sent is not None
    assert (sent.headers["authorization"], sent.headers["if-none-match"]) == ("Bearer lp_test_k", '"e1"')


@pytest.mark.anyio
async def test_per_request_timeout_is_passed_to_httpx(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=URL, json={})
    async with httpx.AsyncClient() as raw:
        await HttpxTransport(raw).handle_request(Request("GET", URL, timeout=2.5))
    sent = httpx_mock.get_request()
    assert sent is not None
    assert sent.extensions["timeout"] == {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}
