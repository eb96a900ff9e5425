"""A fleet: the daily loop sharded over worker processes with streaq, one task per project per day.

Needs ``pip install 'layers-async[fleet]'`` (Python >= 3.11) and a Redis >= 7. Every command reads
``LAYERS_API_KEY`` (and ``LAYERS_BASE_URL``), ``REDIS_URL`` (default ``redis://127.0.0.1:6379/0``) and
``LAYERS_TIER`` (the key's rate-limit tier, default ``standard``):

    python examples/fleet.py worker [--backend asyncio|trio] [--concurrency 4]   # as many as you like
    python examples/fleet.py enqueue [PROJECT_ID ...]   # today's run (default: every active project)
    python examples/fleet.py reports [--wait N]         # today's reports, one line per project

To try it offline, serve the emulator (``python -m layers_async.testing serve --speed 60``) and point
``LAYERS_API_KEY``/``LAYERS_BASE_URL`` at the key and URL it prints. Enqueuing twice the same day
queues each project once; kill a worker with ``kill -9`` and another finishes its projects (after
``--idle-timeout`` seconds) without starting their clones again.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

import anyio

import layers_async
from layers_async.contrib.streaq import DailyFleet


def make_fleet(args: argparse.Namespace) -> DailyFleet:
    return DailyFleet(
        os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        tier=os.environ.get("LAYERS_TIER", "standard"),  # type: ignore[arg-type]
        concurrency=args.concurrency,
        idle_timeout=args.idle_timeout,
        anyio_backend=args.backend,
    )


async def enqueue(fleet: DailyFleet, project_ids: list[str]) -> None:
    if not project_ids:
        async with layers_async.Client() as client:
            project_ids = [p.id async for p in client.projects.list(status="active")]
    async with fleet:
        sent = await fleet.enqueue(project_ids)
    print(f"{sent} project(s) queued for today, {len(project_ids) - sent} already reported")


async def reports(fleet: DailyFleet, wait: float, expected: int) -> None:
    deadline = time.monotonic() + wait
    async with fleet:
        found = await fleet.reports()
        while len(found) < expected and time.monotonic() < deadline:
            await anyio.sleep(0.5)
            found = await fleet.reports()
    for project_id, text in sorted(found.items()):
        report: dict[str, Any] = json.loads(text)
        clones = [f"{c['container_id']} ({c['outcome']})" for c in report["clones"]]
        print(f"{project_id}: {report['decision']} — clones {clones or 'none'}")
    if len(found) < expected:
        sys.exit(f"only {len(found)} of {expected} report(s) after {wait:g} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("worker", "enqueue", "reports"))
    parser.add_argument("project_ids", nargs="*")
    parser.add_argument("--backend", choices=("asyncio", "trio"), default="asyncio")
    parser.add_argument("--concurrency", type=int, default=4, help="projects one worker runs at once")
    parser.add_argument("--idle-timeout", type=float, default=60.0, help="seconds before a dead worker's task moves")
    parser.add_argument("--wait", type=float, default=0.0, help="reports: wait up to N s for --expect reports")
    parser.add_argument("--expect", type=int, default=0, help="reports: how many to wait for")
    args = parser.parse_args()
    fleet = make_fleet(args)
    if args.command == "worker":
        fleet.run()  # until SIGINT/SIGTERM
    elif args.command == "enqueue":
        anyio.run(enqueue, fleet, args.project_ids, backend=args.backend)
    else:
        anyio.run(reports, fleet, args.wait, args.expect, backend=args.backend)


if __name__ == "__main__":
    main()
