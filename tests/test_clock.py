"""The `Clock` contract: ``now()``, ``wall()`` and ``sleep()``, and the clocks that provide it."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from email.utils import format_datetime

import pytest

from layers_async import AnyioClock, Client, Clock, InvalidRequestError
from layers_async.testing import MockTransport, RealClock, RecordingClock, VirtualClock, json_response

JOB = {
    "jobId": "job_01",
    "kind": "content_clone_from_post",
    "status": "running",
    "stage": "queued",
    "projectId": "prj_1",
    "containerId": "cnt_6d2f8a14-b39e-4c71-8f05-2ae9c7d41b58",
    "locationUrl": "/v1/jobs/job_01",
    "startedAt": "2026-05-11T09:30:02Z",
}


@pytest.mark.parametrize("clock", [AnyioClock(), RecordingClock(), VirtualClock(), RealClock(speed=10)])
def test_every_shipped_clock_provides_the_whole_contract(clock: object) -> None:
    assert isinstance(clock, Clock)


def test_anyio_clock_wall_is_epoch_time() -> None:
    before = time.time()
    wall = AnyioClock().wall()
    assert before <= wall <= time.time()


@pytest.mark.anyio
async def test_recording_clock_wall_moves_with_its_virtual_time() -> None:
    clock = RecordingClock(start=5.0, wall_start=1_000.0)
    await clock.sleep(30.0)
    assert (35.0, 1_030.0) == (clock.now(), clock.wall())


def test_a_clock_without_wall_is_refused_at_construction() -> None:
    class OldClock:
        def now(self) -> float:
            return 0.0

        async def sleep(self, seconds: float) -> None:
            return None

    with pytest.raises(InvalidRequestError, match="wall") as info:
        Client(api_key="lp_test_c", transport=MockTransport(lambda r: json_response(200, JOB)), clock=OldClock())  # type: ignore[arg-type]
    assert "clock" == info.value.argument


@pytest.mark.anyio
async def test_an_http_date_retry_after_is_read_against_the_clocks_wall_time() -> None:
    # The wall clock says 2030-01-01T00:00:00Z; the server asks to come back 20 s later.
    wall = datetime(2030, 1, 1, tzinfo=timezone.utc).timestamp()
    answers = iter(
        [
            json_response(
                503,
                {"error": {"code": "UNAVAILABLE", "message": "x"}},
                {"Retry-After": format_datetime(datetime.fromtimestamp(wall + 20, timezone.utc), usegmt=True)},
            ),
            json_response(200, JOB),
        ]
    )
    clock = RecordingClock(wall_start=wall)
    async with Client(api_key="lp_test_c", transport=MockTransport(lambda r: next(answers)), clock=clock) as client:
        await client.jobs.get("job_01")
    assert [20.0] == clock.sleeps


@pytest.mark.anyio
async def test_the_rate_gate_reads_the_reset_against_the_clocks_wall_time() -> None:
    wall = 2_000_000_000.0
    headers = {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(wall + 12)}
    clock = RecordingClock(wall_start=wall)
    transport = MockTransport(lambda r: json_response(200, JOB, headers))
    async with Client(api_key="lp_test_c", transport=transport, clock=clock) as client:
        await client.jobs.get("job_01")
        await client.jobs.get("job_01")
    assert [12.0] == clock.sleeps
