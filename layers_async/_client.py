"""The client: configuration, the one async send path (auth, idempotency, retry, errors), resources."""

from __future__ import annotations

import ipaddress
import logging
import os
import time
import uuid
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

import anyio

from layers_async._clock import AnyioClock, Clock
from layers_async._converter import decode_json, encode_json, structure
from layers_async._ratelimit import RateGate, endpoint_class_for
from layers_async._resources._account import Account
from layers_async._resources._ads_content import AdsContents
from layers_async._resources._content import Content
from layers_async._resources._jobs import Jobs
from layers_async._resources._metrics import Metrics
from layers_async._resources._projects import Projects
from layers_async._resources._publishing import Publishing
from layers_async._resources._review import Review
from layers_async._retry import RetryPolicy
from layers_async._sansio import QueryValue, build_url, error_from_response, is_retryable, parse_retry_after
from layers_async._transport import Request, Response, SecretHeaders, Transport
from layers_async._version import __version__
from layers_async.errors import (
    APIError,
    ClientClosedError,
    InvalidRequestError,
    RateLimitedError,
    TransportError,
)

__all__ = ["Client"]

T = TypeVar("T")
AuthStyle = Literal["bearer", "x-api-key"]

DEFAULT_BASE_URL = "https://api.layers.com"
_log = logging.getLogger("layers_async")
_MUTATING = frozenset({"POST", "PATCH", "PUT", "DELETE"})


