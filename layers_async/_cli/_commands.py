"""The CLI's commands: each an async function of the parsed arguments, returning an exit code."""

from __future__ import annotations

import argparse
import pathlib
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from layers_async import Client, TrackedJob
from layers_async._cli._env import client_from_env
from layers_async._cli._weekly import cmd_weekly
from layers_async._json import to_dict
from layers_async.errors import InvalidRequestError
from layers_async.workflows import WorkflowConfig, run_daily

if TYPE_CHECKING:
    from layers_async._cli._render import Renderer
    from layers_async.testing import DemoHandles

__all__ = ["COMMANDS", "demo_speed"]

DEFAULT_SPEED = 10.0  # jobs take ~1.5 s of real time: fast, yet the progress bars are visible


def demo_speed(args: argparse.Namespace) -> float:
    """The sandbox clock's speed factor."""
    return float(getattr(args, "speed", None) or DEFAULT_SPEED)


@asynccontextmanager
async def _connect(
    args: argparse.Namespace, *, sandbox: bool, persist: bool = True
) -> AsyncIterator[tuple[Client, DemoHandles | None]]:
    """A client on the real API (``LAYERS_API_KEY``/``LAYERS_BASE_URL``) or on the sandbox.

    The sandbox is the world in the state file (kept from one command to the next) unless ``persist`` is
    false (``demo``: a fresh world each run).
    """
    if not sandbox:
        async with client_from_env(allow_http=getattr(args, "allow_http", False)) as client:
            yield client, None
        return
    if not persist:
        from layers_async.testing import FakeLayers, RealClock

        fake = FakeLayers(seed=0, clock=RealClock(speed=demo_speed(args)))
        handles = fake.demo()
        async with fake.client() as client:
            yield client, handles
        return
    from layers_async._cli._sandbox import default_state_path, sandbox_world

    path = pathlib.Path(args.sandbox_state) if args.sandbox_state else default_state_path()
    with sandbox_world(path, speed=demo_speed(args)) as (fake, handles):
        async with fake.client() as client:
            yield client, handles


def _need(value: Any, what: str) -> Any:
    if not value:
        raise InvalidRequestError(f"{what} is required (or use --sandbox for the demo's)", argument=what)
    return value


async def cmd_top(args: argparse.Namespace, out: Renderer) -> int:
    """``top [PROJECT_ID]``: the top-performers table."""
    async with _connect(args, sandbox=args.sandbox) as (client, handles):
        project_id = _need(args.project_id or (handles.project_id if handles else None), "PROJECT_ID")
        ranking = await client.metrics.top_performers(
            project_id, metric=args.metric, window=args.window, limit=args.limit
        )
    if out.json_mode:
        out.emit_json({"projectId": project_id, **to_dict(ranking)})
    else:
        out.top(project_id, ranking)
    return 0


async def cmd_clone(args: argparse.Namespace, out: Renderer) -> int:
    """``clone [SOURCE_POST_ID] --project P``: one clone-from-post, optionally followed to its end."""
    async with _connect(args, sandbox=args.sandbox) as (client, handles):
        project_id = _need(args.project or (handles.project_id if handles else None), "--project")
        source = _need(args.source or (handles.breakout_post_id if handles else None), "SOURCE_POST_ID")
        accepted = await client.content.clone_from_post(
            project_id=project_id, source_platform_post_id=source, mode=args.mode, variations=args.variations
        )
        result: dict[str, Any] = {"jobId": accepted.job_id, "containerId": accepted.container_id, "status": "running"}
        out.line(f"clone started: job {accepted.job_id} → container {accepted.container_id}")
        if args.wait:
            with out:
                async with client.jobs.tracker(on_event=out.on_event) as tracker:
                    tracker.add(accepted, tag=["clone", project_id, source])
                    (done,) = await tracker.gather()
            container_id = accepted.container_id or done.container_id
            if container_id is None:
                return _fail(f"clone job {accepted.job_id} ended {done.outcome} without naming its container")
            container = await client.content.get(container_id)
            result.update(
                status=done.outcome,
                containerStatus=container.status.value,
                approvalStatus=container.approval_status.value,
                outputs=container.output_count,
                hook=container.hook,
            )
            out.line(
                f"job {done.outcome}; container {container.status.value}, approval "
                f"{container.approval_status.value} ({container.output_count or 1} output(s))"
            )
            if not done.ok:
                _emit(out, result)
                return _fail(f"clone job {accepted.job_id} ended {done.outcome}")
    _emit(out, result)
    return 0


