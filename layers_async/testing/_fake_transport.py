"""The thin layer that plugs `FakeLayers` into the SDK: an in-process `Transport` and ready clients.

This is the only emulator module that touches SDK types; the core in ``_fake`` speaks plain JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from layers_async._transport import Request, Response
from layers_async.errors import ClientClosedError, ConnectError, TransportError
from layers_async.testing._fake._faults import InjectedDisconnect
from layers_async.testing._fake._fixtures import FakeKey
from layers_async.testing._fake._http import HttpRequest

if TYPE_CHECKING:
    from layers_async._client import Client
    from layers_async.testing._fake._fake import FakeLayers

__all__ = ["FakeTransport", "make_client"]

BASE_URL = "https://api.layers.com"


class FakeTransport:
    """A `layers_async.Transport` answering from a `FakeLayers` in the same process (no sockets).

    Injected resets and lost responses surface as ``TransportError(request_sent=True)``; an injected
    connect failure as `ConnectError`.
    """

    __slots__ = ("_closed", "_fake")

    def __init__(self, fake: FakeLayers) -> None:
        self._fake = fake
        self._closed = False

    async def handle_request(self, request: Request) -> Response:
        """Answer ``request`` from the emulator."""
        if self._closed:
            raise ClientClosedError("the transport is closed")
        core = HttpRequest.build(request.method, request.url, request.headers, request.content)
        fake = self._fake
        if fake.faults.rules:
            try:
                answer = await fake.handle_async(core)
            except InjectedDisconnect as exc:
                if not exc.sent:
                    raise ConnectError(str(exc)) from exc
                raise TransportError(str(exc), request_sent=True) from exc
        else:
            answer = fake.handle(core)  # what `handle_async` does without faults, minus a coroutine
        return Response(answer.status, tuple(answer.headers), answer.body)

    async def aclose(self) -> None:
        """Close the transport (idempotent)."""
        self._closed = True

    def __repr__(self) -> str:
        return f"FakeTransport({self._fake!r})"


def make_client(fake: FakeLayers, *, key: FakeKey | str | None = None, **kwargs: Any) -> Client:
    """A `layers_async.Client` on ``fake``'s transport and clock, with ``key`` (default: a full-access key)."""
    from layers_async._client import Client

    secret = key.secret if isinstance(key, FakeKey) else key or fake.default_key.secret
    kwargs.setdefault("base_url", BASE_URL)
    kwargs.setdefault("clock", fake.clock)
    return Client(api_key=secret, transport=FakeTransport(fake), **kwargs)
