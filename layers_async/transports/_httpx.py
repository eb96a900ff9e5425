"""`HttpxTransport`: the default transport, and the only module that imports httpx."""

from __future__ import annotations

import httpx

from layers_async._transport import Request, Response
from layers_async.transports._httpx_family import send_via

__all__ = ["HttpxTransport"]


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
        """Send ``request``; httpx's exceptions are mapped to ours (see `send_via`)."""
        return await send_via(httpx, self._client, request)

    async def aclose(self) -> None:
        """Close the httpx client if this transport created it; a second call does nothing."""
        if self._owns_client and not self._client.is_closed:
            await self._client.aclose()
