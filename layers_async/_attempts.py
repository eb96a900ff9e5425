"""One logical call's attempts: the retry loop, each attempt's bounds, and the wait between attempts.

The client builds the `Request` once; `send_with_retries` sends it until an attempt succeeds (2xx or
304) or the `RetryPolicy` gives up. Each attempt passes the rate limiter, is bounded by the client's
``timeout`` for the whole exchange (connection, headers and body) and by ``max_response_bytes``.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

import anyio

from layers_async._limiter import acquire_within
from layers_async._logs import failure_reason
from layers_async._sansio import error_from_response, is_retryable, parse_retry_after
from layers_async._transport import Request, Response
from layers_async.errors import (
    APIError,
    ClientClosedError,
    RateLimitedError,
    RequestTimeoutError,
    ResponseTooLargeError,
    TransportError,
)

if TYPE_CHECKING:
    from layers_async._client import Client
    from layers_async._retry import RetryPolicy

__all__ = ["send_with_retries"]

_log = logging.getLogger("layers_async")

Outcome = Response | tuple[APIError | TransportError, float | None]


async def send_with_retries(
    client: Client, request: Request, path: str, idempotency_key: str | None, endpoint_class: str, policy: RetryPolicy
) -> Response:
    """Send ``request`` until an attempt succeeds; raise the last error when the policy gives up.

    Raises:
        APIError: The server answered with an error (after any retries).
        TransportError: The exchange failed (after any retries).
        ClientClosedError: The client was closed.
    """
    clock = client.clock
    started = clock.now() if policy.attempts > 1 else 0.0  # read only for a retry's deadline
    waits: Iterator[float] | None = None  # the backoff generator, made on the first retry only
    attempt = 0
    bound: tuple[float, Exception] | None = None  # a retry's remaining deadline, and the error to raise then
    while True:
        attempt += 1
        if client._tracing is None:
            outcome = await _attempt(client, request, path, attempt, idempotency_key, endpoint_class, bound)
        else:
            run = functools.partial(_attempt, client, request, path, attempt, idempotency_key, endpoint_class, bound)
            outcome = await client._tracing.attempt(request, path, attempt, idempotency_key, run)
        if isinstance(outcome, Response):
            if client._recorder is not None:
                client._recorder.set(outcome)
            return outcome
        error, retry_after = outcome
        retryable = attempt < policy.attempts and is_retryable(
            error, method=request.method, has_idempotency_key=idempotency_key is not None
        )
        if not retryable:
            raise error
        if waits is None:
            waits = policy.waits()
        delay = _next_delay(client, error, retry_after, waits, started, policy)
        if delay is None:
            raise error
        if _log.isEnabledFor(logging.INFO):
            wait = max(delay, retry_after or 0.0)
            _log.info(
                "%s %s: %s on attempt %d of %d; retrying in %.2fs",
                request.method, path, failure_reason(error), attempt, policy.attempts, wait,
            )  # fmt: skip
        if delay:
            await clock.sleep(delay)
        if policy.deadline is not None:  # a retry never waits at the gate past the deadline
            budget = max(0.0, policy.deadline - (clock.now() - started))
            if not await client.rate_gate.ready(endpoint_class, budget=budget):
                raise error
            bound = (budget, error)


async def _attempt(
    client: Client,
    request: Request,
    path: str,
    attempt: int,
    idempotency_key: str | None,
    endpoint_class: str,
    bound: tuple[float, Exception] | None = None,
) -> Outcome:
    """One exchange: the successful response, or the error and any ``Retry-After`` it asked for.

    A custom rate limiter's wait is bounded (`acquire_within`): by ``bound`` on a retry.
    """
    if client._custom_limiter:
        await acquire_within(client.rate_limiter, endpoint_class, bound)
    else:
        await client._acquire(endpoint_class)
    response: Response | None = None
    debug = _log.isEnabledFor(logging.DEBUG)
    t0 = client.clock.now() if debug else 0.0
    try:
        if client._lifetime.closed:
            raise ClientClosedError("this Client is closed; create a new one")
        got = await _exchange_bounded(client, request)
        limit = request.max_response_bytes
        if limit is not None and len(got.content) > limit:  # a transport that does not stream
            raise ResponseTooLargeError(f"the response body exceeded max_response_bytes={limit}", limit=limit)
        response = got
    except TransportError as exc:
        if debug:
            elapsed = client.clock.now() - t0
            _log.debug("%s %s -> %s (attempt %d, %.3fs)", request.method, path, type(exc).__name__, attempt, elapsed)
        return exc, None
    finally:
        client._release(endpoint_class, response)
    status = response.status_code
    if debug:
        elapsed = client.clock.now() - t0
        _log.debug("%s %s -> %d (attempt %d, %.3fs)", request.method, path, status, attempt, elapsed)
    if 200 <= status < 300 or status == 304:
        return response
    return await _failure(client, response, idempotency_key, endpoint_class)


async def _exchange_bounded(client: Client, request: Request) -> Response:
    """The transport's answer within the client's ``timeout`` for the whole exchange.

    A transport that states ``enforces_timeout`` bounds the exchange itself; for any other, the
    attempt runs in a cancel scope with that deadline.
    """
    timeout = client.timeout
    if timeout is None or client._transport_enforces_timeout:
        return await client.transport.handle_request(request)
    with anyio.move_on_after(timeout):
        return await client.transport.handle_request(request)
    # Reached only when the scope's deadline cancelled the exchange.
    raise RequestTimeoutError(f"no complete response within timeout={timeout}s", request_sent=True)


async def _failure(
    client: Client, response: Response, idempotency_key: str | None, endpoint_class: str
) -> tuple[APIError, float | None]:
    """The typed error for a non-success ``response`` and its ``Retry-After``; a 429 pauses its class."""
    now = client.clock.wall()
    error = error_from_response(response, idempotency_key=idempotency_key, now=now)
    retry_after = error.retry_after if isinstance(error, RateLimitedError) else parse_retry_after(response, now=now)
    if response.status_code == 429 and retry_after is not None and retry_after <= client.retry.max_retry_after:
        # One 429 pauses every request of its class, not just this one (the gate).
        paused = response.header("x-ratelimit-endpoint-class") or endpoint_class
        await client.rate_limiter.pause(paused, retry_after)
    return error, retry_after


def _next_delay(
    client: Client,
    error: Exception,
    retry_after: float | None,
    waits: Iterator[float],
    started: float,
    policy: RetryPolicy,
) -> float | None:
    """Seconds to wait before the next attempt, or ``None`` to give up now."""
    if retry_after is not None:
        if retry_after > policy.max_retry_after:
            return None
        # After a 429 the rate gate already holds every request of this class.
        delay = 0.0 if isinstance(error, RateLimitedError) else retry_after
    else:
        delay = next(waits)
    waited_until = client.clock.now() + max(delay, retry_after or 0.0)
    if policy.deadline is not None and waited_until - started > policy.deadline:
        return None
    return delay
