"""The conformance kit's loopback HTTP/1.1 server: anyio sockets on 127.0.0.1, a handful of endpoints.

Endpoints (any method):

* ``/echo``: 200 with JSON ``{"method", "headers": [[name, value], ...], "body": base64}`` of the request.
* ``/bytes``: 200 with the request body as the response body.
* ``/headers``: 200 with ``X-Repeated: one``, ``X-Repeated: two`` and ``X-Mixed-Case: Value``.
* ``/status/<code>``: that status; no body for 204 and 304 (which carry ``ETag: "conformance"``).
* ``/slow/<seconds>``: waits, then 200.
* ``/close``: promises 64 body bytes, sends 10, and closes the connection.
* ``/redirect``: 307 to ``/echo`` on the same server (a transport must hand it back, not follow it).

The routing is plain synchronous code (`route`); only `serving` does I/O. The server records each request
target (path and query) it has read in `Arrivals`, so a check can wait for its request to arrive rather than
guess how long that takes.
"""

from __future__ import annotations

import base64
import http
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from functools import partial

import anyio
import anyio.abc

__all__ = ["Arrivals", "Reply", "route", "serving"]

_MAX_HEAD = 64 * 1024
_MAX_BODY = 16 * 1024 * 1024
_MAX_REQUESTS_PER_CONNECTION = 10_000
_MAX_SLOW = 30.0
_NO_BODY = frozenset({204, 304})


@dataclass(frozen=True)
class Reply:
    """What the server answers: a status, header pairs, a body, a delay first, or a broken body."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    delay: float = 0.0
    truncate: bool = False


class Arrivals:
    """One event per request target (path and query), set when the server has read such a request's head."""

    def __init__(self) -> None:
        self._events: dict[str, anyio.Event] = {}

    def event(self, target: str) -> anyio.Event:
        """The event of ``target`` (e.g. ``"/slow/5?check=cancellation"``), created unset on first use."""
        event = self._events.get(target)
        if event is None:
            event = self._events[target] = anyio.Event()
        return event

    def saw(self, target: str) -> None:
        """Record that a request for ``target`` has arrived."""
        self.event(target).set()


def route(method: str, path: str, headers: list[tuple[str, str]], body: bytes) -> Reply:
    """Answer one request (no I/O): the endpoint table in the module docstring.

    Args:
        method: The request method.
        path: The request path, without the query string.
        headers: The request's header pairs as received.
        body: The request body.

    Returns:
        The `Reply` to send.
    """
    if path == "/echo":
        echo = {"method": method, "headers": headers, "body": base64.b64encode(body).decode()}
        return Reply(200, (("Content-Type", "application/json"),), json.dumps(echo).encode())
    if path == "/bytes":
        return Reply(200, (("Content-Type", "application/octet-stream"),), body)
    if path == "/headers":
        pairs = (("X-Repeated", "one"), ("X-Repeated", "two"), ("X-Mixed-Case", "Value"))
        return Reply(200, pairs, b"headers")
    if path.startswith("/status/") and path[8:].isdigit():
        status = int(path[8:])
        if status in _NO_BODY:
            return Reply(status, (("ETag", '"conformance"'),))
        return Reply(status, (("Content-Type", "text/plain"),), f"status {status}".encode())
    if path.startswith("/slow/"):
        try:
            seconds = min(float(path[6:]), _MAX_SLOW)
        except ValueError:
            seconds = 0.0
        return Reply(200, (("Content-Type", "text/plain"),), b"slow", delay=seconds)
    if path == "/redirect":
        return Reply(307, (("Location", "/echo"), ("Content-Type", "text/plain")), b"elsewhere")
    if path == "/close":
        return Reply(200, (("Content-Type", "text/plain"),), b"x" * 64, truncate=True)
    return Reply(404, (("Content-Type", "text/plain"),), b"no such endpoint")


