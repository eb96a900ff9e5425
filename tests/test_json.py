"""One serializer for JSON out: models as on the wire, everything else camelCase, JSON types only."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import layers_async
from layers_async import to_dict, to_json
from layers_async._converter import structure, unstructure
from layers_async._tracker_state import TrackedJob
from layers_async.errors import NotFoundError
from layers_async.models import ContainerStatus, Job, JobStatus, TopPerformers
from layers_async.workflows import NoiseFloor, WorkflowConfig

JOB = {
    "jobId": "job_1",
    "kind": "content_clone_from_post",
    "status": "running",
    "projectId": "prj_1",
    "containerId": "cnt_1",
    "locationUrl": "/v1/jobs/job_1",
    "startedAt": "2026-05-13T08:00:04.123456Z",
}
TOP = {
    "metric": "engagement_rate",
    "window": "30d",
    "items": [
        {
            "rank": 1,
            "sourceType": "organic_post",
            "platformPostId": "pp_1",
            "thumbnailUrl": "https://cdn.example/1.jpg",
            "metricValue": 0.09,
            "organic": {"views": 900, "likes": 80},
        }
    ],
}


def keys(data: Any) -> set[str]:
    """Every key at any depth."""
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in keys(v)}
    return set()


def test_a_model_comes_out_as_the_converter_writes_it_for_the_wire() -> None:
    job = structure(JOB, Job)
    assert unstructure(job) == to_dict(job)
    assert "2026-05-13T08:00:04.123456Z" == to_dict(job)["startedAt"]


def test_top_performers_with_the_project_id_never_mix_cases() -> None:
    ranking = structure(TOP, TopPerformers)
    data = {"projectId": "prj_1", **to_dict(ranking)}
    assert {"platformPostId", "thumbnailUrl", "metricValue", "projectId"} <= keys(data)
    assert [] == sorted(k for k in keys(data) if "_" in k)


def test_a_report_keeps_its_attribute_names_with_json_types_only() -> None:
    floor = NoiseFloor(status="ok", post_count=6, views=900, avg_views=150.0, reason="enough")
    data = to_dict(floor)
    assert {"status": "ok", "post_count": 6, "views": 900, "avg_views": 150.0, "reason": "enough"} == data
    assert json.loads(to_json(WorkflowConfig()))["min_posts"] == WorkflowConfig().min_posts


def test_a_model_inside_a_report_follows_the_reports_naming() -> None:
    job = structure(JOB, Job)
    data = to_dict({"result": TrackedJob(job_id="job_1", outcome="completed", job=job)})
    assert ("job_1", "cnt_1", "2026-05-13T08:00:04.123456Z") == (
        data["result"]["job"]["job_id"],
        data["result"]["job"]["container_id"],
        data["result"]["job"]["started_at"],
    )


def test_enums_datetimes_tuples_and_errors_are_plain_values() -> None:
    when = datetime(2026, 5, 1, 12, 0, 0, 250000, tzinfo=timezone.utc)
    error = NotFoundError("Source post not found.", status_code=404, code="NOT_FOUND")
    result = TrackedJob(job_id=None, outcome="error", tag=("a", 1), container_id="cnt_1", error=error)
    data = to_dict({"when": when, "status": JobStatus.RUNNING, "open": ContainerStatus("brand_new"), "r": result})
    picked = {k: data["r"][k] for k in ("job_id", "outcome", "job", "tag", "container_id", "error")}
    assert ("2026-05-01T12:00:00.250Z", "running", "brand_new") == (data["when"], data["status"], data["open"])
    assert {
        "job_id": None,
        "outcome": "error",
        "job": None,
        "tag": ["a", 1],
        "container_id": "cnt_1",
        "error": {"type": "NotFoundError", "message": str(error)},
    } == picked


def test_to_json_is_exported_and_keeps_non_ascii() -> None:
    assert ("to_dict" in layers_async.__all__, '{"hook": "café"}') == (True, to_json({"hook": "café"}))
