"""A worker the crash test kills: tracks N clones with a durable store, appending each result it is handed.

Run as ``python tests/_crash_child.py '<json settings>'``. Each result becomes one line in the
``out`` file, written with a single unbuffered ``write`` on an ``O_APPEND`` descriptor, so a SIGKILL
leaves whole lines only.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import anyio

from layers_async import Client, PollPolicy, SqliteJobStore


def open_store(settings: dict[str, Any]) -> Any:
    if settings["store"] == "sqlite":
        return SqliteJobStore(settings["path"])
    from layers_async.contrib.redis import RedisJobStore

    return RedisJobStore(settings["url"], namespace=settings["namespace"])


async def main(settings: dict[str, Any]) -> None:
    fd = os.open(settings["out"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    poll = PollPolicy(first=0.2, multiplier=1.0, maximum=0.2, jitter=0.1)
    client = Client(api_key=settings["key"], base_url=settings["base_url"])
    try:
        async with open_store(settings) as store, client, client.jobs.tracker(store=store, poll=poll) as tracker:
            posts = settings["posts"]
            for i in range(settings["count"]):
                tracker.clone(project_id=settings["project"], source_platform_post_id=posts[i % len(posts)], tag=i)
            async for result in tracker:
                line = {"tag": result.tag, "job": result.job_id, "outcome": result.outcome, "again": result.redelivered}
                os.write(fd, (json.dumps(line) + "\n").encode())
    finally:
        os.close(fd)


if __name__ == "__main__":
    config = json.loads(sys.argv[1])
    anyio.run(main, config, backend=config["backend"])
