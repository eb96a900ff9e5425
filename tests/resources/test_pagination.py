"""Paginator: lazy, page by page, resumable (contract §5)."""

from __future__ import annotations

import pytest

from layers_async.models import Page

PID = "prj_5b6c7d8e-9f01-4a2b-8c3d-4e5f6a7b8c9d"


def project(n: int) -> dict[str, object]:
    return {"id": f"prj_{n}", "name": f"Project {n}", "status": "active"}


def test_nothing_is_fetched_before_iteration(api) -> None:
    api.client.projects.list(limit=2)
    assert [] == api.requests


@pytest.mark.anyio
async def test_items_span_pages_following_next_cursor(api) -> None:
    api.reply(200, {"items": [project(1), project(2)], "nextCursor": "cur_2"})
    api.reply(200, {"items": [project(3)], "nextCursor": None})
    ids = [p.id async for p in api.client.projects.list(limit=2)]
    cursors = [dict(api.sent(i)[2]).get("cursor") for i in range(2)]
    assert (["prj_1", "prj_2", "prj_3"], [None, "cur_2"]) == (ids, cursors)


@pytest.mark.anyio
async def test_a_page_is_fetched_only_when_the_previous_one_is_used_up(api) -> None:
    api.reply(200, {"items": [project(1), project(2)], "nextCursor": "cur_2"})
    iterator = aiter(api.client.projects.list(limit=2))
    await anext(iterator)
    await anext(iterator)
    assert 1 == len(api.requests)


@pytest.mark.anyio
async def test_missing_next_cursor_is_the_end(api) -> None:
    api.reply(200, {"items": [project(1)]})
    assert 1 == len(await api.client.projects.list().collect())


@pytest.mark.anyio
async def test_pages_expose_items_and_next_cursor(api) -> None:
    api.reply(200, {"items": [project(1)], "nextCursor": "cur_2"})
    api.reply(200, {"items": [], "nextCursor": None})
    pages = [page async for page in api.client.projects.list().pages()]
    assert [("cur_2", 1), (None, 0)] == [(p.next_cursor, len(p.items)) for p in pages]
    assert isinstance(pages[0], Page)


@pytest.mark.anyio
async def test_cursor_argument_resumes_from_a_page(api) -> None:
    api.reply(200, {"items": [project(3)], "nextCursor": None})
    await api.client.projects.list(limit=2, cursor="cur_2").collect()
    assert [("limit", "2"), ("cursor", "cur_2")] == api.sent()[2]


@pytest.mark.anyio
async def test_collect_stops_after_max_items_without_fetching_more(api) -> None:
    api.reply(200, {"items": [project(1), project(2)], "nextCursor": "cur_2"})
    items = await api.client.projects.list().collect(max_items=2)
    assert (2, 1) == (len(items), len(api.requests))


@pytest.mark.anyio
async def test_a_repeated_cursor_ends_iteration_instead_of_looping(api) -> None:
    api.reply(200, {"items": [project(1)], "nextCursor": "same"})
    api.reply(200, {"items": [project(2)], "nextCursor": "same"})
    assert 2 == len(await api.client.projects.list().collect())
