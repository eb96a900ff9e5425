"""What every resource namespace shares: the one call path, and pagination over it.

Argument checks live in `layers_async._checks`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import attrs

from layers_async._call import Reply
from layers_async._checks import check_idempotency, check_optional_str
from layers_async._converter import decode_body, unstructure
from layers_async._pagination import Page, Paginator
from layers_async._sansio import QueryValue

if TYPE_CHECKING:
    from layers_async._client import Client
    from layers_async._transport import Response

__all__ = ["Many", "Resource"]

S = TypeVar("S", bound=str)
E = TypeVar("E")
M = TypeVar("M")

Many: TypeAlias = E | str | Sequence[E | str]
"""One value or a sequence of values of a repeatable query parameter."""

# Response metadata a model carries beside its body, read from the `Reply` and never from the body.
_METADATA_FIELDS = ("etag", "idempotency_key", "replayed")
_metadata_by_model: dict[type, tuple[str, ...]] = {}


def _metadata_of(model: type) -> tuple[str, ...]:
    """The metadata fields ``model`` declares (cached: looked up on every decode)."""
    names = _metadata_by_model.get(model)
    if names is None:
        declared = attrs.fields_dict(model) if isinstance(model, type) and attrs.has(model) else {}
        names = _metadata_by_model[model] = tuple(n for n in _METADATA_FIELDS if n in declared)
    return names


class Resource:
    """A namespace of calls bound to one client."""

    __slots__ = ("_client",)

    def __init__(self, client: Client) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"

    async def _call(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        query: Mapping[str, QueryValue] | None = None,
        body: object = None,
        idempotency_key: object = None,
        endpoint_class: str | None = None,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> M:
        """Send one call and decode its answer into ``model``: every resource method ends here.

        Args:
            method: The HTTP method.
            path: The path, ids already checked and encoded.
            model: What the body decodes to.
            query: Query parameters, already checked.
            body: A request model (unstructured to its wire form) or ``None``.
            idempotency_key: The caller's key (checked here); the client mints one when ``None``.
            endpoint_class: The rate-limit class, when not the method's default.
            headers: Extra request headers.

        Raises:
            InvalidRequestError: A bad ``idempotency_key`` (before any request).
        """
        # The same steps as `_send`, without its extra coroutine: this is every call's path.
        key = None if idempotency_key is None else check_idempotency(idempotency_key)
        json = None if body is None else unstructure(body)
        reply = await self._client._exchange(method, path, query, json, headers, key, endpoint_class)
        return self._decode(reply, model)

    async def _send(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, QueryValue] | None = None,
        body: object = None,
        idempotency_key: object = None,
        endpoint_class: str | None = None,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> Reply:
        """The sending half of `_call`, for a caller that looks at the `Reply` first (a 304).

        Every resource request passes here: the one place where options for a single call would be
        applied, and where a raw-response view would get its `Reply`.
        """
        key = None if idempotency_key is None else check_idempotency(idempotency_key)
        json = None if body is None else unstructure(body)
        return await self._client._exchange(method, path, query, json, headers, key, endpoint_class)

    @staticmethod
    def _decode(reply: Reply, model: type[M]) -> M:
        """Decode the reply's body into ``model``, then set the response metadata the model declares."""
        result = decode_body(reply.response.content, model, reply.response)
        for name in _metadata_of(model):
            # The model was built just now and no one else holds it: setting a field of a frozen class
            # here is what its own __init__ does (attrs.evolve would build it twice on every poll).
            object.__setattr__(result, name, getattr(reply, name))
        return result

    def _paginate(self, path: str, query: Mapping[str, QueryValue], model: type[M], cursor: str | None) -> Paginator[M]:
        """A lazy `Paginator` over ``GET path`` (``query`` already validated; the cursor is added per page)."""
        page_type: Any = Page[model]  # type: ignore[valid-type]

        async def fetch(page_cursor: str | None) -> tuple[Page[M], Response]:
            reply = await self._send("GET", path, query={**query, "cursor": page_cursor})
            page: Page[M] = self._decode(reply, page_type)
            return page, reply.response

        return Paginator(fetch, check_optional_str("cursor", cursor))
