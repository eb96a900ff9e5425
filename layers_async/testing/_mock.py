"""`MockTransport` and `RecordingClock`: answer requests with a function, wait without waiting."""

from __future__ import annotations

import inspect
import json
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import anyio.lowlevel

from layers_async._transport import Request, Response
from layers_async.errors import ClientClosedError

__all__ = ["MockTransport", "RecordingClock", "json_response"]

Handler = Callable[[Request], "Response | Awaitable[Response]"]


def json_response(
    status_code: int, body: Any = None, headers: Iterable[tuple[str, str]] | dict[str, str] = ()
) -> Response:
    """A `Response` with a JSON body (``None`` for an empty body) and ``Content-Type`` set."""
    pairs = list(headers.items()) if isinstance(headers, dict) else list(headers)
    if body is None:
        return Response(status_code, pairs, b"")
    return Response(status_code, [("content-type", "application/json"), *pairs], json.dumps(body).encode())


class MockTransport:
    """A transport that calls ``handler(request)`` (sync or async) for each request.

    The handler may raise a `layers_async.errors.TransportError` to simulate a network failure.
    Every request is appended to ``requests``.
    """

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[Request] = []
        self.closed = False

    async def handle_request(self, request: Request) -> Response:
        """Record ``request`` and return the handler's response."""
        if self.closed:
            raise ClientClosedError("MockTransport is closed")
        self.requests.append(request)
        result = self.handler(request)
        if inspect.isawaitable(result):
            result = await result
        await anyio.lowlevel.checkpoint()
        return result

    async def aclose(self) -> None:
        """Mark the transport closed."""
        self.closed = True


class RecordingClock:
    """A `Clock` whose ``sleep`` returns at once, advancing virtual time and recording the wait.

    Pass it as ``Client(clock=...)`` to make retries and polling instant in tests.

    Args:
        start: The initial virtual time (``now()``).
        wall_start: The epoch seconds ``wall()`` reads at ``start`` (default: `time.time()` at creation);
            ``wall()`` then moves with the virtual time.
    """

    def __init__(self, start: float = 0.0, *, wall_start: float | None = None) -> None:
        self.time = start
        self.sleeps: list[float] = []
        self._wall_offset = (time.time() if wall_start is None else wall_start) - start

    def now(self) -> float:
        """The virtual time."""
        return self.time

    def wall(self) -> float:
        """Epoch seconds that move with the virtual time."""
        return self.time + self._wall_offset

    async def sleep(self, seconds: float) -> None:
        """Record ``seconds``, advance virtual time, yield to other tasks once."""
        self.sleeps.append(seconds)
        self.time += max(0.0, seconds)
        await anyio.lowlevel.checkpoint()
