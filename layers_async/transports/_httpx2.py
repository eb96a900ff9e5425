"""`Httpx2Transport`: requests through httpx2 (the maintained httpx fork); the only module importing it.

Install with ``pip install 'layers-async[httpx2]'``.
"""

from __future__ import annotations

import httpx2

from layers_async._transport import Request, Response
from layers_async.transports._httpx_family import send_via

__all__ = ["Httpx2Transport"]


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
        """Send ``request``; httpx2's exceptions are mapped to ours (see `send_via`)."""
        return await send_via(httpx2, self._client, request)

    async def aclose(self) -> None:
        """Close the httpx2 client if this transport created it; a second call does nothing."""
        if self._owns_client and not self._client.is_closed:
            await self._client.aclose()
