"""The tracker's versioned JSON snapshot: what is not finished yet, and what finished but was not yet reported.

A token is read as hostile input: every field is checked as `JobTracker.add` and `JobTracker.clone`
check their arguments, and anything malformed, too deep or too large is one `InvalidRequestError`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from layers_async import errors
from layers_async._checks import (
    check_choice,
    check_container_id,
    check_idempotency_key,
    check_int_range,
    check_number_range,
    check_optional_str,
    check_str,
    path_id,
)
from layers_async._converter import structure, unstructure
from layers_async._tracker_state import CLONE_MODES, CloneSpec, JobEntry, TrackedJob, check_etag
from layers_async.errors import InvalidRequestError, LayersError, ResponseDecodeError
from layers_async.models._jobs import Job

__all__ = ["MAX_SNAPSHOT_CHARS", "SNAPSHOT_VERSION", "Snapshot", "dump_snapshot", "load_snapshot"]

SNAPSHOT_VERSION = 1
MAX_SNAPSHOT_CHARS = 64 * 1024 * 1024
"""The largest token `load_snapshot` reads (a job takes about 300 characters)."""

_OUTCOMES = frozenset({"completed", "failed", "canceled", "timed_out", "error"})
_WALL_LIMIT = 1e12  # epoch seconds: far beyond any real deadline, well inside a float

Clock = Callable[[float], float]
Snapshot = tuple[list[JobEntry], list[CloneSpec], list[TrackedJob]]


def dump_snapshot(
    entries: Iterable[JobEntry], pending: Iterable[CloneSpec], results: Iterable[TrackedJob], *, to_wall: Clock
) -> str:
    """The resume token: jobs still followed, clones not yet accepted, results not yet reported.

    Deadlines are stored as epoch seconds, so a token can be resumed by another process.
    """
    jobs = [
        {
            "jobId": e.job_id,
            "containerId": e.container_id,
            "etag": e.etag,
            "tag": e.tag,
            "deadline": None if e.deadline is None else to_wall(e.deadline),
            "idempotencyKey": e.idempotency_key,
        }
        for e in entries
    ]
    clones = [
        {
            "containerId": s.container_id,
            "idempotencyKey": s.idempotency_key,
            "projectId": s.project_id,
            "sourcePlatformPostId": s.source_platform_post_id,
            "mode": s.mode,
            "variations": s.variations,
            "projectLayerId": s.project_layer_id,
            "tag": s.tag,
            "deadline": None if s.deadline is None else to_wall(s.deadline),
        }
        for s in pending
    ]
    done = [
        {
            "jobId": r.job_id,
            "outcome": r.outcome,
            "tag": r.tag,
            "containerId": r.container_id,
            "job": None if r.job is None else unstructure(r.job),
            "error": None if r.error is None else _dump_error(r.error),
        }
        for r in results
    ]
    data = {"version": SNAPSHOT_VERSION, "jobs": jobs, "clones": clones, "results": done}
    return json.dumps(data, separators=(",", ":"))


def load_snapshot(token: object, *, from_wall: Clock) -> Snapshot:
    """Read a resume token written by `dump_snapshot`.

    Raises:
        InvalidRequestError: The token is not a string, too large, not JSON, too deeply nested, of
            another version, or any field in it is not what `dump_snapshot` writes (argument ``resume``).
    """
    if not isinstance(token, str):
        raise InvalidRequestError("resume must be a token returned by snapshot()", argument="resume")
    if len(token) > MAX_SNAPSHOT_CHARS:
        raise InvalidRequestError(f"resume token longer than {MAX_SNAPSHOT_CHARS} characters", argument="resume")
    try:
        data = json.loads(token)
    except (ValueError, RecursionError):
        raise InvalidRequestError("resume is not a tracker snapshot (not JSON)", argument="resume") from None
    if not isinstance(data, dict) or data.get("version") != SNAPSHOT_VERSION:
        version = data.get("version") if isinstance(data, dict) else None
        raise InvalidRequestError(f"unsupported tracker snapshot version {version!r}", argument="resume")
    try:
        entries = [_load_job(item, from_wall) for item in _records(data, "jobs")]
        clones = [_load_clone(item, from_wall) for item in _records(data, "clones")]
        results = [_load_result(item) for item in _records(data, "results", required=False)]
    except InvalidRequestError as exc:
        raise InvalidRequestError(f"resume token: {exc}", argument="resume") from None
    return entries, clones, results


def _records(data: Mapping[str, Any], key: str, *, required: bool = True) -> list[Mapping[str, Any]]:
    value = data.get(key, None if required else [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise InvalidRequestError(f"resume token: {key} must be a list of objects", argument="resume")
    return value


def _deadline(value: object, from_wall: Clock) -> float | None:
    if value is None:
        return None
    return from_wall(float(check_number_range("deadline", value, -_WALL_LIMIT, _WALL_LIMIT)))


def _load_job(item: Mapping[str, Any], from_wall: Clock) -> JobEntry:
    job_id = check_str("jobId", item.get("jobId"))
    path_id("jobId", job_id)
    key = item.get("idempotencyKey")
    return JobEntry(
        job_id,
        container_id=check_optional_str("containerId", item.get("containerId")),
        etag=check_etag(item.get("etag")),
        tag=item.get("tag"),
        deadline=_deadline(item.get("deadline"), from_wall),
        idempotency_key=None if key is None else check_idempotency_key(key),
    )


def _load_clone(item: Mapping[str, Any], from_wall: Clock) -> CloneSpec:
    return CloneSpec(
        container_id=check_container_id(item.get("containerId")),
        idempotency_key=check_idempotency_key(item.get("idempotencyKey")),  # type: ignore[arg-type]
        project_id=check_str("projectId", item.get("projectId")),
        source_platform_post_id=check_str("sourcePlatformPostId", item.get("sourcePlatformPostId")),
        mode=check_choice("mode", item.get("mode", "fork"), CLONE_MODES),
        variations=check_int_range("variations", item.get("variations", 1), 1, 10),
        project_layer_id=check_optional_str("projectLayerId", item.get("projectLayerId")),
        tag=item.get("tag"),
        deadline=_deadline(item.get("deadline"), from_wall),
    )


def _load_result(item: Mapping[str, Any]) -> TrackedJob:
    job_id = check_optional_str("jobId", item.get("jobId"))
    if job_id is not None:
        path_id("jobId", job_id)
    outcome = check_choice("outcome", item.get("outcome"), _OUTCOMES)
    raw_job, raw_error = item.get("job"), item.get("error")
    job = None
    if raw_job is not None:
        try:
            job = structure(raw_job, Job)
        except ResponseDecodeError as exc:
            raise InvalidRequestError(f"job: {exc}", argument="resume") from None
    return TrackedJob(
        job_id=job_id,
        outcome=outcome,
        job=job,
        tag=item.get("tag"),
        container_id=check_optional_str("containerId", item.get("containerId")),
        error=None if raw_error is None else _load_error(raw_error),
    )


def _dump_error(error: Exception) -> dict[str, Any]:
    fields: dict[str, Any] = {"type": type(error).__name__, "message": getattr(error, "message", str(error))}
    if isinstance(error, errors.APIError):
        fields.update(
            statusCode=error.status_code,
            code=error.code,
            requestId=error.request_id,
            details=dict(error.details),
            idempotencyKey=error.idempotency_key,
        )
        if isinstance(error, errors.RateLimitedError):
            fields["retryAfter"] = error.retry_after
    return fields


def _load_error(raw: object) -> LayersError:
    """An error of a result not yet reported: API errors come back whole, others as their class and message."""
    if not isinstance(raw, dict):
        raise InvalidRequestError("error must be an object", argument="resume")
    name = check_str("error.type", raw.get("type"), max_len=100)
    message = check_str("error.message", raw.get("message"), min_len=0)
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, LayersError)):
        return LayersError(f"{name}: {message}")
    if issubclass(cls, errors.APIError):
        details = raw.get("details")
        kwargs: dict[str, Any] = {
            "status_code": check_int_range("error.statusCode", raw.get("statusCode"), 100, 599),
            "code": check_str("error.code", raw.get("code"), max_len=200),
            "request_id": check_optional_str("error.requestId", raw.get("requestId")),
            "details": details if isinstance(details, dict) else {},
            "idempotency_key": check_optional_str("error.idempotencyKey", raw.get("idempotencyKey")),
        }
        if issubclass(cls, errors.RateLimitedError):
            retry_after = raw.get("retryAfter")
            if not (retry_after is None or (type(retry_after) in (int, float) and retry_after >= 0)):
                raise InvalidRequestError("error.retryAfter must be a number of seconds", argument="resume")
            kwargs["retry_after"] = retry_after
        return cls(message, **kwargs)
    try:
        return cls(message)
    except TypeError:  # a class that needs more than a message (e.g. JobError): keep its name in the text
        return LayersError(f"{name}: {message}")
