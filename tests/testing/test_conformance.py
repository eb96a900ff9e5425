"""Every transport passes the conformance kit on the backends it supports."""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace

import anyio
import pytest

from layers_async import Request, Response, Transport
from layers_async.testing import NETWORK_CHECKS, TRANSPORT_CHECKS, FakeTransport, _conformance, check_transport
from layers_async.testing._conformance_server import Arrivals, route, serving
from layers_async.testing._fake._faults import InjectedDisconnect
from layers_async.testing._fake._http import HttpRequest, HttpResponse
from layers_async.transports import AiohttpTransport, Httpx2Transport, HttpxTransport


class KitBackend:
    """Stands where `FakeLayers` stands behind `FakeTransport`, answering like the kit's server."""

    # A non-empty fault plan: FakeTransport then goes through `handle_async`, where faults (here: the
    # kit's delays and cut-short responses) happen.
    faults = SimpleNamespace(rules=["conformance"])

    async def handle_async(self, request: HttpRequest) -> HttpResponse:
        reply = route(request.method, request.path, list(request.headers.items()), request.body)
        if reply.delay:
            await anyio.sleep(reply.delay)
        if reply.truncate:
            raise InjectedDisconnect("connection closed mid-response", committed=True, sent=True)
        return HttpResponse(reply.status, list(reply.headers), reply.body)


# FakeTransport answers in process: it opens no socket, passes no timeout (the emulator has no
# deadline), and the emulator's request model keeps the first value of a repeated header.
FAKE_SKIPS = NETWORK_CHECKS | {"timeout", "request_headers"}


def make_fake() -> Transport:
    return FakeTransport(KitBackend())  # type: ignore[arg-type]


NETWORK: dict[str, Callable[[], Transport]] = {
    "httpx": HttpxTransport,
    "httpx2": Httpx2Transport,
    "aiohttp": AiohttpTransport,
}


def network_cases() -> list[object]:
    cases: list[object] = []
    for name, make in NETWORK.items():
        for backend in ("asyncio", "trio"):
            marks = []
            if name == "aiohttp" and backend == "trio":
                marks = [pytest.mark.skip(reason="aiohttp runs on asyncio only")]
            for check in TRANSPORT_CHECKS:
                cases.append(pytest.param(backend, make, check, id=f"{name}-{backend}-{check}", marks=marks))
    return cases


@pytest.mark.anyio
@pytest.mark.parametrize(("anyio_backend", "make_transport", "check"), network_cases())
async def test_network_transport_passes_check(make_transport: Callable[[], Transport], check: str) -> None:
    await check_transport(make_transport, checks=[check])


@pytest.mark.anyio
@pytest.mark.parametrize("check", [c for c in TRANSPORT_CHECKS if c not in FAKE_SKIPS])
async def test_fake_transport_passes_check(check: str) -> None:
    await check_transport(make_fake, base_url="https://conformance.invalid", checks=[check])


class SlowToSend:
    """Waits before handing the request to httpx, and notes where a cancellation found it."""

    def __init__(self, delay: float) -> None:
        self.inner = HttpxTransport()
        self.delay = delay
        self.cancelled_in: list[str] = []

    async def handle_request(self, request: Request) -> Response:
        try:
            await anyio.sleep(self.delay)
        except anyio.get_cancelled_exc_class():
            self.cancelled_in.append("delay")
            raise
        try:
            return await self.inner.handle_request(request)
        except anyio.get_cancelled_exc_class():
            self.cancelled_in.append("request")
            raise

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.mark.anyio
async def test_cancellation_check_cancels_only_once_the_server_has_the_request() -> None:
    made: list[SlowToSend] = []

    def make() -> Transport:
        made.append(SlowToSend(0.3))
        return made[-1]

    await check_transport(make, checks=["cancellation"])
    assert ["request"] == made[0].cancelled_in


class NeverSends(SlowToSend):
    async def handle_request(self, request: Request) -> Response:
        await anyio.sleep_forever()
        raise AssertionError("unreachable")


@pytest.mark.anyio
async def test_cancellation_check_fails_when_the_request_never_arrives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_conformance, "_ARRIVAL_WAIT", 0.2)
    with pytest.raises(AssertionError, match=re.escape("did not reach the server within 0.2 s")):
        await check_transport(lambda: NeverSends(0), checks=["cancellation"])


@pytest.mark.anyio
async def test_the_kit_server_records_each_target_it_reads() -> None:
    arrivals = Arrivals()
    async with serving(arrivals) as url:
        transport = HttpxTransport()
        try:
            await transport.handle_request(Request("GET", f"{url}/status/200?n=1"))
        finally:
            await transport.aclose()
    assert (True, False) == (arrivals.event("/status/200?n=1").is_set(), arrivals.event("/status/200").is_set())
