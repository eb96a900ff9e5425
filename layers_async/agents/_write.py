"""The tools that start work (only with writes enabled): `start_clone` and `run_daily_loop`.

An agent that retries a tool call must never start a second clone, so `start_clone` derives the new
container's id and the ``Idempotency-Key`` from what the clone is: project, source post, mode,
variations and the UTC day (or the caller's ``request_key`` instead of the day). The same call on
the same day names the same container, and the API answers a repeat with the original job.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import attrs

from layers_async.agents._args import choice, flag, ident, int_range, text
from layers_async.agents._read import utc_now
from layers_async.agents._results import CloneStarted
from layers_async.agents._spec import Progress, Tool, ToolAnnotations, make_tool
from layers_async.models import CloneMode
from layers_async.workflows import ProjectReport, WorkflowConfig, run_daily

if TYPE_CHECKING:
    from layers_async import Client

__all__ = ["DAILY_JOB_TIMEOUT", "REQUEST_KEY_PATTERN", "clone_identity", "write_tools"]

_NAMESPACE = uuid.UUID("0d7f5a52-8c1e-4a0b-b6f4-2e9d3c71a8b5")
#: A caller's request key: 1-64 letters, digits and ``_ . : -``.
REQUEST_KEY_PATTERN = r"^(?!.*\n)[A-Za-z0-9_.:-]{1,64}$"
#: Seconds (client clock) `run_daily_loop` waits for each job it starts before reporting it unfinished.
DAILY_JOB_TIMEOUT = 240.0
_WRITE = ToolAnnotations(read_only=False, destructive=False, idempotent=True, open_world=False)


def clone_identity(
    project_id: str, post_id: str, mode: str, variations: int, *, day: str, request_key: str | None = None
) -> tuple[str, str]:
    """The container id and ``Idempotency-Key`` of a clone: the same inputs always give the same pair.

    The basis is project + source post + mode + variations + UTC day (``YYYY-MM-DD``), or the
    ``request_key`` in place of the day when one is given (a second, distinct clone the same day).
    """
    basis = f"request:{request_key}" if request_key is not None else f"day:{day}"
    name = uuid.uuid5(_NAMESPACE, f"clone/{project_id}/{post_id}/{mode}/{variations}/{basis}")
    return f"cnt_{name}", f"layers-agents-clone-{name}"


@attrs.frozen(kw_only=True)
class CloneArgs:
    project_id: str = ident("The project id.", in_path=False)
    post_id: str = ident("The source post's platform_post_id (from rank_top_posts or find_breakouts).", in_path=False)
    mode: str = choice(
        "fork (default): a near-copy with new visuals, keeping hook, structure and format; reimagine: keep the "
        "hook and theme, change everything else.",
        [m.value for m in CloneMode],
        default="fork",
    )
    variations: int = int_range("Distinct outputs in the one new container, 1-10 (null: 2).", 1, 10, default=2)
    dry_run: bool = flag("True: say what would be cloned and send nothing (null: false).")
    request_key: str | None = text(
        "Null for the default: one clone per post, mode and variations per UTC day, so retries never duplicate "
        "it. Pass a new key (1-64 letters, digits, _ . : -) only to start another distinct clone the same day.",
        pattern=REQUEST_KEY_PATTERN,
        rule="1-64 letters, digits and _ . : -",
        optional=True,
    )


@attrs.frozen(kw_only=True)
class DailyArgs:
    project_id: str = ident("The project id.")


def write_tools(client: Client) -> list[Tool]:
    """`start_clone` and `run_daily_loop`, bound to ``client``."""

    async def start_clone(args: CloneArgs, progress: Progress | None) -> CloneStarted:
        day = utc_now(client).date().isoformat()
        container_id, key = clone_identity(
            args.project_id, args.post_id, args.mode, args.variations, day=day, request_key=args.request_key
        )
        common: dict[str, Any] = {
            "project_id": args.project_id,
            "source_platform_post_id": args.post_id,
            "mode": args.mode,
            "variations": args.variations,
            "container_id": container_id,
            "idempotency_key": key,
        }
        if args.dry_run:
            advice = (
                f"Dry run: nothing was sent. The same call without dry_run clones {args.post_id} ({args.mode}, "
                f"{args.variations} variation(s)) into container {container_id}."
            )
            return CloneStarted(**common, dry_run=True, job_id=None, status=None, replayed=False, advice=advice)
        job = await client.content.clone_from_post(
            project_id=args.project_id,
            source_platform_post_id=args.post_id,
            mode=args.mode,
            variations=args.variations,
            container_id=container_id,
            idempotency_key=key,
        )
        again = "This clone had already been started; nothing new began. " if job.replayed else ""
        advice = (
            f"{again}Call wait_for_job with job_id {job.job_id}. The result is held for a human's approval; "
            "never approve it yourself."
        )
        return CloneStarted(
            **common,
            dry_run=False,
            job_id=job.job_id,
            status=str(job.status.value),
            replayed=job.replayed,
            advice=advice,
        )

    async def daily(args: DailyArgs, progress: Progress | None) -> dict[str, Any]:
        config = WorkflowConfig(job_timeout=DAILY_JOB_TIMEOUT)
        report = await run_daily(client, [args.project_id], config=config)
        return report.projects[0].to_dict()

    return [
        make_tool(
            "start_clone",
            "Start a clone",
            "Clone a proven post into one new content container (a job; it takes minutes and uses credits). "
            "Returns at once with job_id and container_id; then call wait_for_job. Safe to retry: the same "
            "arguments on the same UTC day name the same container and never start a second clone. Use dry_run "
            "to preview. The result is held for human approval. Clone breakouts (fork, 2 variations); skip "
            "sources check_saturation calls saturated or in flight.",
            CloneArgs,
            CloneStarted,
            start_clone,
            annotations=_WRITE,
        ),
        make_tool(
            "run_daily_loop",
            "Run the daily loop",
            "Run the daily publish-to-learn loop on one project: check the noise floor and stage, rank, find "
            "breakouts, clone each one not yet cloned (fork, 2 variations), and for saturated sources generate "
            "fresh content with a new hook. Waits for the jobs it starts (up to a few minutes each); approves and "
            "schedules nothing. Running it again the same day starts nothing new. Returns the report: every "
            "decision with its reason.",
            DailyArgs,
            ProjectReport,
            daily,
            annotations=_WRITE,
            extra_output={
                "clones_started": {"type": "integer"},
                "clones_finished": {"type": "integer"},
                "saturated_sources": {"type": "array", "items": {"type": "string"}},
            },
        ),
    ]
