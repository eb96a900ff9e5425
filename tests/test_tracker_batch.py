"""clone_and_track: plain arguments, ids minted up front, and a resume path that never clones twice."""

from __future__ import annotations

from typing import Any

import anyio
import pytest

from layers_async.errors import InvalidRequestError
from layers_async.models import CloneFromPostRequest, CloneMode
from layers_async.testing import FakeLayers

pytestmark = pytest.mark.anyio


def world() -> tuple[FakeLayers, Any, str, str]:
    fake = FakeLayers(seed=9)
    org = fake.create_org("acme")
    key = fake.create_key(org, tier="partner")
    project_id = fake.create_project(org, "acme-todo")
    post_id = fake.add_post(project_id, platform="tiktok", metrics={"views": 900, "likes": 80})
    return fake, key, project_id, post_id


async def test_plain_mappings_with_string_modes_are_cloned_in_order() -> None:
    fake, key, project_id, post_id = world()
    clones = [
        {"project_id": project_id, "source_platform_post_id": post_id, "mode": "fork", "variations": 2},
        {"project_id": project_id, "source_platform_post_id": post_id, "mode": "reimagine"},
        CloneFromPostRequest(project_id=project_id, source_platform_post_id=post_id, mode=CloneMode.FORK, variations=1),
    ]
    async with fake.client(key=key) as client:
        results = await client.content.clone_and_track(clones)
    assert [(0, "completed"), (1, "completed"), (2, "completed")] == [(r.tag, r.outcome) for r in results]
    assert 3 == fake.job_count(project_id)


@pytest.mark.parametrize(
    ("clone", "match"),
    [
        ({"source_platform_post_id": "pp_1"}, "project_id"),
        ({"project_id": "prj_1", "source_platform_post_id": "pp_1", "colour": "red"}, "colour"),
        ({"project_id": "prj_1", "source_platform_post_id": "pp_1", "mode": "sideways"}, "mode"),
        ("prj_1", "mapping"),
    ],
)
async def test_a_bad_clone_refuses_the_batch_before_any_request(clone: object, match: str) -> None:
    fake, key, project_id, post_id = world()
    good = {"project_id": project_id, "source_platform_post_id": post_id}
    async with fake.client(key=key) as client:
        with pytest.raises(InvalidRequestError, match=match):
            await client.content.clone_and_track([good, clone])  # type: ignore[list-item]
    assert [] == fake.request_log


async def test_clones_and_resume_together_are_refused() -> None:
    fake, key, project_id, post_id = world()
    async with fake.client(key=key) as client:
        with pytest.raises(InvalidRequestError) as info:
            await client.content.clone_and_track(
                [{"project_id": project_id, "source_platform_post_id": post_id}], resume="{}"
            )
    assert "resume" == info.value.argument


async def test_an_interrupted_batch_resumes_from_its_checkpoint_without_cloning_twice() -> None:
    fake, key, project_id, post_id = world()
    fake.faults.lose_response(probability=0.2)
    # Submissions wait on rate limits now and then, so polls of accepted clones run in between.
    fake.faults.rate_limit(route="POST /v1/content/{containerId}/clone-from-post", probability=0.5, retry_after=5)
    clones = [{"project_id": project_id, "source_platform_post_id": post_id} for _ in range(12)]
    tokens: list[str] = []
    async with fake.client(key=key) as client:
        with anyio.CancelScope() as scope:  # interrupted as soon as the first accepted job is polled
            await client.content.clone_and_track(
                clones, max_submitting=1, checkpoint=tokens.append, on_event=lambda _: scope.cancel()
            )
        assert 1 <= fake.job_count(project_id) < 12  # interrupted part-way
        results = await client.content.clone_and_track(resume=tokens[-1])
    assert list(range(12)) == [r.tag for r in results]
    assert {"completed"} == {r.outcome for r in results}
    assert {r.container_id for r in results} == {
        c["containerId"] for c in __import__("json").loads(tokens[-1])["clones"]
    }
