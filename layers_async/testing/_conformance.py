"""A conformance kit for `layers_async.Transport` implementations: ``await check_transport(make)``.

The kit starts its own HTTP/1.1 server on 127.0.0.1 (a free port), runs each check against a fresh
transport from ``make_transport``, closes it, and stops the server. A failed check raises
`AssertionError` naming the check. Use it from any async test::

    @pytest.mark.anyio
    @pytest.mark.parametrize("check", TRANSPORT_CHECKS)
    async def test_my_transport_conforms(check: str) -> None:
        await check_transport(MyTransport, checks=[check])

The checks (`TRANSPORT_CHECKS`, run in this order):

* ``methods``: GET, POST, PATCH, PUT and DELETE arrive with their method (and body).
* ``request_headers`` / ``response_headers``: repeated headers keep every value in order; names
  compare case-insensitively both ways.
* ``empty_body``, ``binary_body``, ``large_body``: no body, all 256 byte values, 1 MiB, both ways.
* ``status_codes``: 200/201/202/204/4xx/5xx come back as responses, never as exceptions.
* ``not_modified``: a 304 has no body and keeps its ``ETag``.
* ``no_redirects``: a 307 comes back as it is; the transport never follows it.
* ``size_cap``: a body over ``Request.max_response_bytes`` raises `ResponseTooLargeError`.
* ``timeout``: ``Request.timeout`` is honoured: `RequestTimeoutError` with ``request_sent=True``.
* ``connection_refused``: `ConnectError` with ``request_sent=False`` (in `NETWORK_CHECKS`).
* ``server_closes_mid_response``: `TransportError` with ``request_sent=True``.
* ``cancellation``: cancelling the awaiting task once the server has the request raises the backend's
  cancellation, and the transport still works afterwards.
* ``aclose_twice``: a second ``aclose()`` is harmless.
* ``use_after_close``: a request after ``aclose()`` raises `ClientClosedError`.
"""

from __future__ import annotations

import base64
import json
import random
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, NoReturn

import anyio

from layers_async._transport import Request, Transport
from layers_async.errors import (
    ClientClosedError,
    ConnectError,
    InvalidRequestError,
    RequestTimeoutError,
    ResponseTooLargeError,
    TransportError,
)
from layers_async.testing._conformance_server import Arrivals, serving

__all__ = ["NETWORK_CHECKS", "TRANSPORT_CHECKS", "check_transport"]

_CHECK_DEADLINE = 10.0  # seconds one check may take, slow endpoints included
_TIMEOUT = 0.2  # the Request.timeout the timeout check sets
_ARRIVAL_WAIT = 5.0  # seconds a check waits for its request to reach the server (a loaded box is slow)
_LARGE = random.Random(0).randbytes(1 << 20)
_BINARY = bytes(range(256)) * 4
_STATUSES = (200, 201, 202, 204, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504)


@dataclass(frozen=True)
class _Kit:
    """Where the checks send their requests, and how they learn that one has arrived."""

    url: str
    #: The kit's own server records what it reads here; ``None`` for a caller's in-process backend.
    arrivals: Arrivals | None

    async def arrived(self, target: str) -> bool:
        """Wait until the server has read a request for ``target``; ``False`` if none came in time.

        An in-process backend cannot be observed from here: its request has reached it once every task
        in the process is blocked (a socket-free transport has nothing else to wait for).
        """
        with anyio.move_on_after(_ARRIVAL_WAIT):
            if self.arrivals is None:
                await anyio.wait_all_tasks_blocked()
            else:
                await self.arrivals.event(target).wait()
            return True
        return False


_Check = Callable[[Callable[[], Transport], _Kit], Awaitable[None]]


def _fail(message: str) -> NoReturn:
    raise AssertionError(message)


