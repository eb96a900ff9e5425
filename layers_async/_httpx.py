"""`HttpxTransport`: the default transport, and the only module that imports httpx."""

from __future__ import annotations

import functools

import httpx

from layers_async._transport import Request, Response
from layers_async.errors import ClientClosedError, ConnectError, RequestTimeoutError, TransportError

__all__ = ["HttpxTransport"]

_DEFAULT_HEADERS = (("Accept-Encoding", "gzip, deflate"),)


@functools.lru_cache(maxsize=32)
def _timeout_extension(seconds: float | None) -> dict[str, float | None]:
    return httpx.Timeout(seconds).as_dict()


class HttpxTransport:
    """Send requests with an `httpx.AsyncClient`.

    Args:
        client: An ``httpx.AsyncClient`` you own and close yourself; by default the transport creates
            one (and closes it in `aclose`).

    Attributes:
        safe_concurrency: Requests in flight this transport handles without degrading. httpx 0.28's
            connection pool slows down sharply beyond ~10–20 concurrent requests on one client.
    """

    safe_concurrency = 10

    def __init__(self, client: httpx.AsyncClient | None = None) -> None:
        self._owns_client = client is None
        self._client = (
            client
            if client is not None
            else httpx.AsyncClient(limits=httpx.Limits(max_connections=100, max_keepalive_connections=20))
        )

    def __repr__(self) -> str:
        return f"<HttpxTransport owns_client={self._owns_client}>"

    async def handle_request(self, request: Request) -> Response:
        """Send ``request``; map httpx's exceptions to ours in this one place."""
        # Build the httpx request ourselves: the client's merging of base URL, default headers and
        # cookies is work we never need (our Request is complete), and it is most of httpx's overhead.
        outgoing = httpx.Request(
            request.method,
            request.url,
            headers=request.headers + _DEFAULT_HEADERS,
            content=request.content or None,
            extensions={"timeout": _timeout_extension(request.timeout)},
        )
        try:
            response = await self._client.send(outgoing)
        except (httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise RequestTimeoutError(f"{type(exc).__name__}: {exc}", request_sent=False) from exc
        except httpx.TimeoutException as exc:
            raise RequestTimeoutError(f"{type(exc).__name__}: {exc}", request_sent=True) from exc
        except (
            httpx.ConnectError,
            httpx.UnsupportedProtocol,
            httpx.LocalProtocolError,
            httpx.ProxyError,
        ) as exc:
            raise ConnectError(f"{type(exc).__name__}: {exc}") from exc
        except httpx.TransportError as exc:  # read/write errors, RemoteProtocolError: may have arrived
            raise TransportError(f"{type(exc).__name__}: {exc}", request_sent=True) from exc
        except RuntimeError as exc:
            if self._client.is_closed:
                raise ClientClosedError("the transport's httpx client is closed") from exc
            raise
        return Response(response.status_code, response.headers.multi_items(), response.content)

    async def aclose(self) -> None:
        """Close the httpx client if this transport created it; a second call does nothing."""
        if self._owns_client and not self._client.is_closed:
            await self._client.aclose()
