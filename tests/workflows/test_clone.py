"""clone_breakouts: fork with 2 variations, held for approval, never twice while in flight (§19.3)."""

from __future__ import annotations

import pytest

from layers_async import Client
from layers_async.testing import DemoHandles
from layers_async.workflows import check_saturation, clone_breakouts, find_breakouts

pytestmark = pytest.mark.anyio


async def test_breakout_is_cloned_with_two_variations_and_held_pending(client: Client, demo: DemoHandles) -> None:
    run = await clone_breakouts(client, demo.project_id, await find_breakouts(client, demo.project_id))
    assert [(demo.breakout_post_id, "fork", 2, "completed", "pending")] == [
        (
            c.source_platform_post_id,
            c.clone_mode.value if c.clone_mode else None,
            c.output_count,
            c.status.value,
            c.approval_status.value,
        )
        for c in run.containers
    ]


async def test_a_clone_in_flight_is_not_cloned_again(client: Client, demo: DemoHandles) -> None:
    scan = await find_breakouts(client, demo.project_id)
    await clone_breakouts(client, demo.project_id, scan)
    again = await clone_breakouts(client, demo.project_id, scan)
    assert ((), ["clone_in_flight"]) == (again.clones, [s.reason for s in again.skipped])


async def test_source_with_five_unbeaten_clones_is_saturated(client: Client, demo: DemoHandles) -> None:
    check = await check_saturation(client, demo.project_id, demo.saturated_source_id)
    assert (True, 5) == (check.saturated, check.clone_count)
