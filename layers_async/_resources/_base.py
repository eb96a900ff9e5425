"""What every resource namespace shares (the argument checks live in `layers_async._checks`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from layers_async._checks import check_optional_str
from layers_async._pagination import Page, Paginator
from layers_async._sansio import QueryValue

if TYPE_CHECKING:
    from layers_async._client import Client

__all__ = ["Many", "Resource"]

S = TypeVar("S", bound=str)
E = TypeVar("E")
M = TypeVar("M")

Many: TypeAlias = E | str | Sequence[E | str]
"""One value or a sequence of values of a repeatable query parameter."""


class Resource:
    """A namespace of calls bound to one client."""

    __slots__ = ("_client",)

    def __init__(self, client: Client) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"

    def _paginate(self, path: str, query: Mapping[str, QueryValue], model: type[M], cursor: str | None) -> Paginator[M]:
        """A lazy `Paginator` over ``GET path`` (``query`` already validated; the cursor is added per page)."""
        client = self._client
        page_type: Any = Page[model]  # type: ignore[valid-type]

        async def fetch(page_cursor: str | None) -> Page[M]:
            response = await client.send("GET", path, query={**query, "cursor": page_cursor})
            page: Page[M] = client.decode(response, page_type)
            return page

        return Paginator(fetch, check_optional_str("cursor", cursor))
