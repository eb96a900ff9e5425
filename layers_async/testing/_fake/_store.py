"""The world: every entity, the clock, the id generator, and a heap of timed events run lazily."""

from __future__ import annotations

import heapq
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from layers_async.testing._fake._clock import EmulatorClock
from layers_async.testing._fake._http import not_found
from layers_async.testing._fake._ids import IdGen
from layers_async.testing._fake._state import (
    AdsContent,
    ApiKey,
    Container,
    Job,
    Org,
    PlatformPost,
    Project,
    ScheduledPost,
)

__all__ = ["Config", "MinuteBucket", "Store"]


@dataclass(slots=True)
class Config:
    """Timing knobs, all in clock seconds.

    Attributes:
        stage_seconds: Time a content job spends in ``queued``, ``generating_visuals`` and ``finalizing``.
        publish_seconds: Time a scheduled post spends ``publishing``.
        sync_interval: Platform-post sync cadence (also the ``/top-performers`` cache cycle).
        score_interval: Organic score recompute cadence.
        idempotency_ttl: How long an ``Idempotency-Key`` is remembered.
        concurrent_retry_after: ``Retry-After`` sent with a concurrent-jobs 429.
        minimal_shapes: Answer job envelopes with only the fields the vendor's own examples show: a
            job-starting 202 with ``jobId``, ``kind``, ``status``, ``containerId`` (``containerIds`` for a
            generate) and ``locationUrl``; a poll with ``jobId``, ``kind``, ``status``, ``progress``,
            ``stage``, ``startedAt`` (and, once the job has ended, ``finishedAt``, ``result``/``error``).
    """

    stage_seconds: tuple[float, float, float] = (5.0, 5.0, 5.0)
    publish_seconds: float = 5.0
    sync_interval: float = 1_800.0
    score_interval: float = 21_600.0
    idempotency_ttl: float = 86_400.0
    concurrent_retry_after: int = 5
    minimal_shapes: bool = False


class MinuteBucket:
    """One (key, endpoint class) fixed UTC-minute window: its count and the rate headers that stay constant in it."""

    __slots__ = ("class_header", "count", "limit", "limit_header", "limits", "reset_header", "window")

    def __init__(self, window: float, endpoint_class: str) -> None:
        self.window = window
        self.count = 0
        self.limits: object = None
        self.limit = 0
        self.class_header = ("X-RateLimit-Endpoint-Class", endpoint_class)
        self.limit_header = ("X-RateLimit-Limit", "0")
        self.reset_header = ("X-RateLimit-Reset", str(int(window + 60)))


class Store:
    """All emulator state. Time-driven changes are queued as events and run when the world catches up."""

    def __init__(self, clock: EmulatorClock, seed: int, config: Config) -> None:
        self.clock = clock
        self.seed = seed
        self.ids = IdGen(seed)
        self.config = config
        self.lock = threading.RLock()
        self.orgs: dict[str, Org] = {}
        self.keys: dict[str, ApiKey] = {}
        self.keys_by_secret: dict[str, ApiKey] = {}
        self.projects: dict[str, Project] = {}
        self.posts: dict[str, PlatformPost] = {}
        self.containers: dict[str, Container] = {}
        self.jobs: dict[str, Job] = {}
        self.scheduled: dict[str, ScheduledPost] = {}
        self.ads: dict[str, AdsContent] = {}
        self.running_jobs: dict[str, int] = {}
        self.idempotency: dict[tuple[str, str, str, str], tuple[float, Any, int, list[tuple[str, str]], bytes]] = {}
        self.minute_buckets: dict[tuple[str, str], MinuteBucket] = {}
        self.day_buckets: dict[str, list[float]] = {}
        self.top_cache: dict[tuple[Any, ...], bytes] = {}
        self.job_failures: list[tuple[str, dict[str, str]]] = []
        self.publish_failures: list[dict[str, str]] = []
        self._events: list[tuple[float, int, Callable[[float], None]]] = []
        self._seq = 0

    # -- time -------------------------------------------------------------------------------------------
    def schedule(self, at: float, action: Callable[[float], None]) -> None:
        """Run ``action(at)`` once the clock reaches ``at``."""
        self._seq += 1
        heapq.heappush(self._events, (at, self._seq, action))

    def catch_up(self) -> float:
        """Run every event that is due and return the current time."""
        now = self.clock.now()
        events = self._events
        while events and events[0][0] <= now:
            at, _, action = heapq.heappop(events)
            action(at)
        return now

    def sync_tick_after(self, epoch: float) -> float:
        """The first sync tick strictly after ``epoch``."""
        interval = self.config.sync_interval
        return (epoch // interval + 1) * interval

    # -- tenancy-scoped lookups (another org's id reads exactly like an unknown id) --------------------
    def project(self, org_id: str, project_id: str) -> Project:
        """The org's project, or 404 ``Project not found.``."""
        project = self.projects.get(project_id)
        if project is None or project.org_id != org_id:
            raise not_found("Project not found.")
        return project

    def container(self, org_id: str, container_id: str) -> Container:
        """The org's container (``cnt_<uuid>`` or bare uuid), or 404 ``Container not found.``."""
        cid = container_id if container_id.startswith("cnt_") else f"cnt_{container_id}"
        container = self.containers.get(cid.lower())
        if container is None or container.org_id != org_id:
            raise not_found("Container not found.")
        return container

    def job(self, org_id: str, job_id: str) -> Job:
        """The org's job, or 404 ``Job not found.``."""
        job = self.jobs.get(job_id)
        if job is None or job.org_id != org_id:
            raise not_found("Job not found.")
        return job

    def visible_post(self, project_id: str, post_id: str, now: float) -> PlatformPost | None:
        """Resolve an internal or native id to a synced, live post of ``project_id`` (the clone route's rules)."""
        post = self.posts.get(post_id)
        if post is not None and post.project_id == project_id and _live(post, now):
            return post
        best: PlatformPost | None = None
        for candidate in self.posts.values():
            if (
                candidate.native_id == post_id
                and candidate.project_id == project_id
                and _live(candidate, now)
                and (best is None or (candidate.published_at, candidate.id) > (best.published_at, best.id))
            ):
                best = candidate
        return best

    def project_posts(self, project_id: str, now: float) -> list[PlatformPost]:
        """Every synced, live post of ``project_id``."""
        return [p for p in self.posts.values() if p.project_id == project_id and _live(p, now)]


def _live(post: PlatformPost, now: float) -> bool:
    return not post.deleted and post.visible_from <= now
