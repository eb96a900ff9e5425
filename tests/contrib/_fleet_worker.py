"""One fleet worker for tests/contrib/test_fleet.py: ``python _fleet_worker.py '<json settings>'``.

It runs `DailyFleet` until SIGTERM and appends one JSON line per fact to ``out`` (a single unbuffered
``write`` on an ``O_APPEND`` descriptor, so a SIGKILL leaves whole lines only): each task it starts
(``start``, with streaq's try count), each task it ends (``done``: `run_daily` ran; ``skip``: the
report was already written), and each clone event (``event``, with the job id).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from layers_async.contrib.streaq import DailyFleet


def build(settings: dict[str, Any]) -> DailyFleet:
    fd = os.open(settings["out"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    name = settings["name"]

    def log(kind: str, **fields: Any) -> None:
        os.write(fd, (json.dumps({"w": name, "kind": kind, "at": time.time(), **fields}) + "\n").encode())

    def on_event(event: Any) -> None:
        log("event", project=event.tag[1], job=event.job_id, status=event.status)

    fleet = DailyFleet(
        settings["redis"],
        api_key=settings["key"],
        tier="standard",
        limits=settings["limits"],
        namespace=settings["namespace"],
        queue=settings["queue"],
        concurrency=settings["concurrency"],
        idle_timeout=settings["idle_timeout"],
        on_event=on_event,
        client_options={"base_url": settings["base_url"]},
        anyio_backend=settings["backend"],
    )

    @fleet.worker.middleware
    def record(task: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def wrapper(project_id: str, day: str) -> Any:
            tries = record.context.tries
            reported = await fleet.worker.redis.hexists(fleet.reports_key(day), project_id)
            log("start", project=project_id, tries=tries)
            result = await task(project_id, day)
            log("skip" if reported else "done", project=project_id, tries=tries)
            return result

        return wrapper

    return fleet


if __name__ == "__main__":
    build(json.loads(sys.argv[1])).run()
