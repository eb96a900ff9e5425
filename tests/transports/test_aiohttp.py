"""AiohttpTransport: asyncio only, aiohttp's exceptions mapped in one place, closes only what it made."""

from __future__ import annotations

from types import TracebackType
from typing import Any

import aiohttp
import pytest

from layers_async import Request
from layers_async.errors import (
    ClientClosedError,
    InvalidRequestError,
    RequestTimeoutError,
    TransportError,
)
from layers_async.transports import AiohttpTransport

URL = "http://127.0.0.1:9/v1/jobs/job_01"


class RaisingSession:
    """Stands in for an ``aiohttp.ClientSession`` whose request raises ``exc``."""

    closed = False

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def request(self, *args: Any, **kwargs: Any) -> RaisingSession:
        return self

    async def __aenter__(self) -> None:
        raise self.exc

    async def __aexit__(self, *exc_info: type[BaseException] | BaseException | TracebackType | None) -> None:
        return None


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["trio"])
async def test_under_trio_the_first_request_is_refused_naming_trio() -> None:
    transport = AiohttpTransport()
    with pytest.raises(InvalidRequestError, match="trio"):
        await transport.handle_request(Request("GET", URL))
    await transport.aclose()


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
@pytest.mark.parametrize(
    ("exc", "expected", "sent"),
    [
        (aiohttp.ConnectionTimeoutError("no connection in time"), RequestTimeoutError, False),
        (aiohttp.SocketTimeoutError("no answer in time"), RequestTimeoutError, True),
        (TimeoutError(), RequestTimeoutError, True),  # what aiohttp raises when ``total`` runs out
        (aiohttp.ServerDisconnectedError(), TransportError, True),
        (aiohttp.ClientPayloadError("body cut short"), TransportError, True),
        (aiohttp.ClientOSError(104, "connection reset"), TransportError, True),
    ],
)
async def test_aiohttp_errors_map_to_ours(exc: Exception, expected: type[TransportError], sent: bool) -> None:
    transport = AiohttpTransport(RaisingSession(exc))  # type: ignore[arg-type]
    with pytest.raises(expected) as info:
        await transport.handle_request(Request("GET", URL))
    assert (expected, sent, None) == (type(info.value), info.value.request_sent, info.value.__cause__)


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_an_invalid_url_is_an_invalid_request() -> None:
    transport = AiohttpTransport(RaisingSession(aiohttp.InvalidURL("nope://x")))  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError) as info:
        await transport.handle_request(Request("GET", URL))
    assert info.value.__cause__ is None


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_session_passed_in_stays_open() -> None:
    async with aiohttp.ClientSession() as session:
        await AiohttpTransport(session).aclose()
        assert session.closed is False


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_closed_session_passed_in_raises_client_closed() -> None:
    session = aiohttp.ClientSession()
    await session.close()
    with pytest.raises(ClientClosedError):
        await AiohttpTransport(session).handle_request(Request("GET", URL))


def test_the_request_timeout_bounds_the_whole_exchange_in_aiohttp() -> None:
    """``enforces_timeout`` holds because ``total`` is the request's timeout (``connect`` too, for "never sent")."""
    from layers_async.transports._aiohttp import _timeout

    timeout = _timeout(2.5)
    assert (True, 2.5, 2.5, None) == (
        AiohttpTransport.enforces_timeout,
        timeout.total,
        timeout.connect,
        _timeout(None).total,
    )