def _emit(out: Renderer, data: Any) -> None:
    if out.json_mode:
        out.emit_json(data)


def _fail(message: str) -> int:
    print(f"layers-async: error: {message}", file=sys.stderr)
    return 1


def _tracked(t: TrackedJob) -> dict[str, Any]:
    return {
        "jobId": t.job_id,
        "outcome": t.outcome,
        "containerId": t.container_id,
        "stage": t.job.stage if t.job else None,
        "error": None if t.error is None else str(t.error),
    }


async def cmd_watch(args: argparse.Namespace, out: Renderer) -> int:
    """``watch JOB_ID...``: a live progress bar per job until every job ends."""
    async with _connect(args, sandbox=args.sandbox) as (client, _):
        with out:
            async with client.jobs.tracker(on_event=out.on_event) as tracker:
                for job_id in args.job_ids:
                    tracker.add(job_id, tag=["job", "", job_id])
                done = await tracker.gather()
    order = {j: i for i, j in enumerate(args.job_ids)}
    done.sort(key=lambda t: order.get(t.job_id or "", 0))
    if out.json_mode:
        out.emit_json({"jobs": [_tracked(t) for t in done]})
    else:
        rows = [[t.job_id or "-", t.outcome, t.container_id or "-", str(t.error or "")] for t in done]
        out.table("Jobs", ["Job", "Outcome", "Container", "Error"], rows)
    errors = [t for t in done if t.outcome == "error"]
    if errors:
        return _fail(f"job {errors[0].job_id}: {errors[0].error}")
    return 0 if all(t.ok for t in done) else 1


def _config(args: argparse.Namespace) -> WorkflowConfig:
    return WorkflowConfig(window=args.window, max_clones=args.max_clones)


async def cmd_loop(args: argparse.Namespace, out: Renderer) -> int:
    """``loop PROJECT_ID...``: the daily publish-to-learn loop."""
    async with _connect(args, sandbox=args.sandbox) as (client, handles):
        ids = args.project_ids or ([handles.project_id, handles.small_project_id] if handles else [])
        _need(ids, "PROJECT_ID")
        with out:
            report = await run_daily(client, ids, config=_config(args), on_event=out.on_event)
    return _report(out, report, args.html)


def _report(out: Renderer, report: Any, html: str | None = None) -> int:
    if html:
        path = pathlib.Path(html)
        path.write_text(report.to_html(), encoding="utf-8")
        out.line(f"report page written to {path}")
    if out.json_mode:
        out.emit_json(report.to_dict())
    else:
        out.daily(report)
    failed = [p for p in report.projects if p.decision == "error"]
    if failed:
        return _fail(f"project {failed[0].project_id}: {failed[0].error}")
    return 0


async def cmd_demo(args: argparse.Namespace, out: Renderer) -> int:
    """``demo``: the daily loop on the in-process "acme-todo" world, with live progress and final tables."""
    started = time.monotonic()
    async with _connect(args, sandbox=True, persist=False) as (client, handles):
        assert handles is not None
        out.line(
            f'[bold]layers-async demo[/bold]: FakeLayers "acme-todo" world in process, clock ×{demo_speed(args):g}; '
            "running the daily loop on 2 projects…"
        )
        with out:
            report = await run_daily(
                client, [handles.project_id, handles.small_project_id], config=_config(args), on_event=out.on_event
            )
    code = _report(out, report, args.html)
    out.line(f"done in {time.monotonic() - started:.1f}s — nothing was approved or scheduled; clones await review.")
    return code


COMMANDS = {
    "top": cmd_top,
    "clone": cmd_clone,
    "watch": cmd_watch,
    "loop": cmd_loop,
    "demo": cmd_demo,
    "weekly": cmd_weekly,
}
