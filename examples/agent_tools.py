"""Drive the Layers agent tools by hand, as an agent would: rank, find breakouts, clone, wait, review.

No model and no key: the tools run against an in-process FakeLayers demo world.

    python examples/agent_tools.py [--backend asyncio|trio]
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import anyio

from layers_async.agents import ToolError, build_tools
from layers_async.testing import FakeLayers, RealClock


async def main() -> None:
    fake = FakeLayers(clock=RealClock(speed=50))
    demo = fake.demo()
    async with fake.client() as client:
        tools = {tool.name: tool for tool in build_tools(client, allow_writes=True)}
        for tool in tools.values():
            hint = "read-only" if tool.annotations.read_only else "writes"
            print(f"tool {tool.name} ({hint}): {', '.join(tool.input_schema['properties'])}")

        async def call(name: str, **arguments: Any) -> Any:
            # A model sends every argument; null asks for the default.
            args = dict.fromkeys(tools[name].input_schema["properties"]) | arguments
            result = await tools[name](args)
            print(f"\n> {name}({json.dumps(arguments)})\n  {result.get('advice') or result.get('verdict')}")
            return result

        ranked = await call("rank_top_posts", project_id=demo.project_id, limit=3)
        for row in ranked["rows"]:
            print(f"  #{row['rank']} {row['title']!r}: {row['metric_value']:.3f}")
        found = await call("find_breakouts", project_id=demo.project_id)
        if found["verdict"] != "ok" or not found["breakouts"]:
            return  # below the noise floor, provisional, or nothing stands out: no action
        source = found["breakouts"][0]["platform_post_id"]
        started = await call("start_clone", project_id=demo.project_id, post_id=source)
        again = await call("start_clone", project_id=demo.project_id, post_id=source)
        print(f"  retried: same job {again['job_id'] == started['job_id']}, replayed {again['replayed']}")
        status = await call("wait_for_job", job_id=started["job_id"], timeout_seconds=30)
        while not status["finished"]:
            status = await call("wait_for_job", job_id=started["job_id"])
        pending = await call("list_pending_approvals", project_id=demo.project_id)
        for item in pending["items"]:
            print(f"  approval pending: {item['container_id']} hook={item['hook']!r}")
        try:
            await call("rank_top_posts", project_id=demo.project_id, limit=500)
        except ToolError as exc:
            print(f"  the model would read: {exc}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("asyncio", "trio"), default="asyncio")
    anyio.run(main, backend=parser.parse_args().backend)