def _encode(reply: Reply, close: bool) -> bytes:
    try:
        phrase = http.HTTPStatus(reply.status).phrase
    except ValueError:
        phrase = "Status"
    lines = [f"HTTP/1.1 {reply.status} {phrase}", *(f"{k}: {v}" for k, v in reply.headers)]
    if reply.status not in _NO_BODY:
        lines.append(f"Content-Length: {len(reply.body)}")
    if close:
        lines.append("Connection: close")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    if reply.status in _NO_BODY:
        return head
    return head + (reply.body[:10] if reply.truncate else reply.body)


class _Reader:
    """Buffered reads from one connection, each bounded in size."""

    def __init__(self, stream: anyio.abc.ByteStream) -> None:
        self._stream = stream
        self._buffer = bytearray()

    async def until(self, marker: bytes, limit: int) -> bytes | None:
        """Bytes up to and including ``marker``; ``None`` on a clean end of stream before any byte."""
        while (end := self._buffer.find(marker)) < 0:
            if len(self._buffer) > limit:
                raise ValueError("request head too large")
            try:
                self._buffer += await self._stream.receive()
            except anyio.EndOfStream:
                if self._buffer:
                    raise
                return None
        chunk = bytes(self._buffer[: end + len(marker)])
        del self._buffer[: end + len(marker)]
        return chunk

    async def exactly(self, size: int) -> bytes:
        """The next ``size`` bytes."""
        if size > _MAX_BODY:
            raise ValueError("request body too large")
        while len(self._buffer) < size:
            self._buffer += await self._stream.receive()
        chunk = bytes(self._buffer[:size])
        del self._buffer[:size]
        return chunk

    async def chunked(self) -> bytes:
        """A ``Transfer-Encoding: chunked`` body."""
        body = bytearray()
        while len(body) <= _MAX_BODY:
            size_line = await self.until(b"\r\n", _MAX_HEAD)
            if size_line is None:
                raise anyio.EndOfStream
            size = int(size_line.split(b";")[0].strip(), 16)
            if size == 0:
                await self.until(b"\r\n", _MAX_HEAD)  # no trailers expected; the final CRLF
                return bytes(body)
            body += await self.exactly(size)
            await self.exactly(2)
        raise ValueError("request body too large")


async def _serve_connection(arrivals: Arrivals, stream: anyio.abc.ByteStream) -> None:
    reader = _Reader(stream)
    async with stream:
        for _ in range(_MAX_REQUESTS_PER_CONNECTION):
            head = await reader.until(b"\r\n\r\n", _MAX_HEAD)
            if head is None:
                return
            request_line, *header_lines = head.decode("latin-1").split("\r\n")[:-2]
            method, target, _version = request_line.split(" ", 2)
            arrivals.saw(target)
            headers = [(name, value.strip()) for name, _, value in (h.partition(":") for h in header_lines)]
            lower = {name.lower(): value for name, value in headers}
            if lower.get("transfer-encoding", "").lower() == "chunked":
                body = await reader.chunked()
            else:
                body = await reader.exactly(int(lower.get("content-length", "0")))
            reply = route(method, target.split("?", 1)[0], headers, body)
            if reply.delay:
                await anyio.sleep(reply.delay)
            close = reply.truncate or lower.get("connection", "").lower() == "close"
            await stream.send(_encode(reply, close))
            if close:
                return


async def _guarded(arrivals: Arrivals, stream: anyio.abc.SocketStream) -> None:
    # A client hanging up (timeouts, cancellation checks) ends its connection, never the server.
    with suppress(anyio.EndOfStream, anyio.BrokenResourceError, anyio.ClosedResourceError, OSError, ValueError):
        await _serve_connection(arrivals, stream)


@asynccontextmanager
async def serving(arrivals: Arrivals) -> AsyncIterator[str]:
    """Serve the endpoints on 127.0.0.1 (a free port) until the block exits.

    Args:
        arrivals: Where the server records each request target it has read.

    Yields:
        The base URL, e.g. ``"http://127.0.0.1:50123"``.
    """
    listener = await anyio.create_tcp_listener(local_host="127.0.0.1", local_port=0)
    port = listener.extra(anyio.abc.SocketAttribute.local_port)
    async with listener, anyio.create_task_group() as tg:
        tg.start_soon(listener.serve, partial(_guarded, arrivals))
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            tg.cancel_scope.cancel()
