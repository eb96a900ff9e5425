"""run_daily with a JobStore: a run that dies mid-way resumes its clone on the rerun, never duplicating it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anyio
import pytest

from layers_async import Client, MemoryJobStore
from layers_async.testing import DemoHandles, FakeLayers
from layers_async.workflows import run_daily

pytestmark = pytest.mark.anyio


class DiesAfterAcceptance(MemoryJobStore):
    """Kills the run (cancels ``scope``) as soon as the server's acceptance of a clone is recorded."""

    def __init__(self) -> None:
        super().__init__()
        self.scope: anyio.CancelScope | None = None
        self.accepted: list[str] = []

    async def record_many(
        self, *, accepted: Sequence[tuple[str, str]] = (), outcomes: Sequence[tuple[str, str, str | None]] = ()
    ) -> None:
        await super().record_many(accepted=accepted, outcomes=outcomes)
        self.accepted += [job_id for _, job_id in accepted]
        if accepted and self.scope is not None:
            self.scope.cancel()


async def clones_of(client: Client, demo: DemoHandles) -> list[str]:
    listed = client.content.list(demo.project_id, source_platform_post_id=demo.breakout_post_id)
    return [c.id async for c in listed]


async def test_a_run_killed_after_its_clone_was_accepted_resumes_that_clone(
    fake: FakeLayers, client: Client, demo: DemoHandles
) -> None:
    store = DiesAfterAcceptance()
    with anyio.CancelScope() as scope:
        store.scope = scope
        await run_daily(client, [demo.project_id], store=store)
    store.scope = None
    [accepted] = store.accepted
    report = (await run_daily(client, [demo.project_id], store=store)).projects[0]
    assert [(demo.breakout_post_id, accepted, "completed")] == [
        (c.source_platform_post_id, c.job_id, c.outcome) for c in report.clones
    ]
    assert [report.clones[0].container_id] == await clones_of(client, demo)
    assert [] == await store.unfinished()


async def test_a_finished_day_is_not_redone_and_tags_name_the_day(
    fake: FakeLayers, client: Client, demo: DemoHandles
) -> None:
    store = MemoryJobStore()
    tags: list[Any] = []
    first = (await run_daily(client, [demo.project_id], store=store, on_event=lambda e: tags.append(e.tag))).projects[0]
    second = (await run_daily(client, [demo.project_id], store=store)).projects[0]
    clone_tags = {tuple(t) for t in tags if t[0] == "clone"}
    assert 1 == len(first.clones) and () == second.clones
    assert ["clone_in_flight"] == [s.reason for s in second.skipped]
    assert 1 == len(await clones_of(client, demo))
    assert all(len(t) == 4 and t[3][:2] == "20" for t in clone_tags)
