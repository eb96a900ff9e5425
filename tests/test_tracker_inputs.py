"""Tracker inputs are checked at the call: add, clone and resume= raise InvalidRequestError, nothing else."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layers_async import Client, Request, Response
from layers_async._tracker_snapshot import MAX_SNAPSHOT_CHARS, load_snapshot
from layers_async.errors import InvalidRequestError
from layers_async.testing import MockTransport, RecordingClock

CID = "cnt_4b8e2a6c-0d3f-4a7b-9c1e-5f2a8d4b6c0e"
KEY = "6f1c3a52-7d1e-4a55-9a0e-3d2b8c4f5e61"


def client() -> Client:
    def handler(request: Request) -> Response:
        raise AssertionError(f"no request expected, got {request.method} {request.url}")

    clock = RecordingClock(wall_start=1_800_000_000.0)
    return Client(api_key="lp_test_in", transport=MockTransport(handler), clock=clock)


def token(**parts: Any) -> str:
    return json.dumps({"version": 1, "jobs": [], "clones": [], **parts})


CLONE = {
    "containerId": CID,
    "idempotencyKey": KEY,
    "projectId": "prj_1",
    "sourcePlatformPostId": "pp_1",
    "mode": "fork",
    "variations": 1,
    "projectLayerId": None,
    "tag": 0,
    "deadline": None,
}
JOB = {"jobId": "job_1", "containerId": None, "etag": None, "tag": None, "deadline": None, "idempotencyKey": None}


@pytest.mark.parametrize(
    ("job", "kwargs", "argument"),
    [
        ("", {}, "job"),
        ("job/../x", {}, "job"),
        ("job 1", {}, "job"),
        (7, {}, "job"),
        ("job_1", {"deadline": float("inf")}, "deadline"),
        ("job_1", {"deadline": -1}, "deadline"),
        ("job_1", {"tag": object()}, "tag"),
    ],
)
def test_add_refuses_bad_input_at_the_call(job: Any, kwargs: dict[str, Any], argument: str) -> None:
    tracker = client().jobs.tracker()
    with pytest.raises(InvalidRequestError) as info:
        tracker.add(job, **kwargs)
    assert (argument, 0) == (info.value.argument, tracker.counts.running)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"project_id": ""}, "project_id"),
        ({"mode": "sideways"}, "mode"),
        ({"variations": 1e999}, "variations"),
        ({"container_id": "../x"}, "container_id"),
        ({"deadline": float("nan")}, "deadline"),
    ],
)
def test_clone_refuses_bad_input_at_the_call(kwargs: dict[str, Any], argument: str) -> None:
    tracker = client().jobs.tracker()
    with pytest.raises(InvalidRequestError) as info:
        tracker.clone(**{"project_id": "prj_1", "source_platform_post_id": "pp_1", **kwargs})
    assert (argument, 0) == (info.value.argument, tracker.counts.running)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "null",
        "[]",
        "[" * 100_000,
        '{"version": 2, "jobs": [], "clones": []}',
        token(jobs=[{**JOB, "jobId": "../x"}]),
        token(jobs=[{**JOB, "jobId": ""}]),
        token(jobs=[{**JOB, "jobId": 5}]),
        token(jobs=[{**JOB, "etag": "é"}]),
        token(jobs=[{**JOB, "deadline": "soon"}]),
        token(jobs=[{**JOB, "idempotencyKey": "\n"}]),
        token(jobs=["job_1"]),
        token(jobs={"jobId": "job_1"}),
        token(clones=[{**CLONE, "variations": 1e999}]),
        token(clones=[{**CLONE, "variations": 11}]),
        token(clones=[{**CLONE, "containerId": "../x"}]),
        token(clones=[{**CLONE, "mode": "sideways"}]),
        token(clones=[{**CLONE, "idempotencyKey": None}]),
        token(results=[{"jobId": None, "outcome": "exploded"}]),
        token(results=[{"jobId": "job_1", "outcome": "completed", "job": {"jobId": 1}}]),
        token(results=[{"jobId": None, "outcome": "error", "error": {"type": "NotFoundError", "message": "x"}}]),
        token(jobs=[{**JOB, "deadline": 1e999}]),
    ],
)
def test_a_malformed_or_hostile_token_is_one_invalid_request_error(bad: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        client().jobs.tracker(resume=bad)
    assert "resume" == info.value.argument


def test_an_oversized_token_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(InvalidRequestError, match="longer than") as info:
        load_snapshot(" " * (MAX_SNAPSHOT_CHARS + 1), from_wall=float)
    assert "resume" == info.value.argument


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
field_names = st.sampled_from(sorted({*CLONE, *JOB, "outcome", "job", "error", "version", "jobs", "clones"}))
records = st.dictionaries(field_names, json_values, max_size=8)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=200),
        json_values.map(json.dumps),
        st.tuples(st.lists(records, max_size=3), st.lists(records, max_size=3), st.lists(records, max_size=3)).map(
            lambda t: json.dumps({"version": 1, "jobs": t[0], "clones": t[1], "results": t[2]})
        ),
        st.tuples(st.lists(json_values, max_size=3), st.sampled_from(["jobs", "clones", "results"])).map(
            lambda t: json.dumps({"version": 1, "jobs": [], "clones": [], t[1]: t[0]})
        ),
    )
)
def test_any_token_is_a_snapshot_or_one_invalid_request_error(text: str) -> None:
    try:
        entries, clones, results = load_snapshot(text, from_wall=float)
    except InvalidRequestError as exc:
        argument = exc.argument
    else:
        argument = "resume"
        assert all(isinstance(e.job_id, str) and e.job_id for e in entries)
        assert all(1 <= c.variations <= 10 for c in clones)
        assert all(r.outcome in {"completed", "failed", "canceled", "timed_out", "error"} for r in results)
    assert "resume" == argument


@settings(max_examples=100, deadline=None)
@given(
    tags=st.lists(json_values.filter(lambda v: v == v), max_size=5),  # NaN never equals itself
    variations=st.integers(1, 10),
    deadline=st.none() | st.floats(0, 1e6),
)
def test_a_snapshot_resumes_to_the_same_work(tags: list[Any], variations: int, deadline: float | None) -> None:
    first = client().jobs.tracker()
    for index, tag in enumerate(tags):
        first.clone(project_id="prj_1", source_platform_post_id="pp_1", variations=variations, tag=tag)
        first.add(f"job_{index}", tag=tag, deadline=deadline)
    resumed = client().jobs.tracker(resume=first.snapshot())
    assert first.snapshot() == resumed.snapshot()
