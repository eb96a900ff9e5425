"""The weekly read: paid results against the week before, what converted, and next week's briefs.

Runs against an in-process FakeLayers demo world by default, or the real API when LAYERS_API_KEY is set:

    python examples/weekly_read.py [PROJECT_ID ...] [--generate] [--backend asyncio|trio] [--json]
"""

from __future__ import annotations

import argparse
import os

import anyio

import layers_async
from layers_async.workflows import WorkflowConfig, run_weekly


def cents(value: int | None) -> str:
    return "-" if value is None else f"{value / 100:,.2f}"


async def main(project_ids: list[str], generate: bool, as_json: bool) -> None:
    if os.environ.get("LAYERS_API_KEY"):
        client = layers_async.Client()
    else:
        from layers_async.testing import FakeLayers, RealClock

        fake = FakeLayers(clock=RealClock(speed=50))
        demo = fake.demo()
        client = fake.client()
        project_ids = project_ids or [demo.paid.project_id, demo.project_id]
    async with client:
        if not project_ids:
            project_ids = [p.id async for p in client.projects.list(status="active")]
        config = WorkflowConfig(min_paid_spend_cents=2_000, min_paid_conversions=3)
        report = await run_weekly(client, project_ids, config=config, generate=generate)
    if as_json:
        print(report.to_json(indent=2))
        return
    for project in report.projects:
        print(f"{project.project_id}: {project.decision} — {project.reason}")
        for creative in project.by_conversions:
            print(
                f"  #{creative.conversions_rank} {creative.title}: {creative.conversions} conversions, "
                f"spend {cents(creative.spend_cents)}, CPA {cents(creative.cpa_cents)}, ROAS {creative.roas:.2f}"
            )
        for divergence in project.divergences:
            print(f"  {divergence.kind}: {divergence.title} — {divergence.detail}")
        for brief in project.briefs:
            print(f"  brief: {brief.hook!r} ({brief.format}, CTA {brief.cta or '-'})")
        for generation in project.generations:
            print(f"  generation {generation.container_id}: {generation.outcome}, {generation.approval_status}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project_ids", nargs="*")
    parser.add_argument("--generate", action="store_true", help="start the briefs' generations (held for review)")
    parser.add_argument("--backend", choices=("asyncio", "trio"), default="asyncio")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    anyio.run(main, args.project_ids, args.generate, args.json, backend=args.backend)
