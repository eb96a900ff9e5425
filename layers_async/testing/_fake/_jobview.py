"""What ``GET /v1/jobs/{jobId}`` sends: a job's progress, its envelope and strong ETag, cached per version.

The rendered bytes and ETag are kept on the `Job` and reused while its ``status`` and ``stage`` are unchanged and
the clock is inside the interval over which ``progress`` is known not to move, so a poll that finds nothing new
costs two comparisons. A re-render encodes only the fields that can change; the rest is encoded once per job.
"""

from __future__ import annotations

import json
import math
from typing import Any

from layers_async.testing._fake._state import Job
from layers_async.testing._fake._store import Store
from layers_async.testing._fake._wire import ts

__all__ = ["current_progress", "job_body", "job_envelope", "job_head", "render_job", "render_minimal"]

#: ``progress`` band (low, high) of each stage: ``queued``, ``generating_visuals``, ``finalizing``.
_PROGRESS = ((0.0, 0.05), (0.1, 0.75), (0.8, 0.95))
_INF = math.inf


def _level(low: float, high: float, raw: float) -> float:
    """Progress for a stage fraction ``raw``: steps of 0.05 inside ``[low, high]``; monotone in ``raw``."""
    frac = min(1.0, max(0.0, raw))
    return round(math.floor((low + (high - low) * frac) * 20 + 1e-9) / 20, 2)


def current_progress(store: Store, job: Job, now: float) -> float:
    """The job's progress at ``now``: steps of 0.05 inside each stage's band, never going down."""
    if job.status != "running":
        return job.progress
    low, high = _PROGRESS[job.stage_index]
    duration = store.config.stage_seconds[job.stage_index]
    return _level(low, high, 1.0 if duration <= 0 else (now - job.stage_started_at) / duration)


def _steady_until(store: Store, job: Job, now: float, progress: float) -> float:
    """A time up to which `current_progress` stays ``progress`` (its value at ``now``); checked, never guessed.

    `_level` is monotone in the clock within a stage (each float step rounds monotonically), so once the value
    at the returned time is verified to equal the value at ``now``, every time in between gives it too.
    """
    if job.status != "running":
        return _INF
    low, high = _PROGRESS[job.stage_index]
    duration = store.config.stage_seconds[job.stage_index]
    if duration <= 0:
        return _INF
    start = job.stage_started_at
    # The next 0.05 step comes once low + (high - low) * frac crosses (k + 1 - 1e-9) / 20.
    need = ((round(progress * 20) + 1 - 1e-9) / 20 - low) / (high - low)
    if need > 1.0:
        # Already at the stage's top step (the fraction is capped at 1): only a stage change moves it.
        return _INF if _level(low, high, 1.0) == progress else now
    until = start + duration * need - max(1e-6, duration * 1e-9)
    if until <= now or _level(low, high, (until - start) / duration) != progress:
        return now
    return until


def job_envelope(store: Store, job: Job, progress: float) -> dict[str, Any]:
    """The job envelope."""
    body = job_head(job, job.status, job.stage, progress)
    body.update(_envelope_tail(job))
    return body


def job_head(job: Job, status: str, stage: str, progress: float | None) -> dict[str, Any]:
    """The fields every job envelope starts with, up to ``startedAt`` (a 202 has no ``progress``: pass ``None``)."""
    body: dict[str, Any] = {"jobId": job.id, "kind": job.kind, "status": status, "stage": stage}
    if progress is not None:
        body["progress"] = progress
    body["projectId"] = job.project_id
    body["containerId"] = job.container_ids[0]
    if job.kind == "content_generate":
        body["containerIds"] = list(job.container_ids)
    body["locationUrl"] = f"/v1/jobs/{job.id}"
    body["startedAt"] = ts(job.started_at)
    return body


def _envelope_tail(job: Job) -> dict[str, Any]:
    """The envelope's fields after ``startedAt``: only terminal jobs have any."""
    tail: dict[str, Any] = {}
    if job.finished_at is not None:
        tail["finishedAt"] = ts(job.finished_at)
    if job.status == "completed":
        result: dict[str, Any] = {"containerId": job.container_ids[0]}
        if job.kind == "content_generate":
            result["containerIds"] = list(job.container_ids)
        tail["result"] = result
    elif job.status == "failed" and job.error is not None:
        tail["error"] = dict(job.error)
    return tail


_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode  # what `dumps` uses
_string = json.encoder.encode_basestring  # how that encoder writes a str


def render_job(job: Job, progress: float) -> bytes:
    """Exactly ``dumps(job_envelope(...))``, built from JSON fragments; the fixed fields are encoded once per job."""
    head, fixed = job.render_head, job.render_fixed
    if not head:
        ids, jid = job.container_ids, _string(job.id)  # "/v1/jobs/" needs no escaping: the URL is jid, prefixed
        head = job.render_head = f'{{"jobId":{jid},"kind":{_string(job.kind)},"status":'
        many = f',"containerIds":[{",".join(map(_string, ids))}]' if job.kind == "content_generate" else ""
        fixed = job.render_fixed = (
            f',"projectId":{_string(job.project_id)},"containerId":{_string(ids[0])}{many}'
            f',"locationUrl":"/v1/jobs/{jid[1:]},"startedAt":"{ts(job.started_at)}"}}'
        )
    text = f'{head}{_string(job.status)},"stage":{_string(job.stage)},"progress":{progress!r}{fixed}'
    if job.status == "running":
        return text.encode()
    tail = _envelope_tail(job)  # terminal: rendered once, never changes again
    return (text[:-1] + "," + _encode(tail)[1:] if tail else text).encode()


_MINIMAL_POLL = frozenset(
    ("jobId", "kind", "status", "progress", "stage", "startedAt", "finishedAt", "result", "error")
)


def render_minimal(store: Store, job: Job, progress: float) -> bytes:
    """The envelope with only the fields of the vendor's polling example (``Config.minimal_shapes``)."""
    envelope = job_envelope(store, job, progress)
    return _encode({k: v for k, v in envelope.items() if k in _MINIMAL_POLL}).encode()


def job_body(store: Store, job: Job, now: float) -> tuple[bytes, str]:
    """The envelope bytes and strong ETag at ``now``, rendered once per envelope version.

    O(1) on a hit: the cache holds while ``status`` and ``stage`` are unchanged (every other envelope field
    changes only with them) and ``now`` lies in ``[cache_from, cache_until]``, over which ``progress`` is known to
    stay constant. A fresh render is valid at its own instant only; the interval is worked out when the same
    version is polled again at a later time, i.e. only when it can pay off.
    """
    status, stage = job.status, job.stage
    if job.cache_from <= now <= job.cache_until and job.cache_status == status and job.cache_stage == stage:
        return job.cache_body, job.cache_etag
    progress = current_progress(store, job, now)
    if job.cache_progress != progress or job.cache_status != status or job.cache_stage != stage:
        job.cache_status, job.cache_stage, job.cache_progress = status, stage, progress
        minimal = store.config.minimal_shapes
        job.cache_body = render_minimal(store, job, progress) if minimal else render_job(job, progress)
        job.cache_etag = f'"{job.id[4:]}-{job.stage_index}-{status}-{int(progress * 100)}"'
        job.cache_from = job.cache_until = now
    else:
        job.cache_from, job.cache_until = now, _steady_until(store, job, now, progress)
    return job.cache_body, job.cache_etag