def _check_base_url(base_url: str, allow_http: bool) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidRequestError(f"base_url must be an http(s) URL, got {base_url!r}", argument="base_url")
    if parts.scheme == "http" and not allow_http and not _is_loopback(parts.hostname):
        raise InvalidRequestError(
            "refusing plain http:// to a non-loopback host (the API key would travel in clear); "
            "use https:// or pass allow_http=True",
            argument="base_url",
        )
    return base_url.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Client:
    """An async client for the Layers Partner API.

    Use it as ``async with Client(...) as client:``; resources are namespaces such as
    ``client.content`` and ``client.jobs``.

    Args:
        api_key: The API key; defaults to ``$LAYERS_API_KEY``. Never shown in reprs, logs or errors.
        base_url: Defaults to ``$LAYERS_BASE_URL``, then ``https://api.layers.com``.
        transport: Where requests go; defaults to an `HttpxTransport` the client creates and closes.
            A transport you pass is yours to close.
        retry: The `RetryPolicy`; defaults to ``RetryPolicy()``.
        timeout: Seconds one attempt may take (``None`` for no limit).
        auth: ``"bearer"`` (``Authorization: Bearer``) or ``"x-api-key"``.
        allow_http: Allow ``http://`` to a non-loopback host.
        clock: What the client sleeps on (retries, polling); defaults to anyio's clock.

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
    ) -> None:
        key = api_key if api_key is not None else os.environ.get("LAYERS_API_KEY")
        if not isinstance(key, str) or not key:
            raise InvalidRequestError(
                "an API key is required: pass api_key=... or set LAYERS_API_KEY", argument="api_key"
            )
        if auth not in ("bearer", "x-api-key"):
            raise InvalidRequestError("auth must be 'bearer' or 'x-api-key'", argument="auth")
        if timeout is not None and timeout <= 0:
            raise InvalidRequestError("timeout must be positive or None", argument="timeout")
        url = base_url or os.environ.get("LAYERS_BASE_URL") or DEFAULT_BASE_URL
        self.base_url = _check_base_url(url, allow_http)
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        self.auth: AuthStyle = auth
        self.clock: Clock = clock or AnyioClock()
        auth_header = ("Authorization", f"Bearer {key}") if auth == "bearer" else ("X-Api-Key", key)
        self._base_headers = SecretHeaders(
            (auth_header, ("User-Agent", f"layers-async/{__version__}"), ("Accept", "application/json"))
        )
        if transport is None:
            from layers_async._httpx import HttpxTransport

            transport = HttpxTransport()
            self._owns_transport = True
        else:
            self._owns_transport = False
        self.transport: Transport = transport
        self.rate_gate = RateGate(self.clock)
        self._closed = False
        self.account = Account(self)
        self.projects = Projects(self)
        self.content = Content(self)
        self.jobs = Jobs(self)
        self.review = Review(self)
        self.publishing = Publishing(self)
        self.metrics = Metrics(self)
        self.ads_content = AdsContents(self)

    def __repr__(self) -> str:
        return f"<Client base_url={self.base_url!r} auth={self.auth!r}>"

    @property
    def is_closed(self) -> bool:
        """``True`` after `aclose`."""
        return self._closed

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
        """Close the client and the transport it created. Safe to call more than once."""
        if self._closed:
            return
        self._closed = True
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

        POST and PATCH get an ``Idempotency-Key`` (``idempotency_key`` or a fresh uuid4), minted
        once here and reused on every retry.

        Raises:
            APIError: The server answered with an error (after any retries).
            TransportError: The exchange failed (after any retries).
            ClientClosedError: The client was closed.
        """
        if self._closed:
            raise ClientClosedError("this Client is closed; create a new one")
        if method in _MUTATING and idempotency_key is None:
            idempotency_key = str(uuid.uuid4())
        all_headers = tuple(self._base_headers) + headers
        if idempotency_key is not None:
            all_headers += (("Idempotency-Key", idempotency_key),)
        content = b""
        if json is not None:
            content = encode_json(json)
            all_headers += (("Content-Type", "application/json"),)
        request = Request(method, build_url(self.base_url, path, query), all_headers, content, self.timeout)
        return await self._send_with_retries(
            request, path, idempotency_key, endpoint_class or endpoint_class_for(method)
        )

    async def _send_with_retries(
        self, request: Request, path: str, idempotency_key: str | None, endpoint_class: str
    ) -> Response:
        clock, policy = self.clock, self.retry
        started = clock.now()
        waits = policy.waits()
        attempt = 0
        while True:
            attempt += 1
            await self.rate_gate.acquire(endpoint_class)
            response: Response | None = None
            t0 = clock.now()
            error: APIError | TransportError
            try:
                if self._closed:
                    raise ClientClosedError("this Client is closed; create a new one")
                response = await self.transport.handle_request(request)
            except TransportError as exc:
                _log.debug(
                    "%s %s -> %s (attempt %d, %.3fs)",
                    request.method,
                    path,
                    type(exc).__name__,
                    attempt,
                    clock.now() - t0,
                )
                error = exc
                retry_after: float | None = None
            else:
                status = response.status_code
                _log.debug("%s %s -> %d (attempt %d, %.3fs)", request.method, path, status, attempt, clock.now() - t0)
                if status < 400:
                    return response
                error = error_from_response(response, idempotency_key=idempotency_key, now=time.time())
                if isinstance(error, RateLimitedError):
                    retry_after = error.retry_after
                else:
                    retry_after = parse_retry_after(response, now=time.time())
                if status == 429 and retry_after is not None and retry_after <= policy.max_retry_after:
                    # One 429 pauses every request of its class, not just this one (the gate).
                    cls = response.header("x-ratelimit-endpoint-class") or endpoint_class
                    self.rate_gate.close_for(cls, retry_after)
            finally:
                self.rate_gate.release(endpoint_class, response)
            if attempt >= policy.attempts or not is_retryable(
                error, method=request.method, has_idempotency_key=idempotency_key is not None
            ):
                raise error
            if retry_after is not None:
                if retry_after > policy.max_retry_after:
                    raise error
                # After a 429 the rate gate already holds every request of this class.
                delay = 0.0 if isinstance(error, RateLimitedError) else retry_after
            else:
                delay = next(waits)
            if policy.deadline is not None and clock.now() + max(delay, retry_after or 0.0) - started > policy.deadline:
                raise error
            if delay:
                await clock.sleep(delay)

    def decode(self, response: Response, cls: type[T], **extra: Any) -> T:
        """Decode a JSON response body into ``cls`` (``extra`` keys are merged into the body first)."""
        request_id = response.header("x-request-id")
        data = decode_json(response.content, status_code=response.status_code, request_id=request_id)
        if extra and isinstance(data, dict):
            data.update(extra)
        return structure(data, cls, status_code=response.status_code, request_id=request_id)
