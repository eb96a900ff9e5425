"""Job and review tools: a job's status, a bounded wait with progress, the content awaiting review."""

from __future__ import annotations

from typing import TYPE_CHECKING

import anyio
import attrs

from layers_async._polling import PollPolicy
from layers_async.agents._args import ident, int_range
from layers_async.agents._errors import ToolError
from layers_async.agents._results import JobStatusResult, PendingApprovals, PendingItem, iso
from layers_async.agents._spec import Progress, Tool, make_tool
from layers_async.models import Job

if TYPE_CHECKING:
    from layers_async import Client

__all__ = ["MAX_WAIT_SECONDS", "job_status", "job_tools"]

#: The longest one `wait_for_job` call waits (seconds); the agent calls again while the job runs.
MAX_WAIT_SECONDS = 60
_HOLD = (
    "Clones and new content wait for a human's review: list_pending_approvals shows them. "
    "Never approve them on the user's behalf."
)


@attrs.frozen(kw_only=True)
class JobArgs:
    job_id: str = ident("The job id (job_...) that start_clone or run_daily_loop returned.")


@attrs.frozen(kw_only=True)
class WaitArgs:
    job_id: str = ident("The job id (job_...) that start_clone returned.")
    timeout_seconds: int = int_range(
        f"Seconds to wait at most, 1-{MAX_WAIT_SECONDS} (null: {MAX_WAIT_SECONDS}).",
        1,
        MAX_WAIT_SECONDS,
        default=MAX_WAIT_SECONDS,
    )


@attrs.frozen(kw_only=True)
class PendingArgs:
    project_id: str = ident("The project id.")
    limit: int = int_range("Items to return, 1-100 (null: 20).", 1, 100, default=20)


def job_status(job: Job, waited: float = 0.0) -> JobStatusResult:
    """The tool's view of a job, with what to do next."""
    status = str(job.status.value)
    error = job.error
    containers = tuple(job.container_ids or ((job.container_id,) if job.container_id else ()))
    if status == "running":
        percent = f", {job.progress:.0%}" if job.progress is not None else ""
        advice = f"Still running (stage {job.stage or 'unknown'}{percent}). Call wait_for_job again with this job_id."
    elif status == "completed":
        advice = f"Completed: container(s) {', '.join(containers)}. {_HOLD}"
    elif status == "failed":
        why = f"{error.code}: {error.message}" if error else "no reason given"
        advice = f"Failed ({why}). Do not retry on your own; tell the user."
    else:
        advice = f"Ended {status}; nothing was produced."
    return JobStatusResult(
        job_id=job.job_id,
        kind=getattr(job, "kind", None),
        status=status,
        finished=status != "running",
        stage=job.stage,
        progress=job.progress,
        project_id=getattr(job, "project_id", None),
        container_id=getattr(job, "container_id", None),
        container_ids=containers,
        error_code=None if error is None else error.code,
        error_message=None if error is None else error.message,
        waited_seconds=round(waited, 3),
        advice=advice,
    )


async def _wait(client: Client, job_id: str, bound: float, progress: Progress | None) -> JobStatusResult:
    """Poll on the documented cadence until the job ends or ``bound`` (client-clock) seconds pass.

    The whole wait is also bounded by ``bound`` real seconds, so a slow request cannot stretch it.
    """
    clock, policy = client.clock, PollPolicy()
    start = clock.now()
    last: Job | None = None
    shown = -1.0  # MCP wants each progress value above the last one
    with anyio.move_on_after(bound):
        n = 0
        while True:
            fresh = await client.jobs.get(job_id, etag=last.etag if last else None)
            if fresh is not None:
                last = fresh
            if last is None:  # pragma: no cover - the first get sends no etag, so it is never a 304
                break
            if progress is not None and (last.progress or 0.0) > shown:
                shown = last.progress or 0.0
                await progress(shown, 1.0, f"{last.status.value}: {last.stage or 'unknown stage'}")
            remaining = start + bound - clock.now()
            if last.is_terminal or remaining <= 0:
                break
            await clock.sleep(min(policy.delay(n), remaining))
            n += 1
    if last is None:
        raise ToolError("temporary", f"could not read job {job_id} within {bound:g} seconds; try again")
    return job_status(last, clock.now() - start)


def job_tools(client: Client) -> list[Tool]:
    """The job and review tools, bound to ``client``."""

    async def get_status(args: JobArgs, progress: Progress | None) -> JobStatusResult:
        return job_status(await client.jobs.get(args.job_id))

    async def wait(args: WaitArgs, progress: Progress | None) -> JobStatusResult:
        return await _wait(client, args.job_id, float(args.timeout_seconds), progress)

    async def pending(args: PendingArgs, progress: Progress | None) -> PendingApprovals:
        pages = client.content.list(args.project_id, approval_status="pending", limit=args.limit).pages()
        page = await pages.__anext__()
        items = tuple(
            PendingItem(
                container_id=c.id,
                status=str(c.status.value),
                format=c.format,
                hook=c.hook,
                source_platform_post_id=c.source_platform_post_id,
                clone_mode=None if c.clone_mode is None else str(c.clone_mode.value),
                created_at=iso(c.created_at),
                captions=tuple(v.text for v in c.caption_variants[:4]),
            )
            for c in page.items
            if str(c.status.value) not in ("failed", "canceled")
        )
        advice = (
            "Show these to a human: only a human approves or rejects content."
            if items
            else "Nothing is waiting for review."
        )
        return PendingApprovals(
            project_id=args.project_id, count=len(items), more=page.next_cursor is not None, items=items, advice=advice
        )

    return [
        make_tool(
            "get_job_status",
            "Get job status",
            "Read a content job's status once (running, completed, failed or canceled) with its stage, progress "
            "and container ids. Cheap (one read). Prefer wait_for_job when you want to wait for it.",
            JobArgs,
            JobStatusResult,
            get_status,
        ),
        make_tool(
            "wait_for_job",
            "Wait for job",
            f"Wait for a content job to finish, polling it on the API's schedule, for at most {MAX_WAIT_SECONDS} "
            "seconds per call (reports progress while it waits). If the job is still running when the time is up "
            "it returns status 'running': call it again. Jobs usually take a few minutes. Costs one read per poll.",
            WaitArgs,
            JobStatusResult,
            wait,
        ),
        make_tool(
            "list_pending_approvals",
            "List pending approvals",
            "List a project's content waiting for human review (clones included): hook, captions, source post. "
            "Use it after a clone completes, to tell the user what needs their decision. One read. Agents never "
            "approve content themselves.",
            PendingArgs,
            PendingApprovals,
            pending,
        ),
    ]
