"""MockTransport and RecordingClock: the unit-test helpers users get from layers_async.testing."""

from __future__ import annotations

import pytest

from layers_async import Client, Request, Response
from layers_async.errors import ClientClosedError, ConnectError
from layers_async.testing import MockTransport, RecordingClock, json_response

pytestmark = pytest.mark.anyio


async def test_an_async_handler_answers_and_every_request_is_recorded() -> None:
    async def handler(request: Request) -> Response:
        return json_response(200, {"seen": request.url})

    transport = MockTransport(handler)
    response = await transport.handle_request(Request("GET", "https://x/a"))
    assert (200, b'{"seen": "https://x/a"}', ["https://x/a"]) == (
        response.status_code,
        response.content,
        [r.url for r in transport.requests],
    )


async def test_a_sync_handler_answers() -> None:
    transport = MockTransport(lambda request: Response(204))
    assert 204 == (await transport.handle_request(Request("DELETE", "https://x/a"))).status_code


async def test_a_handler_may_raise_a_transport_error_that_the_client_retries() -> None:
    calls: list[int] = []

    def handler(request: Request) -> Response:
        calls.append(1)
        if len(calls) == 1:
            raise ConnectError("refused")
        return json_response(200, {"organizationId": "org_1"})

    clock = RecordingClock()
    async with Client(api_key="lp_test_m", transport=MockTransport(handler), clock=clock) as client:
        await client.send("GET", "/v1/whoami")
    assert (2, 1) == (len(calls), len(clock.sleeps))


async def test_a_closed_mock_transport_refuses_requests() -> None:
    transport = MockTransport(lambda request: Response(200))
    await transport.aclose()
    with pytest.raises(ClientClosedError):
        await transport.handle_request(Request("GET", "https://x/a"))


async def test_recording_clock_advances_virtual_time_without_waiting() -> None:
    clock = RecordingClock(start=100.0)
    await clock.sleep(2.5)
    await clock.sleep(-1)
    assert (102.5, [2.5, -1]) == (clock.now(), clock.sleeps)
