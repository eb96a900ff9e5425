"""``client.content``: generate, clone and read content containers (contract §8.1, §13)."""

from __future__ import annotations

import re
import uuid

from layers_async._converter import unstructure
from layers_async._ratelimit import LONG_RUNNING
from layers_async._resources._base import Resource, check_choice, check_int_range, check_str
from layers_async._sansio import check_idempotency_key, path_id
from layers_async.errors import InvalidRequestError
from layers_async.models._content import CloneFromPostRequest, CloneMode, CloneOverrides, Container
from layers_async.models._jobs import AcceptedJob

__all__ = ["Content"]

_CLONE_MODES = frozenset(m.value for m in CloneMode)
_CONTAINER_UUID = re.compile(r"^(cnt_)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def new_container_id() -> str:
    """Mint a fresh container id (``cnt_<uuid4>``) for a target-first call."""
    return f"cnt_{uuid.uuid4()}"


class Content(Resource):
    """Content containers: clone a post, read a container."""

    __slots__ = ()

    async def clone_from_post(
        self,
        *,
        project_id: str,
        source_platform_post_id: str,
        mode: CloneMode | str = "fork",
        variations: int = 1,
        container_id: str | None = None,
        project_layer_id: str | None = None,
        overrides: CloneOverrides | None = None,
        idempotency_key: str | None = None,
    ) -> AcceptedJob:
        """Clone a tracked post into one new container (``variations`` outputs, one job).

        The call is target-first: ``container_id`` (minted as ``cnt_<uuid4>`` when omitted) names the
        new container, so repeating the call with the same id and body returns the original job.

        Args:
            project_id: The project the clone belongs to.
            source_platform_post_id: The source's ``pp_…`` id or the platform's native id.
            mode: ``"fork"`` (keep structure) or ``"reimagine"`` (keep the hook).
            variations: Distinct outputs, 1–10.
            container_id: The new container's id (a uuid, or ``cnt_<uuid>``).
            project_layer_id: Required when the project has several content layers.
            overrides: Caption, CTA or voice-over text to use.
            idempotency_key: Your own key; one is minted otherwise and reused on every retry.

        Returns:
            The accepted job, with ``container_id`` and the ``idempotency_key`` used.

        Raises:
            InvalidRequestError: A bad argument (before any request).
            NotFoundError: ``"Source post not found."`` (unknown, unsynced, deleted or another tenant's).
            ConflictError: ``LAYER_AMBIGUOUS``, ``CONTAINER_ID_IN_USE`` or ``PROJECT_ARCHIVED``.
            RateLimitedError: Including the concurrent-jobs cap (``limit_type == "concurrent_jobs"``).
        """
        body = CloneFromPostRequest(
            project_id=check_str("project_id", project_id),
            source_platform_post_id=check_str("source_platform_post_id", source_platform_post_id),
            mode=CloneMode(check_choice("mode", mode, _CLONE_MODES)),
            variations=check_int_range("variations", variations, 1, 10),
            project_layer_id=None if project_layer_id is None else check_str("project_layer_id", project_layer_id),
            overrides=overrides,
        )
        if container_id is None:
            container_id = new_container_id()
        elif not isinstance(container_id, str) or not _CONTAINER_UUID.match(container_id):
            raise InvalidRequestError("container_id must be a UUID or 'cnt_<uuid>'", argument="container_id")
        if idempotency_key is None:
            idempotency_key = str(uuid.uuid4())
        check_idempotency_key(idempotency_key)
        path = f"/v1/content/{path_id('container_id', container_id)}/clone-from-post"
        response = await self._client.send(
            "POST",
            path,
            json=unstructure(body),
            idempotency_key=idempotency_key,
            endpoint_class=LONG_RUNNING,
        )
        return self._client.decode(
            response,
            AcceptedJob,
            idempotencyKey=idempotency_key,
            replayed=response.header("idempotent-replayed") == "true",
        )

    async def get(self, container_id: str) -> Container:
        """Fetch a container (``cnt_<uuid>`` or a bare uuid); callable while it is still produced.

        Raises:
            NotFoundError: ``"Container not found."``
        """
        response = await self._client.send("GET", f"/v1/content/{path_id('container_id', container_id)}")
        return self._client.decode(response, Container)
