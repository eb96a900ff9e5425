"""The client: configuration, the one async send path (auth, idempotency, retry, errors), resources."""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

import anyio

if TYPE_CHECKING:
    from layers_async._otel import TracerProviderLike
    from layers_async._resources._account import Account
    from layers_async._resources._ads_content import AdsContents
    from layers_async._resources._content import Content
    from layers_async._resources._jobs import Jobs
    from layers_async._resources._metrics import Metrics
    from layers_async._resources._projects import Projects
    from layers_async._resources._publishing import Publishing
    from layers_async._resources._review import Review

from layers_async._attempts import send_with_retries
from layers_async._call import Reply, mint_idempotency_key
from layers_async._client_options import (
    DEFAULT_MAX_RESPONSE_BYTES,
    check_api_key,
    check_base_url,
    check_clock,
    check_header_values,
    check_headers,
    check_max_response_bytes,
    check_retry,
    check_timeout,
)
from layers_async._clock import AnyioClock, Clock
from layers_async._converter import encode_json
from layers_async._limiter import LocalRateLimiter, RateLimiter
from layers_async._options import (
    UNSET,
    Lifetime,
    merge_headers,
    sibling,
    tracing_for,
)
from layers_async._ratelimit import RateGate, endpoint_class_for
from layers_async._response_info import ResponseInfo, ResponseSlot
from layers_async._retry import RetryPolicy
from layers_async._sansio import QueryValue, build_url
from layers_async._transport import Request, Response, SecretHeaders, Transport, enforces_timeout
from layers_async._version import __version__
from layers_async.errors import ClientClosedError, InvalidRequestError

__all__ = ["Client"]

AuthStyle = Literal["bearer", "x-api-key"]

DEFAULT_BASE_URL = "https://api.layers.com"
_MUTATING = frozenset({"POST", "PATCH", "PUT", "DELETE"})


