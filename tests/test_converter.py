"""The wire format: camelCase, timestamps, open enums, decode errors naming the field."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from layers_async._converter import camel, format_timestamp, parse_timestamp, structure, unstructure
from layers_async.errors import ResponseDecodeError
from layers_async.models import (
    CloneFromPostRequest,
    CloneMode,
    Container,
    ContainerStatus,
    Job,
    JobStatus,
)

JOB = {
    "jobId": "job_01",
    "kind": "content_clone_from_post",
    "status": "failed",
    "stage": "generating_visuals",
    "progress": 0.35,
    "projectId": "prj_1",
    "containerId": "cnt_1",
    "locationUrl": "/v1/jobs/job_01",
    "startedAt": "2026-05-11T09:30:02Z",
    "finishedAt": "2026-05-11T09:31:40.250Z",
    "error": {"code": "GENERATION_FAILED", "message": "Rendering stopped after repeated encoder faults."},
}


def test_camel_case() -> None:
    assert (camel("project_layer_id"), camel("first_n"), camel("id")) == ("projectLayerId", "firstN", "id")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-11T09:30:00Z", datetime(2026, 5, 11, 9, 30, tzinfo=timezone.utc)),
        ("2026-05-11T09:30:00.250Z", datetime(2026, 5, 11, 9, 30, 0, 250000, tzinfo=timezone.utc)),
        ("2026-05-11T09:30:00.123456789Z", datetime(2026, 5, 11, 9, 30, 0, 123456, tzinfo=timezone.utc)),
        ("2026-05-11T11:30:00+02:00", datetime(2026, 5, 11, 9, 30, tzinfo=timezone.utc)),
    ],
)
def test_timestamps_with_or_without_fractions(text: str, expected: datetime) -> None:
    assert expected == parse_timestamp(text)


@pytest.mark.parametrize("fraction", ["", ".2", ".25", ".250", ".2500", ".25000", ".250000", ".123456789"])
def test_every_fraction_length_reads_as_the_same_utc_instant(fraction: str) -> None:
    parsed = parse_timestamp(f"2026-05-11T09:30:00{fraction}Z")
    micro = int(fraction[1:7].ljust(6, "0")) if fraction else 0
    assert (datetime(2026, 5, 11, 9, 30, 0, micro, tzinfo=timezone.utc), timezone.utc) == (parsed, parsed.tzinfo)


@pytest.mark.parametrize("text", ["2026-05-11", "2026-05-11T09:30:00", "yesterday", ""])
def test_incomplete_timestamps_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_timestamp(text)


@pytest.mark.parametrize(
    ("micro", "text"),
    [(0, "2026-05-11T09:30:00Z"), (250000, "2026-05-11T09:30:00.250Z"), (100, "2026-05-11T09:30:00.000100Z")],
)
def test_format_timestamp_keeps_every_digit(micro: int, text: str) -> None:
    value = datetime(2026, 5, 11, 9, 30, 0, micro, tzinfo=timezone.utc)
    assert (text, value) == (format_timestamp(value), parse_timestamp(text))


def test_format_timestamp_is_utc_with_z() -> None:
    value = datetime(2026, 5, 11, 11, 30, tzinfo=timezone(timedelta(hours=2)))
    assert format_timestamp(value) == "2026-05-11T09:30:00Z"


def test_job_decodes_from_camel_case() -> None:
    job = structure(JOB, Job)
    assert (
        job.status,
        job.error.code if job.error else None,
        job.progress,
        job.is_terminal,
    ) == (JobStatus.FAILED, "GENERATION_FAILED", 0.35, True)
    assert datetime(2026, 5, 11, 9, 31, 40, 250000, tzinfo=timezone.utc) == job.finished_at


def test_unknown_fields_are_ignored() -> None:
    assert structure({**JOB, "newField": {"x": 1}}, Job).job_id == "job_01"


def test_unknown_enum_value_is_kept_as_its_string() -> None:
    job = structure({**JOB, "status": "paused"}, Job)
    assert (job.status.value, job.status.is_known) == ("paused", False)
    assert job.status == "paused"


def test_status_synonym_generating_reads_as_processing() -> None:
    container = structure(
        {"id": "cnt_1", "status": "generating", "approvalStatus": "pending", "format": "video_remix"}, Container
    )
    assert ContainerStatus.PROCESSING is container.status


def test_decode_error_names_the_wire_path_of_a_missing_field() -> None:
    body = {k: v for k, v in JOB.items() if k != "status"}
    with pytest.raises(ResponseDecodeError) as info:
        structure(body, Job)
    assert info.value.path == "$.status"
    assert "$.status" in str(info.value)


def test_decode_error_names_a_nested_path() -> None:
    with pytest.raises(ResponseDecodeError) as info:
        structure({**JOB, "error": {"code": 5}}, Job)
    assert info.value.path == "$.error.code"


def test_decode_error_for_a_bad_timestamp() -> None:
    with pytest.raises(ResponseDecodeError) as info:
        structure({**JOB, "startedAt": "2026-05-11"}, Job)
    assert info.value.path == "$.startedAt"


def test_decode_error_for_a_non_object() -> None:
    with pytest.raises(ResponseDecodeError):
        structure(["not", "an", "object"], Job)


def test_booleans_are_not_numbers() -> None:
    with pytest.raises(ResponseDecodeError) as info:
        structure({**JOB, "progress": True}, Job)
    assert info.value.path == "$.progress"


def test_request_body_is_camel_case_and_omits_absent_optionals() -> None:
    body = CloneFromPostRequest(project_id="prj_1", source_platform_post_id="pp_1", mode=CloneMode.FORK, variations=2)
    assert unstructure(body) == {"projectId": "prj_1", "sourcePlatformPostId": "pp_1", "mode": "fork", "variations": 2}


def test_decode_json_without_orjson_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from layers_async import _converter

    body = b'{"a": [1, 2.5, "\\u00e9", null, true]}'
    fast = _converter.decode_json(body)
    monkeypatch.setattr(_converter, "_loads", json.loads)
    assert fast == _converter.decode_json(body)
    with pytest.raises(ResponseDecodeError):
        _converter.decode_json(b"{not json")


@pytest.mark.parametrize("use_orjson", [True, False])
def test_deeply_nested_json_is_a_decode_error_on_both_parsers(
    monkeypatch: pytest.MonkeyPatch, use_orjson: bool
) -> None:
    import json

    from layers_async import _converter

    if not use_orjson:
        monkeypatch.setattr(_converter, "_loads", json.loads)
    with pytest.raises(ResponseDecodeError) as info:
        _converter.decode_json(b"[" * 100_000 + b"]" * 100_000)
    assert info.value.path == "$"
