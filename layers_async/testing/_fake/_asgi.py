"""The emulator as an ASGI application, for uvicorn or any ASGI server."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from layers_async.testing._fake._faults import InjectedDisconnect
from layers_async.testing._fake._http import HttpRequest
from layers_async.testing._fake._limits import MAX_BODY_BYTES

if TYPE_CHECKING:
    from layers_async.testing._fake._fake import FakeLayers

__all__ = ["AsgiApp"]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class DroppedConnection(Exception):
    """Raised inside the server to make it close the connection mid-response (an injected fault)."""


class AsgiApp:
    """ASGI 3 app serving one `FakeLayers`. Injected disconnects close the connection mid-response."""

    def __init__(self, fake: FakeLayers) -> None:
        self._fake = fake

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        # Read at most one byte past the limit (the rest is drained, not kept): the pipeline answers 413.
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            chunk = message.get("body", b"")
            if size <= MAX_BODY_BYTES:
                chunks.append(chunk[: MAX_BODY_BYTES + 1 - size])
            size += len(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        raw_path = scope.get("raw_path") or scope["path"].encode()
        query = scope.get("query_string", b"")
        target = raw_path.decode("latin-1") + ("?" + query.decode("latin-1") if query else "")
        request = HttpRequest.build(scope["method"], target, headers, body)
        try:
            response = await self._fake.handle_async(request)
        except InjectedDisconnect as exc:
            # Start a response that promises a body, then fail: the server drops the connection.
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"64")]})
            raise DroppedConnection(str(exc)) from exc
        out = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in response.headers]
        out.append((b"content-length", str(len(response.body)).encode()))
        await send({"type": "http.response.start", "status": response.status, "headers": out})
        await send({"type": "http.response.body", "body": response.body})
