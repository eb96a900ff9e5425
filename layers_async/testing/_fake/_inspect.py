"""Inspection for tests: counts per project, JSON views of jobs and containers, the request log."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from layers_async.testing._fake._jobview import current_progress, job_envelope
from layers_async.testing._fake._render import container_json
from layers_async.testing._fake._store import Store

__all__ = ["InspectMixin", "LogEntry", "LoggedRequest"]


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    """One handled request: ``fault`` names an injected fault (``None`` for a normal answer)."""

    method: str
    path: str
    status: int
    request_id: str
    fault: str | None
    at: float


#: What the log stores per request (cheaper than building a `LoggedRequest` on every request).
LogEntry = tuple[str, str, int, str, str | None, float]


class InspectMixin:
    """Read-only views of the emulator's state (each brings the world up to the clock first)."""

    _store: Store
    _log: deque[LogEntry]

    def job_count(self, project_id: str) -> int:
        """How many jobs exist in ``project_id``."""
        with self._store.lock:
            self._store.catch_up()
            return sum(1 for j in self._store.jobs.values() if j.project_id == project_id)

    def container_count(self, project_id: str) -> int:
        """How many containers exist in ``project_id``."""
        with self._store.lock:
            self._store.catch_up()
            return sum(1 for c in self._store.containers.values() if c.project_id == project_id)

    def running_job_count(self, org_id: str) -> int:
        """How many jobs of ``org_id`` are ``running``."""
        with self._store.lock:
            self._store.catch_up()
            return self._store.running_jobs.get(org_id, 0)

    def job(self, job_id: str) -> dict[str, Any]:
        """The job envelope as ``GET /v1/jobs/{id}`` would send it."""
        with self._store.lock:
            now = self._store.catch_up()
            job = self._store.jobs[job_id]
            return job_envelope(self._store, job, current_progress(self._store, job, now))

    def container(self, container_id: str) -> dict[str, Any]:
        """The container as ``GET /v1/content/{id}`` would send it."""
        with self._store.lock:
            self._store.catch_up()
            return container_json(self._store.containers[container_id])

    def jobs_in(self, project_id: str) -> list[str]:
        """Job ids of ``project_id`` in creation order."""
        with self._store.lock:
            return [j.id for j in self._store.jobs.values() if j.project_id == project_id]

    @property
    def request_log(self) -> list[LoggedRequest]:
        """The most recent requests, oldest first."""
        return [LoggedRequest(*entry) for entry in self._log]

    def clear_request_log(self) -> None:
        """Forget every logged request."""
        self._log.clear()
