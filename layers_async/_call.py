"""What one successful call hands back to a resource, and the one place the SDK mints idempotency keys."""

from __future__ import annotations

import uuid

import attrs

from layers_async._transport import Response

__all__ = ["Reply", "mint_idempotency_key"]


def mint_idempotency_key() -> str:
    """A fresh ``Idempotency-Key`` (a uuid4).

    The client mints one for every POST and PATCH sent without a key; the tracker mints a clone's key
    up front (so a snapshot holds it) with this same function.
    """
    return str(uuid.uuid4())


@attrs.frozen(slots=True)
class Reply:
    """A successful logical call: the final response and the ``Idempotency-Key`` every attempt carried.

    Response metadata that is not part of the body (the key, ``Idempotent-Replayed``, ``ETag``) is read
    from here and set explicitly on the decoded model; a raw-response view would be built from it too.

    Attributes:
        response: The final (2xx or 304) response.
        idempotency_key: The key the call carried, or ``None`` for a call that has none (a GET).
    """

    response: Response
    idempotency_key: str | None = None

    @property
    def replayed(self) -> bool:
        """``True`` when the server answered with a stored response (``Idempotent-Replayed: true``)."""
        return self.response.header("idempotent-replayed") == "true"

    @property
    def etag(self) -> str | None:
        """The response's ``ETag`` header; ``None`` when absent or not printable ASCII (it could not be sent back)."""
        value = self.response.header("etag")
        return value if value is not None and value.isascii() and value.isprintable() else None

    @property
    def not_modified(self) -> bool:
        """``True`` for a 304 answer to a conditional request (there is no body to decode)."""
        return self.response.status_code == 304
