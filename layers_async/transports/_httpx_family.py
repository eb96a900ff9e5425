"""What the httpx-API transports share (httpx, httpx2): request building and the one error mapping.

The library module is passed in, so this module imports neither library. Redirects are never followed
(also on a client the user configured to follow them), the body is read as a stream and capped at the
request's ``max_response_bytes`` after decompression, and no error keeps the library's exception as its
``__cause__`` or copies its message: both may hold a request header, and so the API key.
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any

from layers_async._transport import Request, Response
from layers_async.errors import (
    ClientClosedError,
    ConnectError,
    InvalidRequestError,
    RequestTimeoutError,
    ResponseTooLargeError,
    TransportError,
)

__all__ = ["read_capped", "send_via"]

_DEFAULT_HEADERS = (("Accept-Encoding", "gzip, deflate"),)


@functools.lru_cache(maxsize=64)
def _timeout_extension(lib: Any, seconds: float | None) -> dict[str, float | None]:
    extension: dict[str, float | None] = lib.Timeout(seconds).as_dict()
    return extension


def too_large(limit: int) -> ResponseTooLargeError:
    """The error for a body over ``limit`` bytes."""
    return ResponseTooLargeError(f"the response body exceeded max_response_bytes={limit}", limit=limit)


async def read_capped(lib: Any, response: Any, limit: int | None) -> bytes:
    """Read a streamed response's decompressed body, refusing more than ``limit`` bytes."""
    if limit is None:
        return bytes(await response.aread())
    declared = _plain_length(response.headers)
    if declared is not None:  # the usual case: the framing itself bounds the body, read it at once
        if declared > limit:
            raise too_large(limit)
        return bytes(await response.aread())
    chunks: list[bytes] = []
    size = 0
    # Closed explicitly (trio finalizes abandoned async generators with a ResourceWarning).
    async with contextlib.aclosing(response.aiter_bytes()) as stream:
        async for chunk in stream:
            size += len(chunk)
            if size > limit:
                raise too_large(limit)
            chunks.append(chunk)
    return b"".join(chunks)


def _plain_length(headers: Any) -> int | None:
    """The body size an uncompressed ``Content-Length`` response declares (HTTP/1.1 framing enforces it)."""
    declared = headers.get("content-length")
    if declared is None or not declared.isdigit() or headers.get("content-encoding", "identity") != "identity":
        return None
    return int(declared)


def _mapped(lib: Any, client: Any, exc: Exception) -> Exception | None:
    """Our error for the library's ``exc`` (named by class only, never by message), or ``None``."""
    name = type(exc).__name__
    if isinstance(exc, (lib.ConnectTimeout, lib.PoolTimeout)):
        return RequestTimeoutError(f"{name}: no connection within the timeout", request_sent=False)
    if isinstance(exc, lib.TimeoutException):
        return RequestTimeoutError(f"{name}: no complete response within the timeout", request_sent=True)
    if isinstance(exc, lib.DecodingError):
        return TransportError(f"{name}: the response body could not be decompressed", request_sent=True)
    if isinstance(exc, (lib.ConnectError, lib.ProxyError)):
        return ConnectError(f"{name}: the connection could not be made")
    if isinstance(exc, lib.LocalProtocolError):  # deterministic: retrying would fail the same way
        return InvalidRequestError(f"{name}: the request is not valid HTTP (a header value or the URL)")
    if isinstance(exc, lib.TransportError):  # read/write errors, RemoteProtocolError: may have arrived
        return TransportError(f"{name}: the exchange failed", request_sent=True)
    if isinstance(exc, (lib.InvalidURL, lib.UnsupportedProtocol)):
        return InvalidRequestError(f"{name}: the request URL is not valid (an id or cursor too long?)")
    if isinstance(exc, lib.StreamError):
        return TransportError(f"{name}: the response stream failed", request_sent=True)
    if isinstance(exc, (UnicodeError, ValueError)):
        return InvalidRequestError(f"{name}: a request header or URL could not be encoded")
    if isinstance(exc, RuntimeError):
        if client.is_closed:
            return ClientClosedError(f"the transport's {lib.__name__} client is closed")
        return ClientClosedError(
            f"{name}: the {lib.__name__} client cannot be used here; a Client belongs to the event loop "
            "it was first used in: create one per event loop (per asyncio.run / trio.run)"
        )
    return None


async def send_via(lib: Any, client: Any, request: Request) -> Response:
    """Send ``request`` with ``client`` (an ``AsyncClient`` of module ``lib``); map its errors to ours.

    Raises:
        ConnectError: The connection could not be made; the request never left.
        RequestTimeoutError: A timeout; ``request_sent`` is ``False`` for connect and pool timeouts.
        ResponseTooLargeError: The body exceeded ``request.max_response_bytes``.
        TransportError: Reading, writing or decompressing failed, or the server broke the protocol.
        InvalidRequestError: The URL or a header could not be encoded (nothing was sent).
        ClientClosedError: The library's client is closed, or belongs to another event loop.
    """
    mapped: Exception | None = None
    try:
        # Build the library's request ourselves: the client's merging of base URL, default headers and
        # cookies is work we never need (our Request is complete), and it is most of httpx's overhead.
        outgoing = lib.Request(
            request.method,
            request.url,
            headers=request.headers + _DEFAULT_HEADERS,
            content=request.content or None,
            extensions={"timeout": _timeout_extension(lib, request.timeout)},
        )
        response = await client.send(outgoing, stream=True, follow_redirects=False)
        try:
            content = await read_capped(lib, response, request.max_response_bytes)
        finally:
            await response.aclose()
    except ResponseTooLargeError:
        raise
    except Exception as exc:
        mapped = _mapped(lib, client, exc)
        if mapped is None:
            raise
    if mapped is not None:  # raised outside the handler: no __context__ holding the library's exception
        raise mapped
    return Response(response.status_code, response.headers.multi_items(), content)