class Client:
    """An async client for the Layers Partner API.

    Use it as ``async with Client(...) as client:``; resources are namespaces such as
    ``client.content`` and ``client.jobs``.

    Args:
        api_key: The API key; defaults to ``$LAYERS_API_KEY``. Visible ASCII only (no whitespace, so a
            trailing newline is refused here, not later). Never shown in reprs, logs or errors.
        base_url: Defaults to ``$LAYERS_BASE_URL``, then ``https://api.layers.com``. A plain
            ``http(s)://host[:port][/path]``: user information, a query or a fragment is refused.
        transport: Where requests go; defaults to an `HttpxTransport` the client creates and closes.
            A transport you pass is yours to close.
        retry: The `RetryPolicy`; defaults to ``RetryPolicy()``.
        timeout: Seconds one attempt may take in all, connection, headers and body (``None`` for no
            limit); past it the attempt raises `RequestTimeoutError` (``request_sent=True``).
        auth: ``"bearer"`` (``Authorization: Bearer``) or ``"x-api-key"``.
        allow_http: Allow ``http://`` to a non-loopback host.
        clock: What the client sleeps on and reads time from (retries, polling, rate limits): a
            `Clock` with ``now()``, ``wall()`` and ``async sleep()``; defaults to `AnyioClock`.
        tracing: ``True`` opens OpenTelemetry spans (one per call, one per attempt) on the global
            tracer provider, or pass a ``TracerProvider``; needs the ``[otel]`` extra. Off by default.
        max_response_bytes: The most bytes one response body may have after decompression (default
            32 MiB); a larger one raises `ResponseTooLargeError` (never retried). ``None``: no limit.
        rate_limiter: The `RateLimiter` every request passes (per endpoint class); defaults to a
            `LocalRateLimiter` on this client's gate. Pass a shared one (such as
            ``layers_async.contrib.redis.RedisRateLimiter``) so many workers stay under one key's limits.

    Raises:
        InvalidRequestError: Missing key, bad base URL or option.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        transport: Transport | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | None = 30.0,
        auth: AuthStyle = "bearer",
        allow_http: bool = False,
        clock: Clock | None = None,
        tracing: bool | TracerProviderLike = False,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        key = check_api_key(api_key if api_key is not None else os.environ.get("LAYERS_API_KEY"))
        if auth not in ("bearer", "x-api-key"):
            raise InvalidRequestError("auth must be 'bearer' or 'x-api-key'", argument="auth")
        url = base_url or os.environ.get("LAYERS_BASE_URL") or DEFAULT_BASE_URL
        self.base_url = check_base_url(url, allow_http=allow_http)
        self.retry = retry or RetryPolicy()
        self.timeout = check_timeout(timeout)
        self.max_response_bytes = check_max_response_bytes(max_response_bytes)
        self.auth: AuthStyle = auth
        self.clock: Clock = check_clock(clock) if clock is not None else AnyioClock()
        auth_header = ("Authorization", f"Bearer {key}") if auth == "bearer" else ("X-Api-Key", key)
        self._base_headers = SecretHeaders(
            (auth_header, ("User-Agent", f"layers-async/{__version__}"), ("Accept", "application/json"))
        )
        if transport is None:
            from layers_async.transports._httpx import HttpxTransport

            transport = HttpxTransport()
            self._owns_transport = True
        else:
            self._owns_transport = False
        self.transport: Transport = transport
        self._transport_enforces_timeout = enforces_timeout(transport)
        self.rate_gate = RateGate(self.clock)
        self._tracing = tracing_for(tracing)
        self._lifetime = Lifetime()  # shared with every `with_options` sibling
        self._is_sibling = False
        self._recorder: ResponseSlot | None = None  # only on a `with_response_info` sibling
        if rate_limiter is None:
            rate_limiter = LocalRateLimiter(self.clock, gate=self.rate_gate)
        elif not isinstance(rate_limiter, RateLimiter):
            raise InvalidRequestError("rate_limiter must implement RateLimiter", argument="rate_limiter")
        self.rate_limiter: RateLimiter = rate_limiter
        # The default path calls the gate directly (no extra coroutine per request).
        local = isinstance(rate_limiter, LocalRateLimiter) and rate_limiter.gate is self.rate_gate
        self._acquire = self.rate_gate.acquire if local else rate_limiter.acquire
        self._custom_limiter = not local  # the client bounds its wait (`acquire_within`)
        self._release = self.rate_gate.release if local else rate_limiter.release

    # Resource namespaces are built on first use: importing layers_async stays cheap (each area's
    # models are only loaded when a program touches that area).
    @functools.cached_property
    def account(self) -> Account:
        """``whoami``, ``credits``."""
        from layers_async._resources._account import Account

        return Account(self)

    @functools.cached_property
    def projects(self) -> Projects:
        """``list``, ``get``."""
        from layers_async._resources._projects import Projects

        return Projects(self)

    @functools.cached_property
    def content(self) -> Content:
        """``generate``, ``clone_from_post``, ``clone_and_track``, ``get``, ``list``."""
        from layers_async._resources._content import Content

        return Content(self)

    @functools.cached_property
    def jobs(self) -> Jobs:
        """``get``, ``cancel``, ``wait``, ``tracker``."""
        from layers_async._resources._jobs import Jobs

        return Jobs(self)

    @functools.cached_property
    def review(self) -> Review:
        """``approve``, ``reject``, ``get_policy``, ``set_policy``."""
        from layers_async._resources._review import Review

        return Review(self)

    @functools.cached_property
    def publishing(self) -> Publishing:
        """``schedule``, ``get_scheduled_post``, ``list_scheduled_posts``."""
        from layers_async._resources._publishing import Publishing

        return Publishing(self)

    @functools.cached_property
    def metrics(self) -> Metrics:
        """``organic``, ``ads``, ``top_performers``."""
        from layers_async._resources._metrics import Metrics

        return Metrics(self)

    @functools.cached_property
    def ads_content(self) -> AdsContents:
        """``list``, ``set_override``."""
        from layers_async._resources._ads_content import AdsContents

        return AdsContents(self)

    def __repr__(self) -> str:
        kind = "Client (with_options)" if self._is_sibling else "Client"
        return f"<{kind} base_url={self.base_url!r} auth={self.auth!r}>"

    @property
    def is_closed(self) -> bool:
        """``True`` after `aclose` (of this client, or of the client a sibling came from)."""
        return self._lifetime.closed

    @property
    def _closed(self) -> bool:
        return self._lifetime.closed

    def with_options(
        self,
        *,
        timeout: float | None = UNSET,
        retry: RetryPolicy = UNSET,
        headers: Mapping[str, str] = UNSET,
        max_response_bytes: int | None = UNSET,
    ) -> Client:
        """A light sibling of this client whose calls use other options; this client is unchanged.

        It shares this client's transport (its connections), rate gate (a 429 seen by one pauses
        both), clock and tracing, and opens nothing: it stops when this client is closed, and its own
        `aclose` does nothing. Cheap enough for one call: ``client.with_options(timeout=120).jobs.get(j)``.

        Args:
            timeout: Seconds one attempt may take (``None`` for no limit).
            retry: The `RetryPolicy` (``RetryPolicy.disabled()``: no retries).
            headers: Extra headers for every request (replacing this client's of the same name);
                the auth, ``Idempotency-Key`` and ``Content-Type`` headers cannot be replaced.
            max_response_bytes: The largest response body its calls accept (``None``: no cap).

        Raises:
            InvalidRequestError: A bad option.
        """
        changes: dict[str, object] = {"_is_sibling": True}
        if timeout is not UNSET:
            changes["timeout"] = check_timeout(timeout)
        if retry is not UNSET:
            changes["retry"] = check_retry(retry)
        if headers is not UNSET:
            changes["_base_headers"] = merge_headers(self._base_headers, check_headers(headers))
        if max_response_bytes is not UNSET:
            changes["max_response_bytes"] = check_max_response_bytes(max_response_bytes)
        return sibling(self, changes)

    def with_response_info(self) -> Client:
        """A sibling (like `with_options`) that keeps its last successful response for `last_response`.

        ``raw = client.with_response_info(); job = await raw.jobs.get(j); raw.last_response.request_id``.
        Use one per task: concurrent calls through one sibling overwrite each other's response.
        """
        return sibling(self, {"_is_sibling": True, "_recorder": ResponseSlot()})

    @property
    def last_response(self) -> ResponseInfo | None:
        """Status, headers, request id, rate limit and replay flag of this sibling's last successful
        response (a 304 included); ``None`` before its first.

        Raises:
            InvalidRequestError: This client does not keep responses: use `with_response_info`.
        """
        if self._recorder is None:
            message = "only a client from with_response_info() keeps its last response"
            raise InvalidRequestError(message, argument="last_response")
        return self._recorder.info

    async def __aenter__(self) -> Client:
        if self._closed:
            raise ClientClosedError("this Client is closed; create a new one")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client and the transport it created. Safe to call more than once.

        On a `with_options` sibling this does nothing: close the client it came from.
        """
        if self._lifetime.closed or self._is_sibling:
            return
        self._lifetime.closed = True
        if self._owns_transport:
            with anyio.CancelScope(shield=True):
                await self.transport.aclose()

    async def send(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        headers: tuple[tuple[str, str], ...] = (),
        idempotency_key: str | None = None,
        endpoint_class: str | None = None,
    ) -> Response:
        """Send one logical call with retries and return the successful (2xx or 304) response.

        The same as `_exchange`, returning only the response.
        """
        reply = await self._exchange(method, path, query, json, headers, idempotency_key, endpoint_class)
        return reply.response

    async def _exchange(
        self,
        method: str,
        path: str,
        query: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        headers: tuple[tuple[str, str], ...] = (),
        idempotency_key: str | None = None,
        endpoint_class: str | None = None,
    ) -> Reply:
        """Send one logical call with retries; return the successful (2xx or 304) response and its key.

        POST and PATCH get an ``Idempotency-Key`` (``idempotency_key`` or a fresh uuid4), minted
        once here and reused on every retry.

        Raises:
            APIError: The server answered with an error (after any retries).
            TransportError: The exchange failed (after any retries).
            ClientClosedError: The client was closed.
        """
        if self._lifetime.closed:
            raise ClientClosedError("this Client is closed; create a new one")
        all_headers: tuple[tuple[str, str], ...] = self._base_headers
        if headers:
            check_header_values(headers)
            all_headers += headers
        if idempotency_key is None and method in _MUTATING:
            idempotency_key = mint_idempotency_key()
        if idempotency_key is not None:
            all_headers += (("Idempotency-Key", idempotency_key),)
        content = b""
        if json is not None:
            content = _encoded(json)
            all_headers += (("Content-Type", "application/json"),)
        url = self.base_url + path if query is None else build_url(self.base_url, path, query)
        request = Request(method, url, all_headers, content, self.timeout, self.max_response_bytes)
        endpoint_class = endpoint_class or endpoint_class_for(method)
        if self._tracing is None:
            response = await send_with_retries(self, request, path, idempotency_key, endpoint_class, self.retry)
        else:
            run = functools.partial(send_with_retries, self, request, path, idempotency_key, endpoint_class, self.retry)
            response = await self._tracing.call(request, path, idempotency_key, run)
        return Reply(response, idempotency_key)


def _encoded(json: Any) -> bytes:
    """A request body as JSON bytes.

    Raises:
        InvalidRequestError: ``json`` cannot be encoded (before any request).
    """
    try:
        return encode_json(json)
    except (TypeError, ValueError, RecursionError):
        raise InvalidRequestError("json is not JSON-serialisable (or nested too deep)", argument="json") from None
