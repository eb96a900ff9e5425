"""The thin layer that plugs `FakeLayers` into the SDK: an in-process `Transport` and ready clients.

This is the only emulator module that touches SDK types; the core in ``_fake`` speaks plain JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from layers_async._transport import Request, Response
from layers_async.errors import ClientClosedError, ConnectError, ResponseTooLargeError, TransportError
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

    __slots__ = ("_closed", "_fake", "_follow")

    def __init__(self, fake: FakeLayers, *, follow_default_key: bool = False) -> None:
        self._fake = fake
        self._closed = False
        self._follow = follow_default_key

    async def handle_request(self, request: Request) -> Response:
        """Answer ``request`` from the emulator."""
        if self._closed:
            raise ClientClosedError("the transport is closed")
        fake = self._fake
        headers = _with_default_key(request.headers, fake.default_key.secret) if self._follow else request.headers
        core = HttpRequest.build(request.method, request.url, headers, request.content)
        if fake.faults.rules:
            try:
                answer = await fake.handle_async(core)
            except InjectedDisconnect as exc:
                if not exc.sent:
                    raise ConnectError(str(exc)) from exc
                raise TransportError(str(exc), request_sent=True) from exc
        else:
            answer = fake.handle(core)  # what `handle_async` does without faults, minus a coroutine
        limit = request.max_response_bytes
        if limit is not None and len(answer.body) > limit:
            raise ResponseTooLargeError(f"the response body exceeded max_response_bytes={limit}", limit=limit)
        return Response(answer.status, tuple(answer.headers), answer.body)

    async def aclose(self) -> None:
        """Close the transport (idempotent)."""
        self._closed = True

    def close_now(self) -> None:
        """Close the transport without an event loop (it holds no I/O resources; used by sync fixtures)."""
        self._closed = True

    def __repr__(self) -> str:
        return f"FakeTransport({self._fake!r})"


#: The placeholder secret of a client that follows the emulator's default key (never a valid key itself).
FOLLOW_DEFAULT_KEY = "lp_test_follows_default_key"
_AUTH_HEADERS = frozenset({"authorization", "x-api-key"})


def _with_default_key(headers: tuple[tuple[str, str], ...], secret: str) -> tuple[tuple[str, str], ...]:
    """``headers`` with the placeholder secret replaced by ``secret`` in the auth header."""
    return tuple(
        (name, value.replace(FOLLOW_DEFAULT_KEY, secret)) if name.lower() in _AUTH_HEADERS else (name, value)
        for name, value in headers
    )


def make_client(
    fake: FakeLayers, *, key: FakeKey | str | None = None, follow_default_key: bool = False, **kwargs: Any
) -> Client:
    """A `layers_async.Client` on ``fake``'s transport and clock, with ``key`` (default: a full-access key).

    Args:
        fake: The emulator to answer requests.
        key: The key to send (default: ``fake.default_key`` as it is now).
        follow_default_key: Send ``fake.default_key`` as it is at each request instead (so a client made
            before ``fake.demo()`` speaks for the demo org); ``key`` must then be ``None``.
        **kwargs: Passed to `layers_async.Client`.
    """
    from layers_async._client import Client

    if follow_default_key:
        if key is not None:
            raise ValueError("pass either key or follow_default_key, not both")
        secret = FOLLOW_DEFAULT_KEY
    else:
        secret = key.secret if isinstance(key, FakeKey) else key or fake.default_key.secret
    kwargs.setdefault("base_url", BASE_URL)
    kwargs.setdefault("clock", fake.clock)
    return Client(api_key=secret, transport=FakeTransport(fake, follow_default_key=follow_default_key), **kwargs)
