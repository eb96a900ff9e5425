"""clone_and_track with a JobStore: tags are required, and a rerun hands back only what was never returned."""

from __future__ import annotations

from collections.abc import Sequence

import anyio
import pytest

from layers_async import Client, MemoryJobStore
from layers_async.errors import InvalidRequestError
from layers_async.models import CloneFromPostRequest, CloneMode
from layers_async.testing import FakeLayers

pytestmark = pytest.mark.anyio


def world() -> tuple[FakeLayers, Client, list[CloneFromPostRequest]]:
    fake = FakeLayers(seed=9)
    org = fake.create_org("acme")
    key = fake.create_key(org, tier="partner")
    project = fake.create_project(org, "acme-todo")
    posts = [fake.add_post(project, metrics={"views": 900 + i, "likes": 80}) for i in range(4)]
    clones = [
        CloneFromPostRequest(project_id=project, source_platform_post_id=p, mode=CloneMode.FORK, variations=1)
        for p in posts
    ]
    return fake, fake.client(key=key), clones


@pytest.mark.parametrize(
    ("tags", "message"),
    [(None, "required"), (["a"], "one tag per clone"), (["a", "a", "b", "c"], "unique"), ([object()] * 4, "JSON")],
)
async def test_bad_tags_are_refused_before_any_request(tags: list[object] | None, message: str) -> None:
    fake, client, clones = world()
    async with client:
        with pytest.raises(InvalidRequestError, match=message) as caught:
            await client.content.clone_and_track(clones, store=MemoryJobStore(), tags=tags)
    assert "tags" == caught.value.argument
    assert [] == fake.request_log


class DiesBeforeReporting(MemoryJobStore):
    """The process "dies" (``scope`` canceled, the write lost) when the results are to be marked reported."""

    def __init__(self) -> None:
        super().__init__()
        self.scope: anyio.CancelScope | None = None

    async def deliver(self, key: str | None, *, reported: Sequence[str] = ()) -> bool:
        if key is None and self.scope is not None:
            self.scope.cancel()
            return False
        return await super().deliver(key, reported=reported)


async def test_a_call_that_died_returns_every_clone_once_more_flagged_and_starts_none() -> None:
    fake, client, clones = world()
    store, tags = DiesBeforeReporting(), [f"clone-{i}" for i in range(4)]
    async with client:
        with anyio.CancelScope() as scope:
            store.scope = scope
            first = await client.content.clone_and_track(clones, store=store, tags=tags)
        store.scope = None
        again = await client.content.clone_and_track(clones, store=store, tags=tags)
        third = await client.content.clone_and_track(clones, store=store, tags=tags)
    assert (tags, [True] * 4, []) == ([t.tag for t in again], [t.redelivered for t in again], third)
    assert [t.job_id for t in first] == [t.job_id for t in again]
    assert 4 == len({r.job_id for r in again}) == fake.job_count(clones[0].project_id)
