"""client.jobs.wait: the documented cadence, ETags, outcomes and timeouts."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator

import pytest

from layers_async import Client, Request, Response
from layers_async._polling import PollPolicy
from layers_async.errors import JobCanceledError, JobFailedError, PollTimeoutError
from layers_async.models import Job, JobStatus
from layers_async.testing import MockTransport, RecordingClock, json_response

pytestmark = pytest.mark.anyio

JOB = {
    "jobId": "job_01",
    "kind": "content_clone_from_post",
    "status": "running",
    "stage": "queued",
    "projectId": "prj_1",
    "containerId": "cnt_1",
    "locationUrl": "/v1/jobs/job_01",
    "startedAt": "2026-05-11T09:30:02Z",
}
# The vendor's own polling example: no projectId, containerId or locationUrl.
MINIMAL_JOB = {k: JOB[k] for k in ("jobId", "kind", "status", "stage", "startedAt")} | {"progress": 0.4}


_SHAPE: list[dict[str, object]] = [JOB]


@pytest.fixture(autouse=True, params=[JOB, MINIMAL_JOB], ids=["full-shapes", "minimal-shapes"])
def shape(request: pytest.FixtureRequest) -> Iterator[dict[str, object]]:
    """Every wait test runs against full envelopes and against the vendor's minimal ones."""
    _SHAPE[0] = request.param
    yield request.param
    _SHAPE[0] = JOB


def server(statuses: list[str]) -> tuple[MockTransport, list[Request]]:
    """Answer with each status in turn (a changed ETag per change, 304 when the client has it)."""
    seen: list[Request] = []
    steps = itertools.chain(statuses, itertools.repeat(statuses[-1]))

    def handler(request: Request) -> Response:
        seen.append(request)
        status = next(steps)
        etag = f'"{status}"'
        if request.header("if-none-match") == etag:
            return Response(304, {"ETag": etag})
        extra = {"error": {"code": "GENERATION_FAILED", "message": "encoder"}} if status == "failed" else {}
        return json_response(200, {**_SHAPE[0], "status": status, **extra}, {"ETag": etag})

    return MockTransport(handler), seen


def client_with(transport: MockTransport) -> tuple[Client, RecordingClock]:
    clock = RecordingClock()
    return Client(api_key="lp_test_w", transport=transport, clock=clock), clock


async def test_wait_follows_the_documented_cadence() -> None:
    transport, _ = server(["running"] * 9 + ["completed"])
    client, clock = client_with(transport)
    job = await client.jobs.wait("job_01", poll=PollPolicy(jitter=0))
    assert JobStatus.COMPLETED is job.status
    expected = [2.0, 2.6, 3.38, 4.394, 5.7122, 7.42586, 9.653618, 10.0, 10.0, 10.0]
    assert expected == pytest.approx(clock.sleeps)


async def test_default_jitter_stays_within_half_a_second() -> None:
    transport, _ = server(["running"] * 3 + ["completed"])
    client, clock = client_with(transport)
    await client.jobs.wait("job_01")
    bases = [min(2.0 * 1.3**n, 10.0) for n in range(4)]
    assert all(b <= s <= b + 0.5 for s, b in zip(clock.sleeps, bases, strict=True))


async def test_wait_sends_if_none_match_and_treats_304_as_unchanged() -> None:
    transport, seen = server(["running", "running", "running", "completed"])
    client, _ = client_with(transport)
    await client.jobs.wait("job_01", poll=PollPolicy(jitter=0))
    assert [None, '"running"', '"running"', '"running"'] == [r.header("if-none-match") for r in seen]


async def test_wait_accepts_the_accepted_job_model() -> None:
    transport, seen = server(["running", "completed"])
    client, _ = client_with(transport)
    accepted = await client.jobs.get("job_01")
    job = await client.jobs.wait(accepted)
    assert (JobStatus.COMPLETED, '"running"', 2) == (job.status, seen[-1].header("if-none-match"), len(seen))


async def test_wait_on_a_terminal_job_returns_it_without_polling() -> None:
    transport, seen = server(["completed"])
    client, clock = client_with(transport)
    job = await client.jobs.get("job_01")
    assert job is await client.jobs.wait(job)
    assert (1, []) == (len(seen), clock.sleeps)


async def test_wait_returns_a_failed_job_unless_asked_to_raise() -> None:
    transport, _ = server(["running", "failed"])
    client, _ = client_with(transport)
    job = await client.jobs.wait("job_01")
    assert JobStatus.FAILED is job.status
    with pytest.raises(JobFailedError, match="GENERATION_FAILED") as info:
        await client.jobs.wait("job_01", raise_on_failure=True)
    assert info.value.job is not None
    assert "job_01" == info.value.job_id


async def test_wait_raises_job_canceled_when_asked() -> None:
    transport, _ = server(["canceled"])
    client, _ = client_with(transport)
    with pytest.raises(JobCanceledError):
        await client.jobs.wait("job_01", raise_on_failure=True)


async def test_wait_times_out_on_the_clients_clock() -> None:
    transport, seen = server(["running"])
    client, clock = client_with(transport)
    with pytest.raises(PollTimeoutError) as info:
        await client.jobs.wait("job_01", timeout=15.0)
    assert 15.0 == pytest.approx(clock.now())
    assert info.value.job is not None
    assert 0 < len(seen) < 10


async def test_an_unknown_status_is_not_terminal() -> None:
    transport, _ = server(["paused", "completed"])
    client, _ = client_with(transport)
    job = await client.jobs.wait("job_01")
    assert JobStatus.COMPLETED is job.status


def test_poll_policy_validates() -> None:
    with pytest.raises(ValueError):
        PollPolicy(multiplier=0.5)
    assert 2.0 == PollPolicy(jitter=0).delay(0)
    assert json.dumps(10.0) == json.dumps(PollPolicy(jitter=0).delay(50))


async def test_a_poll_without_container_id_keeps_the_one_already_known(shape: dict[str, object]) -> None:
    transport, _ = server(["running", "completed"])
    client, _ = client_with(transport)
    known = Job(job_id="job_01", status=JobStatus.RUNNING, container_id="cnt_9", project_id="prj_9")
    job = await client.jobs.wait(known)
    expected = (shape.get("containerId", "cnt_9"), shape.get("projectId", "prj_9"), JobStatus.COMPLETED)
    assert expected == (job.container_id, job.project_id, job.status)


@pytest.mark.parametrize("n", [0, 2706, 10**6, 10**100])
def test_delay_never_overflows(n: int) -> None:
    delay = PollPolicy(jitter=0).delay(n)
    assert (2.0 if n == 0 else 10.0) == delay


@pytest.mark.parametrize("field", ["first", "maximum", "jitter", "multiplier"])
@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0])
def test_a_policy_refuses_a_value_it_could_not_sleep_on(field: str, value: float) -> None:
    with pytest.raises(ValueError, match=field):
        PollPolicy(**{field: value})
