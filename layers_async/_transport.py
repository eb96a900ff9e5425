"""The transport contract: our own small request/response types, one method to send, one to close.

Nothing in this module performs I/O. A transport turns a `Request` into a `Response`; everything else
(auth, retries, decoding) lives above it in the client pipeline.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import attrs

__all__ = [
    "DEFAULT_SAFE_CONCURRENCY",
    "Request",
    "Response",
    "SecretHeaders",
    "Transport",
    "enforces_timeout",
    "safe_concurrency",
]

DEFAULT_SAFE_CONCURRENCY = 10
"""Requests in flight assumed safe for a transport that states no ``safe_concurrency``."""


def _headers(value: object) -> tuple[tuple[str, str], ...]:
    # Hot path: transports hand over a list or tuple of pairs; only a mapping needs reshaping.
    if type(value) is tuple:
        return value
    if isinstance(value, dict):
        return tuple(value.items())
    return tuple(value)  # type: ignore[arg-type]


_SECRET_HEADERS = frozenset({"authorization", "x-api-key"})


def _redacted(headers: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((k, "[redacted]" if k.lower() in _SECRET_HEADERS else v) for k, v in headers)


class SecretHeaders(tuple[tuple[str, str], ...]):
    """Header pairs whose repr hides credentials (what the client keeps between calls)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return repr(_redacted(self))


@attrs.frozen(slots=True, repr=False)
class Request:
    """One HTTP request as the client hands it to a transport.

    Attributes:
        method: Upper-case HTTP method.
        url: Absolute URL, query string included.
        headers: Header pairs in order; a name may repeat.
        content: The body bytes (empty for no body).
        timeout: Seconds the transport may spend on this request, or ``None`` for no limit.
        max_response_bytes: The most body bytes (after decompression) the transport may read before it
            raises `layers_async.errors.ResponseTooLargeError`; ``None`` for no limit.
    """

    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_headers)
    content: bytes = b""
    timeout: float | None = None
    max_response_bytes: int | None = None

    def header(self, name: str) -> str | None:
        """Return the first value of header ``name`` (case-insensitive), or ``None``."""
        return _first(self.headers, name)

    def __repr__(self) -> str:
        # Credentials never appear in a repr (logs, tracebacks, test failure output).
        return (
            f"Request(method={self.method!r}, url={self.url!r}, headers={_redacted(self.headers)!r}, "
            f"content={self.content!r}, timeout={self.timeout!r})"
        )


@attrs.frozen(slots=True)
class Response:
    """One HTTP response as a transport hands it back.

    Attributes:
        status_code: The HTTP status.
        headers: Header pairs in order; a name may repeat.
        content: The body bytes, fully read.
    """

    status_code: int
    headers: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_headers)
    content: bytes = b""
    _index: dict[str, str] | None = attrs.field(default=None, init=False, eq=False, repr=False)

    def header(self, name: str) -> str | None:
        """Return the first value of header ``name`` (case-insensitive), or ``None``."""
        index = self._index
        if index is None:  # built once: the client reads several headers of every response
            # Reversed, so that the first of repeated headers is the one kept.
            index = {key.lower(): value for key, value in reversed(self.headers)}
            object.__setattr__(self, "_index", index)
        return index.get(name.lower())


def _first(headers: tuple[tuple[str, str], ...], name: str) -> str | None:
    lname = name.lower()
    for key, value in headers:
        if key.lower() == lname:
            return value
    return None


@runtime_checkable
class Transport(Protocol):
    """What the client needs from an HTTP layer.

    A transport sends one request and returns the full response. It raises
    `layers_async.errors.ConnectError` when the request certainly never reached the server
    (safe to retry), `layers_async.errors.RequestTimeoutError` or
    `layers_async.errors.TransportError` when it may have. It never sleeps or retries, never follows a
    redirect (a 3xx is handed back as it is: the key must not go to another origin), and reads at most
    ``request.max_response_bytes`` of body after decompression (else
    `layers_async.errors.ResponseTooLargeError`; the client also checks the length of what it gets back).
    Its errors keep neither the HTTP library's exception nor its message, which may hold a header value.

    A transport may also state ``safe_concurrency``: an ``int`` (at least 1) attribute giving the
    requests in flight it handles without degrading. The job tracker keeps at most that many polls in
    flight by default; a transport without it (or with a value that is not a positive ``int``) is taken
    to handle `DEFAULT_SAFE_CONCURRENCY` (10). It is not part of the protocol check, so existing
    transports stay valid.

    A transport may also state ``enforces_timeout = True``: it promises that ``handle_request`` ends
    every exchange (getting a connection, sending, the headers and the whole body) within
    ``request.timeout`` seconds when that is not ``None``, raising
    `layers_async.errors.RequestTimeoutError` otherwise. The client then does not wrap each attempt in
    a cancel scope of its own (which costs a few microseconds per request). A transport that cannot
    keep that promise (per-read timeouts only, such as httpx's) must not state it.
    """

    async def handle_request(self, request: Request) -> Response:
        """Send ``request`` and return the complete response."""
        ...

    async def aclose(self) -> None:
        """Release every resource the transport owns. Calling it twice is harmless."""
        ...


def safe_concurrency(transport: object) -> int:
    """The ``safe_concurrency`` a transport states, or `DEFAULT_SAFE_CONCURRENCY` when it states none."""
    value = getattr(transport, "safe_concurrency", None)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return DEFAULT_SAFE_CONCURRENCY
    return value


def enforces_timeout(transport: object) -> bool:
    """Whether a transport states ``enforces_timeout = True`` (exactly ``True``: anything else is "no")."""
    return getattr(transport, "enforces_timeout", False) is True
