"""JSON out reads back: ``structure(to_dict(x), cls) == x`` for every model (Hypothesis builds the instances)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layers_async import to_dict, to_json
from layers_async._converter import structure
from tests._model_strategies import MODELS, instances


def json_only(value: object) -> bool:
    """Made of JSON types exactly (no enum, datetime or tuple left)."""
    if type(value) is dict:
        return all(type(k) is str and json_only(v) for k, v in value.items())
    if type(value) is list:
        return all(json_only(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: getattr(c, "__name__", str(c)))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_every_model_round_trips_through_to_dict(cls: Any, data: st.DataObject) -> None:
    model = data.draw(instances(cls))
    plain = to_dict(model)
    assert json_only(plain)
    assert plain == json.loads(to_json(model))
    assert model == structure(plain, cls)


def test_the_root_decides_the_naming() -> None:
    from datetime import datetime, timezone

    from layers_async.models import Job, JobStatus
    from layers_async.workflows import WorkflowConfig

    job = Job(job_id="job_1", status=JobStatus("paused"), started_at=datetime(2026, 5, 11, 9, 30, tzinfo=timezone.utc))
    assert {"jobId": "job_1", "status": "paused", "startedAt": "2026-05-11T09:30:00Z"}.items() <= to_dict(job).items()
    assert str is type(to_dict(job)["status"])
    config = to_dict(WorkflowConfig())
    assert "min_posts" in config and "minPosts" not in config
    assert {"type": "ValueError", "message": "bad"} == to_dict(ValueError("bad"))
