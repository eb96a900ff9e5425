"""The tracker's default in-flight limit is the transport's stated safe concurrency."""

from __future__ import annotations

import pytest

from layers_async import Client, Transport
from layers_async._transport import DEFAULT_SAFE_CONCURRENCY, safe_concurrency
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


class _Plain:
    """A transport that states no safe concurrency."""

    async def handle_request(self, request: object) -> object:
        raise AssertionError("not called")

    async def aclose(self) -> None:
        return None


class _Stated(_Plain):
    def __init__(self, value: object) -> None:
        self.safe_concurrency = value


@pytest.mark.parametrize(
    ("transport", "expected"),
    [(_Plain(), DEFAULT_SAFE_CONCURRENCY), (_Stated(3), 3), (_Stated(0), 10), (_Stated("50"), 10), (_Stated(True), 10)],
)
def test_a_transport_stating_no_usable_figure_gets_the_documented_default(transport: object, expected: int) -> None:
    assert isinstance(transport, Transport)
    assert expected == safe_concurrency(transport)
    assert expected == Client(api_key="lp_test_k", transport=transport).jobs.tracker().max_in_flight  # type: ignore[arg-type]


def test_the_documented_default_is_ten() -> None:
    assert 10 == DEFAULT_SAFE_CONCURRENCY
