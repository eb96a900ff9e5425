"""`DailyFleet`: `run_daily` sharded over streaq workers, one task per project per day.

Every worker process holds one `Client` paced by a shared `RedisRateLimiter` and one `RedisJobStore`.
A project's task has an id derived from the queue, the day and the project, so a second enqueue while
it waits or runs is dropped by streaq; its report is kept in a Redis hash per day (written once), so an
enqueue after it finished, or a retry of a task whose worker died after the report was written, does
no work. A worker killed mid-project leaves its stream message unacknowledged: after ``idle_timeout``
another worker claims it and reruns the project, and `run_daily` picks the in-flight clones up from the
store (same container ids and idempotency keys) instead of starting them again.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
import uuid
from collections.abc import AsyncIterator, Iterable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

import attrs
from coredis.exceptions import RedisError
from streaq import StreaqError, StreaqRetry, Worker

from layers_async._client import Client
from layers_async.contrib.redis import RedisJobStore, RedisRateLimiter
from layers_async.contrib.redis._connection import translated
from layers_async.contrib.redis._limiter import Tier
from layers_async.errors import InvalidRequestError, JobStoreError, LayersError
from layers_async.workflows import WorkflowConfig, run_daily
from layers_async.workflows._clone import OnEvent

__all__ = ["TASK_NAME", "DailyFleet", "FleetResources"]

#: The name the project task is registered under (producers and workers must agree on it).
TASK_NAME = "layers_async.daily_project"


@attrs.frozen(kw_only=True)
class FleetResources:
    """What one worker process shares between its tasks (streaq's worker context)."""

    client: Client
    store: RedisJobStore
    limiter: RedisRateLimiter


def _utc_day() -> str:
    return datetime.fromtimestamp(time.time(), tz=timezone.utc).date().isoformat()


def _check_day(day: str) -> str:
    try:
        datetime.strptime(day, "%Y-%m-%d")
    except (TypeError, ValueError):
        raise InvalidRequestError("day must be a YYYY-MM-DD date", argument="day") from None
    return day


class DailyFleet:
    """One streaq queue of daily project runs; build the same fleet in producers and in workers.

    In a worker process, ``fleet.run()`` (or ``await fleet.run_async()``) takes tasks until stopped.
    In a producer, ``async with fleet:`` connects, then `enqueue` queues a day's projects and `reports`
    reads what the workers reported. One object is either a worker or a producer, not both.

    Args:
        redis: A ``redis://`` URL: the queue, the rate limiter and the job store all live there.
        api_key: The API key the workers use (defaults to ``$LAYERS_API_KEY``); the limiter keeps only
            its digest.
        tier: The key's rate-limit tier (``whoami`` reports it); ``limits`` overrides single classes.
        limits: Per-class requests per minute overriding the tier's, as in `RedisRateLimiter`.
        namespace: Prefix of the limiter's, the store's and the reports' Redis keys.
        queue: The streaq queue name.
        concurrency: Projects one worker runs at once.
        idle_timeout: Seconds after which a task whose worker stopped renewing it (died) is claimed by
            another worker; a live worker renews its tasks every ``0.9 * idle_timeout`` seconds.
        task_timeout: Seconds one project may take before its task is abandoned as failed.
        max_tries: Runs a project gets (a claim after a crash counts as a run); a project whose run
            ends in ``decision == "error"`` is retried until the last run, whose report is kept.
        config: Passed to `run_daily`.
        on_event: Passed to `run_daily` (called in the worker with each clone's `ProgressEvent`).
        client_options: Keyword arguments for each worker's `Client` (``base_url``, ``timeout``...).
        anyio_backend: The event loop `run` starts (``"asyncio"`` or ``"trio"``).

    Raises:
        InvalidRequestError: A bad argument.
    """

    def __init__(
        self,
        redis: str,
        *,
        api_key: str | None = None,
        tier: Tier = "standard",
        limits: Mapping[str, int] | None = None,
        namespace: str = "layers",
        queue: str = "layers-daily",
        concurrency: int = 4,
        idle_timeout: float = 60.0,
        task_timeout: float = 3_600.0,
        max_tries: int = 3,
        config: WorkflowConfig | None = None,
        on_event: OnEvent | None = None,
        client_options: Mapping[str, Any] | None = None,
        anyio_backend: Literal["asyncio", "trio"] = "asyncio",
    ) -> None:
        if not isinstance(redis, str) or not redis.startswith(("redis://", "rediss://", "unix://")):
            raise InvalidRequestError("redis must be a redis:// URL", argument="redis")
        for name, value, low in (("concurrency", concurrency, 1), ("max_tries", max_tries, 1)):
            if not isinstance(value, int) or isinstance(value, bool) or value < low:
                raise InvalidRequestError(f"{name} must be a whole number >= {low}", argument=name)
        for name, seconds in (("idle_timeout", idle_timeout), ("task_timeout", task_timeout)):
            if not isinstance(seconds, (int, float)) or not 1 <= seconds <= 86_400:
                raise InvalidRequestError(f"{name} must be between 1 and 86400 seconds", argument=name)
        if anyio_backend not in ("asyncio", "trio"):
            raise InvalidRequestError("anyio_backend must be 'asyncio' or 'trio'", argument="anyio_backend")
        self._redis, self._api_key, self._tier, self._limits = redis, api_key, tier, limits
        self._namespace, self._config, self._on_event = namespace, config, on_event
        self._client_options = dict(client_options or {})
        self._max_tries = max_tries
        # Built now, so that a bad tier, limit or namespace fails here rather than in a worker.
        RedisRateLimiter(redis, api_key=api_key, tier=tier, limits=limits, namespace=namespace)
        self.worker: Worker[FleetResources] = Worker(
            redis_url=redis,
            queue_name=queue,
            concurrency=concurrency,
            prefetch=1,
            lifespan=self._resources,
            idle_timeout=timedelta(seconds=idle_timeout),
            anyio_backend=anyio_backend,
            handle_signals=True,
        )
        self.task = self.worker.task(
            name=TASK_NAME, timeout=timedelta(seconds=task_timeout), max_tries=max_tries, ttl=timedelta(days=1)
        )(self._run_project)
        self._entered = False

    def __repr__(self) -> str:
        return f"<DailyFleet queue={self.worker.queue_name!r} namespace={self._namespace!r}>"

    def reports_key(self, day: str) -> str:
        """The Redis hash holding ``day``'s reports: project id -> `ProjectReport.to_json`."""
        return f"{{{self._namespace}}}:fleet:{self.worker.queue_name}:reports:{_check_day(day)}"

    @contextlib.asynccontextmanager
    async def _resources(self) -> AsyncIterator[FleetResources]:
        limiter = RedisRateLimiter(
            self._redis, api_key=self._api_key, tier=self._tier, limits=self._limits, namespace=self._namespace
        )
        async with limiter, RedisJobStore(self._redis, namespace=self._namespace) as store:
            client = Client(api_key=self._api_key, rate_limiter=limiter, **self._client_options)
            async with client:
                yield FleetResources(client=client, store=store, limiter=limiter)

    async def _run_project(self, project_id: str, day: str) -> str:
        """The task: run one project's day unless its report exists; return the report's JSON.

        A failure to reach Redis or the API is retried (streaq's ``StreaqRetry``) until the last run.
        """
        tries = self.task.context.tries
        try:
            return await self._run_once(project_id, day, last=tries >= self._max_tries)
        except (LayersError, RedisError, OSError) as exc:
            if tries >= self._max_tries:
                raise
            raise StreaqRetry(f"{type(exc).__name__}: {exc}", delay=timedelta(seconds=2 * tries)) from exc

    async def _run_once(self, project_id: str, day: str, *, last: bool) -> str:
        redis, key = self.worker.redis, self.reports_key(day)
        done = await redis.hget(key, project_id)
        if done is not None:
            return str(done)
        shared = self.worker.context
        report = await run_daily(
            shared.client, [project_id], config=self._config, on_event=self._on_event, store=shared.store
        )
        project = report.projects[0]
        if project.decision == "error" and not last:
            raise LayersError(project.reason)
        await redis.hsetnx(key, project_id, project.to_json())
        await redis.expire(key, timedelta(days=8))
        return str(await redis.hget(key, project_id))

    def run(self) -> None:
        """Run this process as a worker until SIGINT/SIGTERM (blocks; starts its own event loop)."""
        self.worker.run_sync()

    async def run_async(self) -> None:
        """Run as a worker in the current event loop until canceled."""
        await self.worker.run_async()

    async def __aenter__(self) -> DailyFleet:
        with translated(JobStoreError, "could not connect the fleet's queue"):
            await self.worker.__aenter__()
        self._entered = True
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        self._entered = False
        with translated(JobStoreError, "closing the fleet's queue failed"):
            await self.worker.__aexit__(*exc_info)

    def _task_id(self, project_id: str, day: str) -> str:
        digest = hashlib.sha256(f"{self.worker.queue_name}\0{day}\0{project_id}".encode()).digest()
        return uuid.UUID(bytes=digest[:16], version=4).hex

    async def enqueue(self, project_ids: Iterable[str], *, day: str | None = None) -> int:
        """Queue one task per project for ``day`` (default: today, UTC); return how many were sent.

        A project already reported that day is not sent; one already queued or running is sent but
        dropped by streaq (its task id is taken), so calling this twice queues each project once.

        Raises:
            InvalidRequestError: A bad project id or day.
            JobStoreError: Redis could not be reached, or the fleet was not entered.
        """
        day = _utc_day() if day is None else _check_day(day)
        ids = list(dict.fromkeys(project_ids))
        if not all(isinstance(p, str) and p for p in ids):
            raise InvalidRequestError("project_ids must be non-empty strings", argument="project_ids")
        if not self._entered:
            raise JobStoreError("enter the fleet first: async with DailyFleet(...) as fleet")
        if not ids:
            return 0
        with translated(JobStoreError, "could not enqueue the day's projects"):
            done = await self.worker.redis.hmget(self.reports_key(day), ids)
            todo = [p for p, report in zip(ids, done) if report is None]
            tasks = []
            for project_id in todo:
                task = self.task.enqueue(project_id, day)
                task.id = self._task_id(project_id, day)
                tasks.append(task)
            try:
                await self.worker.enqueue_many(tasks)
            except StreaqError as exc:
                raise JobStoreError(f"could not enqueue the day's projects: {exc}") from exc
        return len(todo)

    async def reports(self, day: str | None = None) -> dict[str, str]:
        """The reports written for ``day`` (default: today, UTC): project id -> report JSON.

        Raises:
            JobStoreError: Redis could not be reached, or the fleet was not entered.
        """
        day = _utc_day() if day is None else _check_day(day)
        if not self._entered:
            raise JobStoreError("enter the fleet first: async with DailyFleet(...) as fleet")
        with translated(JobStoreError, "could not read the day's reports"):
            found = await self.worker.redis.hgetall(self.reports_key(day))
        return {str(k): str(v) for k, v in found.items()}
