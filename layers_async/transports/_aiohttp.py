"""`AiohttpTransport`: requests through aiohttp (asyncio only); the only module importing aiohttp.

Install with ``pip install 'layers-async[aiohttp]'``.
"""

from __future__ import annotations

import functools

import aiohttp

from layers_async._transport import Request, Response
from layers_async.errors import (
    ClientClosedError,
    ConnectError,
    InvalidRequestError,
    RequestTimeoutError,
    ResponseTooLargeError,
    TransportError,
)

__all__ = ["AiohttpTransport"]

# aiohttp would otherwise label a body without a Content-Type as application/octet-stream.
_SKIP_AUTO_HEADERS = ("Content-Type",)


def _headers(pairs: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    # aiohttp keeps a repeated header only when every repeat is spelled like the first (its merge of
    # session and request headers is case-sensitive), so give repeats the first spelling.
    spelling: dict[str, str] = {}
    return [(spelling.setdefault(name.lower(), name), value) for name, value in pairs]


# asyncio's TimeoutError, which aiohttp raises when ``total`` expires (the builtin TimeoutError from
# Python 3.11 on, its own class before): found through aiohttp, so that no asyncio import is needed here.
_TIMEOUTS = (TimeoutError, *(c for c in aiohttp.ServerTimeoutError.__mro__ if c.__name__ == "TimeoutError"))


@functools.lru_cache(maxsize=32)
def _timeout(seconds: float | None) -> aiohttp.ClientTimeout:
    # ``total`` bounds the whole exchange (connection, headers and body: aiohttp's body reads run under
    # its timer), which is what lets this transport state ``enforces_timeout``. ``connect`` covers
    # waiting for a pooled connection and connecting, so that its error can say "never sent".
    return aiohttp.ClientTimeout(total=seconds, connect=seconds)


async def _read_capped(response: aiohttp.ClientResponse, limit: int | None) -> bytes:
    """The decompressed body, refusing more than ``limit`` bytes."""
    declared = response.headers.get("Content-Length")
    plain = response.headers.get("Content-Encoding", "identity") == "identity"
    if limit is None or (plain and declared is not None and declared.isdigit() and int(declared) <= limit):
        return await response.read()  # the usual case: the framing itself bounds the body
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(65_536):
        size += len(chunk)
        if size > limit:
            raise ResponseTooLargeError(f"the response body exceeded max_response_bytes={limit}", limit=limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _mapped(session: aiohttp.ClientSession, exc: Exception) -> Exception | None:
    """Our error for aiohttp's ``exc`` (named by class only, never by message), or ``None``."""
    name = type(exc).__name__
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return RequestTimeoutError(f"{name}: no connection within the timeout", request_sent=False)
    if isinstance(exc, _TIMEOUTS):  # ``total`` ran out (or a ServerTimeoutError): it may have arrived
        return RequestTimeoutError(f"{name}: no complete response within the timeout", request_sent=True)
    if isinstance(exc, (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError)):
        return InvalidRequestError(f"{name}: the request URL is not valid")
    if isinstance(exc, aiohttp.ClientConnectorError):
        return ConnectError(f"{name}: the connection could not be made")
    if isinstance(exc, aiohttp.ClientError):  # disconnects, resets, payload and protocol errors
        return TransportError(f"{name}: the exchange failed", request_sent=True)
    if isinstance(exc, (UnicodeError, ValueError)):
        return InvalidRequestError(f"{name}: a request header or URL could not be encoded")
    if isinstance(exc, RuntimeError):
        if session.closed:
            return ClientClosedError("the transport's aiohttp session is closed")
        return ClientClosedError(
            f"{name}: the aiohttp session cannot be used here; a Client belongs to the event loop it was "
            "first used in: create one per event loop (per asyncio.run)"
        )
    return None


class AiohttpTransport:
    """Send requests with an `aiohttp.ClientSession`. Runs on asyncio only.

    Under trio the first request raises `InvalidRequestError`: aiohttp needs a running asyncio
    event loop. Use `Httpx2Transport` there.

    Args:
        session: An ``aiohttp.ClientSession`` you own and close yourself; by default the transport
            creates one on its first request (inside the running event loop, as aiohttp requires),
            without a cookie jar, and closes it in `aclose`.

    Attributes:
        safe_concurrency: Requests in flight this transport handles without degrading. aiohttp's
            throughput and CPU per request hold steady up to 100 in flight on one session, the
            connection limit of the session it creates (beyond it requests only queue).
        enforces_timeout: ``True``: aiohttp's ``total`` timeout bounds each exchange (connection,
            headers and body) by ``request.timeout``, so the client opens no cancel scope of its own
            per attempt. aiohttp rounds a timeout above 5 s up to the next whole second.
    """

    safe_concurrency = 100
    enforces_timeout = True

    def __init__(self, session: aiohttp.ClientSession | None = None) -> None:
        self._owns_session = session is None
        self._session = session
        self._closed = False

    def __repr__(self) -> str:
        return f"<AiohttpTransport owns_session={self._owns_session}>"

    def _open_session(self) -> aiohttp.ClientSession:
        if self._closed:
            raise ClientClosedError("the transport is closed")
        if self._session is None:
            # The one event-loop check in our transports: refuse trio with a clear error rather than
            # fail deep inside aiohttp. aiohttp itself raises RuntimeError without an asyncio loop.
            try:
                self._session = aiohttp.ClientSession(
                    cookie_jar=aiohttp.DummyCookieJar(), connector=aiohttp.TCPConnector(limit=100)
                )
            except RuntimeError as exc:
                raise InvalidRequestError(
                    "AiohttpTransport runs on asyncio only and cannot run under trio (aiohttp found no "
                    "running asyncio event loop); use layers_async.transports.Httpx2Transport instead",
                    argument="transport",
                ) from exc
        elif self._session.closed:
            raise ClientClosedError("the transport's aiohttp session is closed")
        return self._session

    async def handle_request(self, request: Request) -> Response:
        """Send ``request``; map aiohttp's exceptions to ours in this one place.

        Raises:
            ConnectError: The connection could not be made; the request never left.
            RequestTimeoutError: A timeout; ``request_sent`` is ``False`` for getting a connection.
            TransportError: The connection broke or the server broke the protocol (may have arrived).
            ClientClosedError: The transport or its session is closed.
            InvalidRequestError: Used under trio.
        """
        session = self._open_session()
        mapped: Exception | None = None
        try:
            async with session.request(
                request.method,
                request.url,
                headers=_headers(request.headers),
                data=request.content or None,
                timeout=_timeout(request.timeout),
                allow_redirects=False,
                skip_auto_headers=_SKIP_AUTO_HEADERS,
            ) as response:
                content = await _read_capped(response, request.max_response_bytes)
                return Response(response.status, tuple(response.headers.items()), content)
        except ResponseTooLargeError:
            raise
        except Exception as exc:
            mapped = _mapped(session, exc)
            if mapped is None:
                raise
        # Raised outside the handler, so neither __cause__ nor __context__ holds aiohttp's exception, and
        # its message is not copied: both may hold a request header.
        raise mapped

    async def aclose(self) -> None:
        """Close the aiohttp session if this transport created it; a second call does nothing."""
        self._closed = True
        if self._owns_session and self._session is not None and not self._session.closed:
            await self._session.close()