def _values(headers: Iterable[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in headers if k.lower() == name.lower()]


@asynccontextmanager
async def _opened(make_transport: Callable[[], Transport]) -> AsyncIterator[Transport]:
    transport = make_transport()
    if not isinstance(transport, Transport):
        _fail(f"make_transport() returned {transport!r}, which lacks handle_request/aclose")
    try:
        yield transport
    finally:
        with anyio.CancelScope(shield=True):
            await transport.aclose()


async def _echo(transport: Transport, base_url: str, method: str, **kwargs: Any) -> dict[str, Any]:
    response = await transport.handle_request(Request(method, f"{base_url}/echo", **kwargs))
    if response.status_code != 200:
        _fail(f"{method} /echo answered {response.status_code}, expected 200")
    echo: dict[str, Any] = json.loads(response.content)
    echo["body"] = base64.b64decode(echo["body"])
    return echo


async def _methods(make_transport: Callable[[], Transport], kit: _Kit) -> None:
    async with _opened(make_transport) as transport:
        for method in ("GET", "POST", "PATCH", "PUT", "DELETE"):
            body = b'{"method":"%s"}' % method.encode() if method in ("POST", "PATCH", "PUT") else b""
            echo = await _echo(transport, kit.url, method, content=body)
            if (method, body) != (echo["method"], echo["body"]):
                _fail(f"sent {method} with {body!r}, the server saw {echo['method']} with {echo['body']!r}")


async def _request_headers(make_transport: Callable[[], Transport], kit: _Kit) -> None:
    sent = [("X-Repeated", "one"), ("x-repeated", "two"), ("X-Mixed-Case", "Value")]
    async with _opened(make_transport) as transport:
        echo = await _echo(transport, kit.url, "GET", headers=sent)
    seen = [(k, v) for k, v in echo["headers"]]
    expected = (["one", "two"], ["Value"])
    actual = (_values(seen, "x-repeated"), _values(seen, "x-mixed-case"))
    if expected != actual:
        _fail(f"request headers {sent} arrived as {seen}")


async def _response_headers(make_transport: Callable[[], Transport], kit: _Kit) -> None:
    async with _opened(make_transport) as transport:
        response = await transport.handle_request(Request("GET", f"{kit.url}/headers"))
    expected = (["one", "two"], "Value")
    actual = (_values(response.headers, "X-REPEATED"), response.header("x-mixed-case"))
    if expected != actual:
        _fail(f"response headers X-Repeated: one, X-Repeated: two, X-Mixed-Case: Value came back as {response.headers}")


async def _empty_body(make_transport: Callable[[], Transport], kit: _Kit) -> None:
    async with _opened(make_transport) as transport:
        for method in ("GET", "POST"):
            echo = await _echo(transport, kit.url, method)
            if echo["body"] != b"" or _values(echo["headers"], "transfer-encoding"):
                _fail(f"{method} without a body sent {echo['body']!r} with headers {echo['headers']}")


async def _round_trip(make_transport: Callable[[], Transport], base_url: str, body: bytes, what: str) -> None:
    async with _opened(make_transport) as transport:
        response = await transport.handle_request(
            Request("PUT", f"{base_url}/bytes", [("Content-Type", "application/octet-stream")], body)
        )
    if (200, body) != (response.status_code, response.content):
        _fail(f"{what} ({len(body)} bytes) came back as {response.status_code}, {len(response.content)} bytes")


async def _binary_body(make_transport: Callable[[], Transport], kit: _Kit) -> None:
    await _round_trip(make_transport, kit.url, _BINARY, "a body with every byte value")


async def _large_body(make_transport: Callable[[], Transport], kit: _Kit) -> None:
    await _round_trip(make_transport, kit.url, _LARGE, "a 1 MiB body")


async def _status_codes(make_transport: Callable[[], Transport], kit: _Kit) -> None:
    async with _opened(make_transport) as transport:
        for status in _STATUSES:
            response = await transport.handle_request(Request("GET", f"{kit.url}/status/{status}"))
            expected = (status, b"" if status == 204 else f"status {status}".encode())
            if expected != (response.status_code, response.content):
                _fail(f"/status/{status} came back as {response.status_code} with {response.content!r}")


async def _not_modified(make_transport: Callable[[], Transport], kit: _Kit) -> None:
    request = Request("GET", f"{kit.url}/status/304", [("If-None-Match", '"conformance"')])
    async with _opened(make_transport) as transport:
        response = await transport.handle_request(request)
    expected = (304, b"", '"conformance"')
    actual = (response.status_code, response.content, response.header("etag"))
    if expected != actual:
        _fail(f"a 304 came back as {actual}, expected {expected}")


async def _no_redirects(make_transport: Callable[[], Transport], kit: _Kit) -> None:
    async with _opened(make_transport) as transport:
        response = await transport.handle_request(Request("GET", f"{kit.url}/redirect"))
    if (response.status_code, response.header("location")) != (307, "/echo"):
        _fail(f"a 307 came back as {response.status_code}: the transport followed the redirect")


async def _size_cap(make_transport: Callable[[], Transport], kit: _Kit) -> None:
    request = Request("POST", f"{kit.url}/bytes", content=b"x" * 4096, max_response_bytes=1024)
    async with _opened(make_transport) as transport:
        try:
            response = await transport.handle_request(request)
        except ResponseTooLargeError as exc:
            if exc.limit != 1024:
                _fail(f"ResponseTooLargeError names the limit {exc.limit}, expected 1024")
            return
    _fail(f"a 4096-byte body over max_response_bytes=1024 came back ({len(response.content)} bytes)")


async def _expect_transport_error(transport: Transport, request: Request) -> TransportError:
    try:
        response = await transport.handle_request(request)
    except TransportError as exc:
        return exc
    except Exception as exc:
        _fail(f"{request.method} {request.url} raised {exc!r}, not a layers_async TransportError")
    _fail(f"{request.method} {request.url} answered {response.status_code} instead of failing")


async def _timeout(make_transport: Callable[[], Transport], kit: _Kit) -> None:
    async with _opened(make_transport) as transport:
        started = anyio.current_time()
        exc = await _expect_transport_error(transport, Request("GET", f"{kit.url}/slow/5", timeout=_TIMEOUT))
        waited = anyio.current_time() - started
    if not (isinstance(exc, RequestTimeoutError) and exc.request_sent):
        _fail(f"Request.timeout={_TIMEOUT} raised {exc!r}, expected RequestTimeoutError(request_sent=True)")
    if waited > 2.0:
        _fail(f"Request.timeout={_TIMEOUT} took {waited:.1f} s to fire")


def _refused_url() -> str:
    # A port that was free a moment ago: nothing listens there now.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/echo"


async def _connection_refused(make_transport: Callable[[], Transport], kit: _Kit) -> None:
    async with _opened(make_transport) as transport:
        exc = await _expect_transport_error(transport, Request("GET", _refused_url(), timeout=5))
    if not (isinstance(exc, ConnectError) and exc.request_sent is False):
        _fail(f"a refused connection raised {exc!r}, expected ConnectError(request_sent=False)")


async def _server_closes_mid_response(make_transport: Callable[[], Transport], kit: _Kit) -> None:
    async with _opened(make_transport) as transport:
        exc = await _expect_transport_error(transport, Request("GET", f"{kit.url}/close", timeout=5))
    if isinstance(exc, ConnectError) or not exc.request_sent:
        _fail(f"a response cut short raised {exc!r}, expected TransportError(request_sent=True)")


async def _cancellation(make_transport: Callable[[], Transport], kit: _Kit) -> None:
    seen: list[BaseException] = []

    target = "/slow/5?check=cancellation"  # its own target: the timeout check's /slow/5 must not count

    async def wait_for_slow(transport: Transport) -> None:
        try:
            await transport.handle_request(Request("GET", f"{kit.url}{target}"))
        except BaseException as exc:
            seen.append(exc)
            raise

    async with _opened(make_transport) as transport:
        try:
            async with anyio.create_task_group() as tg:
                tg.start_soon(wait_for_slow, transport)
                # Cancel once the request is in flight at the server, however long the box takes to get it there.
                arrived = await kit.arrived(target)
                tg.cancel_scope.cancel()
        except Exception as exc:
            _fail(f"cancelling an in-flight request raised {exc!r} instead of the backend's cancellation")
        if not arrived:
            _fail(
                f"the request did not reach the server within {_ARRIVAL_WAIT:g} s, so nothing was cancelled in flight"
            )
        if not (seen and isinstance(seen[0], anyio.get_cancelled_exc_class())):
            _fail(f"cancelling an in-flight request ended it with {seen!r}")
        response = await transport.handle_request(Request("GET", f"{kit.url}/status/200"))
        if response.status_code != 200:
            _fail(f"after a cancellation the transport answered {response.status_code}")


async def _aclose_twice(make_transport: Callable[[], Transport], kit: _Kit) -> None:
    transport = make_transport()
    await transport.handle_request(Request("GET", f"{kit.url}/status/200"))
    await transport.aclose()
    await transport.aclose()


async def _use_after_close(make_transport: Callable[[], Transport], kit: _Kit) -> None:
    transport = make_transport()
    await transport.handle_request(Request("GET", f"{kit.url}/status/200"))
    await transport.aclose()
    try:
        await transport.handle_request(Request("GET", f"{kit.url}/status/200"))
    except ClientClosedError:
        return
    except Exception as exc:
        _fail(f"a request after aclose() raised {exc!r}, expected ClientClosedError")
    _fail("a request after aclose() was answered, expected ClientClosedError")


_CHECKS: dict[str, _Check] = {
    "methods": _methods,
    "request_headers": _request_headers,
    "response_headers": _response_headers,
    "empty_body": _empty_body,
    "binary_body": _binary_body,
    "large_body": _large_body,
    "status_codes": _status_codes,
    "not_modified": _not_modified,
    "no_redirects": _no_redirects,
    "size_cap": _size_cap,
    "timeout": _timeout,
    "connection_refused": _connection_refused,
    "server_closes_mid_response": _server_closes_mid_response,
    "cancellation": _cancellation,
    "aclose_twice": _aclose_twice,
    "use_after_close": _use_after_close,
}

TRANSPORT_CHECKS: tuple[str, ...] = tuple(_CHECKS)
"""Every check's name, in the order `check_transport` runs them."""

NETWORK_CHECKS: frozenset[str] = frozenset({"connection_refused"})
"""Checks that need a real socket: skip them for a transport that never opens one."""


async def check_transport(
    make_transport: Callable[[], Transport],
    *,
    base_url: str | None = None,
    checks: Iterable[str] | None = None,
    skip: Iterable[str] = (),
) -> None:
    """Run the conformance checks against fresh transports from ``make_transport``.

    Args:
        make_transport: Called once per check, inside the running event loop; returns a new transport.
            The kit closes it.
        base_url: Where the kit's endpoints are. By default the kit serves them on 127.0.0.1 itself
            for the duration of the call; pass a URL only for an in-process transport that routes
            every URL to its own backend (which must then answer like the kit's server).
        checks: The checks to run (names from `TRANSPORT_CHECKS`); all by default.
        skip: Checks that do not apply to this transport, e.g. `NETWORK_CHECKS`.

    Raises:
        AssertionError: A check failed; the message names it and what was seen.
        InvalidRequestError: An unknown check name.
    """
    wanted = TRANSPORT_CHECKS if checks is None else tuple(checks)
    skipped = frozenset(skip)
    unknown = sorted((set(wanted) | skipped) - set(_CHECKS))
    if unknown:
        raise InvalidRequestError(f"unknown conformance checks {unknown}; see TRANSPORT_CHECKS", argument="checks")
    selected = [name for name in TRANSPORT_CHECKS if name in wanted and name not in skipped]
    if base_url is not None:
        failure = await _run(selected, make_transport, _Kit(base_url.rstrip("/"), None))
    else:
        arrivals = Arrivals()
        async with serving(arrivals) as served_url:
            failure = await _run(selected, make_transport, _Kit(served_url, arrivals))
    if failure is not None:
        # Raised here, outside the server's task group, so it is not wrapped in an exception group.
        raise failure


async def _run(names: list[str], make_transport: Callable[[], Transport], kit: _Kit) -> AssertionError | None:
    for name in names:
        try:
            with anyio.fail_after(_CHECK_DEADLINE):
                await _CHECKS[name](make_transport, kit)
        except AssertionError as exc:
            return AssertionError(f"transport check {name!r} failed: {exc}")
        except TimeoutError:
            return AssertionError(f"transport check {name!r} did not finish within {_CHECK_DEADLINE:.0f} s")
        except Exception as exc:
            failure = AssertionError(f"transport check {name!r} failed: unexpected {exc!r}")
            failure.__cause__ = exc
            return failure
    return None
