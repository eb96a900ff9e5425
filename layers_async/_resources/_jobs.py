"""``client.jobs``: read and cancel asynchronous jobs (contract §7, §12)."""

from __future__ import annotations

from typing import overload

from layers_async._resources._base import Resource
from layers_async._sansio import path_id
from layers_async.models._jobs import CancelResult, Job

__all__ = ["Jobs"]


class Jobs(Resource):
    """Jobs: ``get`` (with ETag support) and ``cancel``."""

    __slots__ = ()

    @overload
    async def get(self, job_id: str) -> Job: ...

    @overload
    async def get(self, job_id: str, *, etag: str | None) -> Job | None: ...

    async def get(self, job_id: str, *, etag: str | None = None) -> Job | None:
        """Fetch a job's current envelope.

        Args:
            job_id: The job's id.
            etag: The ETag of the envelope you already hold; sent as ``If-None-Match``.

        Returns:
            The job (its ``etag`` set from the response), or ``None`` when the server answered 304:
            nothing changed since ``etag``.
        """
        path = f"/v1/jobs/{path_id('job_id', job_id)}"
        headers = (("If-None-Match", etag),) if etag else ()
        response = await self._client.send("GET", path, headers=headers)
        if response.status_code == 304:
            return None
        return self._client.decode(response, Job, etag=response.header("etag"))

    async def cancel(self, job_id: str) -> CancelResult:
        """Ask a job to stop at its next stage boundary; keep polling until it is terminal.

        Raises:
            ConflictError: ``JOB_CANCEL_UNAVAILABLE`` while the job is finalizing.
        """
        path = f"/v1/jobs/{path_id('job_id', job_id)}/cancel"
        response = await self._client.send("POST", path)
        return self._client.decode(response, CancelResult)
