"""The publish-to-learn loop: rank, find breakouts, clone them, refresh saturated sources — one call.

Runs against an in-process FakeLayers demo world by default, or the real API when LAYERS_API_KEY is set:

    python examples/publish_to_learn.py [PROJECT_ID ...] [--backend asyncio|trio] [--json]
"""

from __future__ import annotations

import argparse
import os

import anyio

import layers_async
from layers_async.workflows import WorkflowConfig, run_daily


async def main(project_ids: list[str], as_json: bool) -> None:
    if os.environ.get("LAYERS_API_KEY"):
        client = layers_async.Client()
    else:
        from layers_async.testing import FakeLayers, RealClock

        fake = FakeLayers(clock=RealClock(speed=50))
        demo = fake.demo()
        client = fake.client()
        project_ids = project_ids or [demo.project_id, demo.small_project_id]
    async with client:
        if not project_ids:
            project_ids = [p.id async for p in client.projects.list()]
        report = await run_daily(client, project_ids, config=WorkflowConfig(max_clones=4))
    if as_json:
        print(report.to_json(indent=2))
        return
    for project in report.projects:
        print(f"{project.project_id}: {project.decision} — {project.reason}")
        for clone in project.clones:
            print(f"  cloned {clone.source_platform_post_id} → {clone.container_id} ({clone.approval_status})")
        for fresh in project.fresh:
            print(f"  fresh generation instead of {fresh.replaces_platform_post_id}: hook {fresh.hook!r}")
        for skip in project.skipped:
            print(f"  skipped {skip.action} {skip.platform_post_id}: {skip.detail}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project_ids", nargs="*")
    parser.add_argument("--backend", choices=("asyncio", "trio"), default="asyncio")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    anyio.run(main, args.project_ids, args.json, backend=args.backend)
