"""The tracker's default in-flight limit is the transport's stated safe concurrency."""

from __future__ import annotations

import pytest

from layers_async import Client, Transport
from layers_async.transports import AiohttpTransport, Httpx2Transport, HttpxTransport


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("transport_class", "expected"), [(HttpxTransport, 10), (Httpx2Transport, 25), (AiohttpTransport, 100)]
)
async def test_tracker_defaults_to_the_transports_figure(transport_class: type[Transport], expected: int) -> None:
    transport = transport_class()
    try:
        tracker = Client(api_key="lp_test_k", transport=transport).jobs.tracker()
    finally:
        await transport.aclose()
    assert expected == tracker.max_in_flight


@pytest.mark.anyio
async def test_an_explicit_limit_wins_over_the_transports_figure() -> None:
    transport = Httpx2Transport()
    try:
        tracker = Client(api_key="lp_test_k", transport=transport).jobs.tracker(max_in_flight=7)
    finally:
        await transport.aclose()
    assert 7 == tracker.max_in_flight
