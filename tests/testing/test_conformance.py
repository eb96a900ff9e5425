"""Every transport passes the conformance kit on the backends it supports."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import anyio
import pytest

from layers_async import Transport
from layers_async.testing import NETWORK_CHECKS, TRANSPORT_CHECKS, FakeTransport, check_transport
from layers_async.testing._conformance_server import route
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
