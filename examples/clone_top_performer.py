"""Clone a project's top performer and hold the clone for review.

Runs against an in-process FakeLayers demo world by default, or the real API when LAYERS_API_KEY is set:

    python examples/clone_top_performer.py [--project PROJECT_ID] [--backend asyncio|trio]
"""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio

import layers_async
from layers_async.workflows import find_breakouts


@asynccontextmanager
async def open_client() -> AsyncIterator[tuple[layers_async.Client, str | None]]:
    """The real API when ``LAYERS_API_KEY`` is set, else a sped-up FakeLayers demo world."""
    if os.environ.get("LAYERS_API_KEY"):
        async with layers_async.Client() as client:
            yield client, None
        return
    from layers_async.testing import FakeLayers, RealClock

    fake = FakeLayers(clock=RealClock(speed=50))
    demo = fake.demo()
    async with fake.client() as client:
        yield client, demo.project_id


async def main(project_id: str | None) -> None:
    async with open_client() as (client, demo_project):
        project_id = project_id or demo_project
        if project_id is None:
            project_id = (await client.projects.list().collect(max_items=1))[0].id
        scan = await find_breakouts(client, project_id)
        ranking = await client.metrics.top_performers(project_id, metric="engagement_rate", limit=10)
        top = next((row for row in ranking.items if row.platform_post_id), None)
        if top is None or top.platform_post_id is None:
            print(f"nothing to clone yet: {scan.detail}")
            return
        print(f"top performer: {top.title!r} ({top.platform_post_id}, engagement {top.metric_value:.3f})")
        job = await client.content.clone_from_post(
            project_id=project_id, source_platform_post_id=top.platform_post_id, mode="fork", variations=2
        )
        done = await client.jobs.wait(job, timeout=900)
        container = await client.content.get(done.container_id)
        # Never approve or schedule automatically: a human reviews the clone first.
        print(f"clone {container.id}: job {done.status.value}, approval {container.approval_status.value}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", default=None)
    parser.add_argument("--backend", choices=("asyncio", "trio"), default="asyncio")
    args = parser.parse_args()
    anyio.run(main, args.project, backend=args.backend)
