"""What the httpx-API transports share (httpx, httpx2): request building and the one error mapping.

The library module is passed in, so this module imports neither library.
"""

from __future__ import annotations

import functools
from typing import Any

from layers_async._transport import Request, Response
from layers_async.errors import ClientClosedError, ConnectError, RequestTimeoutError, TransportError

__all__ = ["send_via"]

_DEFAULT_HEADERS = (("Accept-Encoding", "gzip, deflate"),)


@functools.lru_cache(maxsize=64)
def _timeout_extension(lib: Any, seconds: float | None) -> dict[str, float | None]:
    extension: dict[str, float | None] = lib.Timeout(seconds).as_dict()
    return extension


async def send_via(lib: Any, client: Any, request: Request) -> Response:
    """Send ``request`` with ``client`` (an ``AsyncClient`` of module ``lib``); map its errors to ours.

    Raises:
        ConnectError: The connection could not be made; the request never left.
        RequestTimeoutError: A timeout; ``request_sent`` is ``False`` for connect and pool timeouts.
        TransportError: Reading or writing failed, or the server broke the protocol (may have arrived).
        ClientClosedError: The library's client is closed.
    """
    # Build the library's request ourselves: the client's merging of base URL, default headers and
    # cookies is work we never need (our Request is complete), and it is most of httpx's overhead.
    outgoing = lib.Request(
        request.method,
        request.url,
        headers=request.headers + _DEFAULT_HEADERS,
        content=request.content or None,
        extensions={"timeout": _timeout_extension(lib, request.timeout)},
    )
    try:
        response = await client.send(outgoing)
    except (lib.ConnectTimeout, lib.PoolTimeout) as exc:
        raise RequestTimeoutError(f"{type(exc).__name__}: {exc}", request_sent=False) from exc
    except lib.TimeoutException as exc:
        raise RequestTimeoutError(f"{type(exc).__name__}: {exc}", request_sent=True) from exc
    except (lib.ConnectError, lib.UnsupportedProtocol, lib.LocalProtocolError, lib.ProxyError) as exc:
        raise ConnectError(f"{type(exc).__name__}: {exc}") from exc
    except lib.TransportError as exc:  # read/write errors, RemoteProtocolError: may have arrived
        raise TransportError(f"{type(exc).__name__}: {exc}", request_sent=True) from exc
    except RuntimeError as exc:
        if client.is_closed:
            raise ClientClosedError(f"the transport's {lib.__name__} client is closed") from exc
        raise
    return Response(response.status_code, response.headers.multi_items(), response.content)
