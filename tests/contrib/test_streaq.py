"""`DailyFleet` in one process, on asyncio and trio: a worker and a producer on a real redis-server.

The multi-process run with a SIGKILLed worker is tests/contrib/test_fleet.py.
"""

from __future__ import annotations

import gc
import json
import os
import uuid
from typing import Any

import anyio
import pytest

from layers_async.errors import InvalidRequestError, JobStoreError
from layers_async.testing import FakeLayers, VirtualClock
from tests.contrib._fleet_world import build_projects

DAY = "2026-05-11"


@pytest.fixture(autouse=True)
def streaq_installed() -> None:
    try:
        import streaq  # noqa: F401
    except ImportError:
        reason = "streaq is not installed (pip install -e '.[dev]' on Python >= 3.11)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the fleet tests must run)")
        pytest.skip(reason)


@pytest.fixture
def names() -> dict[str, str]:
    run = uuid.uuid4().hex[:8]
    return {"namespace": f"fleet-{run}", "queue": f"daily-{run}"}


def fleet(redis: str, names: dict[str, str], *, api_key: str = "lp_test_fleet", **options: Any) -> Any:
    from layers_async.contrib.streaq import DailyFleet

    return DailyFleet(redis, api_key=api_key, tier="partner", **names, **options)


@pytest.mark.parametrize(
    ("argument", "options"),
    [
        ("redis", {"redis": "127.0.0.1:6379"}),
        ("concurrency", {"concurrency": 0}),
        ("max_tries", {"max_tries": True}),
        ("idle_timeout", {"idle_timeout": 0.5}),
        ("task_timeout", {"task_timeout": float("nan")}),
        ("anyio_backend", {"anyio_backend": "curio"}),
        ("tier", {"tier": "gold"}),
        ("limits", {"limits": {"read-light": 0}}),
        ("namespace", {"namespace": "a}b"}),
    ],
)
def test_a_bad_argument_is_refused_before_any_io(argument: str, options: dict[str, Any]) -> None:
    from layers_async.contrib.streaq import DailyFleet

    redis = options.pop("redis", "redis://127.0.0.1:1/0")
    with pytest.raises(InvalidRequestError) as caught:
        DailyFleet(redis, api_key="lp_test_fleet", **options)
    assert argument == caught.value.argument


@pytest.mark.anyio
async def test_a_bad_day_or_project_id_is_refused_and_a_fleet_not_entered_says_so(redis_server: str) -> None:
    made = fleet(redis_server, {"namespace": "n", "queue": "q"})
    with pytest.raises(InvalidRequestError) as caught:
        await made.enqueue(["p"], day="11/05/2026")
    assert "day" == caught.value.argument
    with pytest.raises(InvalidRequestError) as caught:
        await made.enqueue(["p", ""], day=DAY)
    assert "project_ids" == caught.value.argument
    with pytest.raises(JobStoreError, match="enter the fleet first"):
        await made.enqueue(["p"], day=DAY)
    with pytest.raises(JobStoreError, match="enter the fleet first"):
        await made.reports(DAY)


# coredis (6.9) leaves its connection's memory streams unclosed when the connection fails: collected
# here, under this test's filter, so the warning is not raised in whichever test the GC runs next.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.anyio
async def test_an_unreachable_redis_is_a_job_store_error() -> None:
    async def enter() -> str:
        try:
            async with fleet("redis://127.0.0.1:1/0", {"namespace": "n", "queue": "q"}):
                return "entered"
        except JobStoreError as exc:
            return str(exc)

    message = await enter()
    gc.collect()
    assert message.startswith("could not connect the fleet's queue"), message


# streaq (7.2) never closes the original receive end of its consumers' memory stream (each consumer
# closes its clone): collected at the end of this test, under this test's filter.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.anyio
async def test_a_worker_runs_each_project_once_retries_an_error_and_enqueuing_again_is_a_no_op(
    redis_server: str, names: dict[str, str], anyio_backend: str
) -> None:
    fake = FakeLayers(seed=3, clock=VirtualClock(), stage_seconds=(1.0, 1.0, 1.0))
    org = fake.create_org("fleet", credits=10_000)
    key = fake.create_key(org, tier="partner")
    projects = build_projects(fake, org, 3)
    events: list[tuple[str, str]] = []
    options = {"transport": fake.transport(), "clock": fake.clock}
    on_event = lambda e: events.append((e.tag[1], e.job_id))  # noqa: E731
    worker = fleet(redis_server, names, api_key=key.secret, on_event=on_event, client_options=options, max_tries=2)
    queued = [*projects, "prj_unknown"]
    async with fleet(redis_server, names) as producer:
        assert (4, 4) == (await producer.enqueue(queued, day=DAY), await producer.enqueue(queued, day=DAY))
        with anyio.fail_after(60):
            async with anyio.create_task_group() as tg:
                tg.start_soon(worker.run_async)
                # Until the last report is written and its task acknowledged (the worker is idle).
                while len(await producer.reports(DAY)) < 4 or worker.worker.running():  # noqa: ASYNC110
                    await anyio.sleep(0.05)
                tg.cancel_scope.cancel()
        reports = {p: json.loads(r) for p, r in (await producer.reports(DAY)).items()}
        assert 0 == await producer.enqueue(queued, day=DAY)
    retried = worker.worker.counters["retried"]
    del worker
    gc.collect()
    assert set(queued) == set(reports)
    # The unknown project's run ended in an error: retried once, then its error report was kept.
    assert (1, "error") == (retried, reports.pop("prj_unknown")["decision"])
    assert [1, 1, 1] == [fake.job_count(p) for p in projects]
    for project in projects:
        [clone] = reports[project]["clones"]
        assert ({clone["job_id"]}, "completed") == ({j for p, j in events if p == project}, clone["outcome"])
