"""Cursor pagination (API reference: Pagination): lazy async iteration over items or pages.

A list call validates its arguments at once and returns a `Paginator`; nothing is fetched until
iteration starts, and each page is fetched only when the previous one is used up. No async generators
are involved, so abandoning a loop half-way leaves nothing to finalize.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import attrs

from layers_async._public import publish
from layers_async._response_info import ResponseInfo, ResponseSlot
from layers_async._transport import Response

__all__ = ["Page", "Paginator"]

T = TypeVar("T")

FetchPage = Callable[[str | None], Awaitable[tuple["Page[T]", Response]]]
"""Fetches the page at a cursor; returns it with the response it came from."""


@attrs.frozen(kw_only=True)
class Page(Generic[T]):
    """One page of a list route.

    Attributes:
        items: The page's items, in the route's order.
        next_cursor: Pass it as ``cursor=`` to resume after this page; ``None`` on the last page
            (a missing ``nextCursor`` also means the end).
    """

    items: tuple[T, ...]
    next_cursor: str | None = None


class Paginator(Generic[T]):
    """The lazy result of a list call: ``async for item in paginator`` or ``async for page in paginator.pages()``.

    Each ``async for`` starts again from the cursor the call was given. `last_response` is the
    metadata of the last page fetched.
    """

    __slots__ = ("_cursor", "_fetch", "_last")

    def __init__(self, fetch: FetchPage[T], cursor: str | None = None) -> None:
        self._fetch = fetch
        self._cursor = cursor
        self._last = ResponseSlot()

    @property
    def last_response(self) -> ResponseInfo | None:
        """Status, headers, request id and rate-limit state of the last page fetched (``None`` before)."""
        return self._last.info

    def __repr__(self) -> str:
        return f"<Paginator cursor={self._cursor!r}>"

    def pages(self) -> _PageIterator[T]:
        """Iterate page by page (each `Page` carries ``next_cursor`` for resuming later)."""
        return _PageIterator(self._fetch, self._cursor, self._last)

    def __aiter__(self) -> _ItemIterator[T]:
        return _ItemIterator(self.pages())

    async def collect(self, *, max_items: int | None = None) -> list[T]:
        """Fetch items into a list, stopping after ``max_items`` (``None``: every page)."""
        out: list[T] = []
        if max_items is not None and max_items <= 0:
            return out
        async for item in self:
            out.append(item)
            if max_items is not None and len(out) >= max_items:
                break
        return out


class _PageIterator(Generic[T]):
    """Fetches one page per ``__anext__`` until a page has no ``next_cursor``."""

    __slots__ = ("_cursor", "_done", "_fetch", "_last")

    def __init__(self, fetch: FetchPage[T], cursor: str | None, last: ResponseSlot) -> None:
        self._fetch = fetch
        self._cursor = cursor
        self._done = False
        self._last = last

    def __aiter__(self) -> _PageIterator[T]:
        return self

    async def __anext__(self) -> Page[T]:
        if self._done:
            raise StopAsyncIteration
        page, response = await self._fetch(self._cursor)
        self._last.set(response)
        # An empty cursor, or one equal to the last, would loop forever: treat it as the end.
        if not page.next_cursor or page.next_cursor == self._cursor:
            self._done = True
        self._cursor = page.next_cursor
        return page


class _ItemIterator(Generic[T]):
    """Yields the items of successive pages, fetching the next page only when the current one is spent."""

    __slots__ = ("_buffer", "_index", "_pages")

    def __init__(self, pages: _PageIterator[T]) -> None:
        self._pages = pages
        self._buffer: tuple[T, ...] = ()
        self._index = 0

    def __aiter__(self) -> _ItemIterator[T]:
        return self

    async def __anext__(self) -> T:
        while self._index >= len(self._buffer):
            page = await self._pages.__anext__()
            self._buffer, self._index = page.items, 0
        item = self._buffer[self._index]
        self._index += 1
        return item


publish("layers_async", Paginator)
