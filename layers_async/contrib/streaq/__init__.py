"""A fleet on streaq (extra ``[fleet]``): `run_daily` sharded over worker processes, one task per project per day.

Each worker has one `Client` paced by the shared `RedisRateLimiter` and one `RedisJobStore`; a worker
that dies mid-project has its task claimed by another, which resumes the in-flight clones from the
store. streaq is a Redis-streams task queue built on anyio: workers run on asyncio or trio.
"""

try:
    import streaq  # noqa: F401
except ImportError as exc:  # pragma: no cover - the extra is not installed
    raise ImportError("layers_async.contrib.streaq needs streaq: pip install 'layers-async[fleet]'") from exc

from layers_async.contrib.streaq._fleet import TASK_NAME, DailyFleet, FleetResources

__all__ = ["TASK_NAME", "DailyFleet", "FleetResources"]
