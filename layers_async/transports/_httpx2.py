"""`Httpx2Transport`: requests through httpx2 (the maintained httpx fork); the only module importing it.

Install with ``pip install 'layers-async[httpx2]'``.
"""

from __future__ import annotations

import functools

import httpx2

from layers_async._transport import Request, Response
from layers_async.errors import ClientClosedError, ConnectError, RequestTimeoutError, TransportError

__all__ = ["Httpx2Transport"]

_DEFAULT_HEADERS = (("Accept-Encoding", "gzip, deflate"),)


@functools.lru_cache(maxsize=32)
def _timeout_extension(seconds: float | None) -> dict[str, float | None]:
    return httpx2.Timeout(seconds).as_dict()


class Httpx2Transport:
    """Send requests with an `httpx2.AsyncClient`; runs on asyncio and trio.

    Args:
        client: An ``httpx2.AsyncClient`` you own and close yourself; by default the transport creates
            one (and closes it in `aclose`).

    Attributes:
        safe_concurrency: Requests in flight this transport handles without degrading. On loopback
            httpx2 peaks between 10 and 25 in flight on one client and loses 15–20% of its
            throughput (and spends more CPU per request) at 50–100.
    """

    safe_concurrency = 25

    def __init__(self, client: httpx2.AsyncClient | None = None) -> None:
        self._owns_client = client is None
        self._client = (
            client
            if client is not None
            else httpx2.AsyncClient(limits=httpx2.Limits(max_connections=100, max_keepalive_connections=100))
        )

    def __repr__(self) -> str:
        return f"<Httpx2Transport owns_client={self._owns_client}>"

    async def handle_request(self, request: Request) -> Response:
        """Send ``request``; map httpx2's exceptions to ours in this one place.

        Raises:
            ConnectError: The connection could not be made; the request never left.
            RequestTimeoutError: A timeout; ``request_sent`` is ``False`` for connect and pool timeouts.
            TransportError: Reading or writing failed, or the server broke the protocol (may have arrived).
            ClientClosedError: The httpx2 client is closed.
        """
        # As in HttpxTransport: our Request is complete, so skip the client's request merging.
        outgoing = httpx2.Request(
            request.method,
            request.url,
            headers=request.headers + _DEFAULT_HEADERS,
            content=request.content or None,
            extensions={"timeout": _timeout_extension(request.timeout)},
        )
        try:
            response = await self._client.send(outgoing)
        except (httpx2.ConnectTimeout, httpx2.PoolTimeout) as exc:
            raise RequestTimeoutError(f"{type(exc).__name__}: {exc}", request_sent=False) from exc
        except httpx2.TimeoutException as exc:
            raise RequestTimeoutError(f"{type(exc).__name__}: {exc}", request_sent=True) from exc
        except (
            httpx2.ConnectError,
            httpx2.UnsupportedProtocol,
            httpx2.LocalProtocolError,
            httpx2.ProxyError,
        ) as exc:
            raise ConnectError(f"{type(exc).__name__}: {exc}") from exc
        except httpx2.TransportError as exc:  # read/write errors, RemoteProtocolError: may have arrived
            raise TransportError(f"{type(exc).__name__}: {exc}", request_sent=True) from exc
        except RuntimeError as exc:
            if self._client.is_closed:
                raise ClientClosedError("the transport's httpx2 client is closed") from exc
            raise
        return Response(response.status_code, response.headers.multi_items(), response.content)

    async def aclose(self) -> None:
        """Close the httpx2 client if this transport created it; a second call does nothing."""
        if self._owns_client and not self._client.is_closed:
            await self._client.aclose()
