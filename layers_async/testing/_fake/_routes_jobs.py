"""``GET /v1/jobs/{jobId}`` (with ETags) and ``POST /v1/jobs/{jobId}/cancel`` (API reference: Jobs)."""

from __future__ import annotations

from layers_async.testing._fake._engine import cancel_job
from layers_async.testing._fake._http import ApiError, Reply, Router, RouteSpec, conflict
from layers_async.testing._fake._jobview import job_body
from layers_async.testing._fake._pipeline import Ctx

__all__ = ["register"]

_ALREADY = {"completed": "ALREADY_COMPLETED", "failed": "ALREADY_FAILED", "canceled": "ALREADY_CANCELED"}


def get_job(ctx: Ctx) -> Reply:
    job = ctx.store.job(ctx.org.id, ctx.params["jobId"])
    body, etag = job_body(ctx.store, job, ctx.now)
    if ctx.request.headers.get("if-none-match") == etag:
        return Reply(304, None, None, [("ETag", etag)])
    return Reply(200, None, body, [("ETag", etag)])


def cancel(ctx: Ctx) -> Reply:
    job = ctx.store.job(ctx.org.id, ctx.params["jobId"])
    if ctx.request.body.strip() and ctx.body():
        raise ApiError(
            422,
            "VALIDATION",
            "This route takes no body.",
            {"issues": [{"path": "body", "message": "Must be empty."}]},
        )
    if job.status != "running":
        return Reply(200, {"jobId": job.id, "accepted": False, "reason": _ALREADY[job.status]})
    if job.stage == "finalizing":
        raise conflict("JOB_CANCEL_UNAVAILABLE", "The job can no longer be canceled.", stage=job.stage)
    cancel_job(job)
    return Reply(202, {"jobId": job.id, "accepted": True})


def register(router: Router) -> None:
    """Add this module's routes to ``router``."""
    router.add(RouteSpec("GET", "/v1/jobs/{jobId}", "jobs:read", "read-light", get_job))
    router.add(RouteSpec("POST", "/v1/jobs/{jobId}/cancel", "jobs:cancel", "write-light", cancel))
