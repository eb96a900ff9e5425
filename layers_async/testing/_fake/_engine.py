"""Time-driven state: content jobs moving through their stages, and scheduled posts being published."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from layers_async.testing._fake._ids import IdGen
from layers_async.testing._fake._jobview import current_progress
from layers_async.testing._fake._state import AdsContent, Container, Job, Org, PlatformPost, ScheduledPost
from layers_async.testing._fake._store import Store

__all__ = [
    "STAGES",
    "cancel_job",
    "complete_job",
    "fail_job",
    "queue_publication",
    "resume_timed_events",
    "start_job",
]

STAGES = ("queued", "generating_visuals", "finalizing")
_HOOKS = (
    "Your to-do list called. It wants to be finished by noon.",
    "Three taps, zero guilt: the list that finishes itself",
    "Stop planning your day. Start finishing it.",
    "The app that nags so your manager doesn't have to.",
    "Inbox zero is a myth. List zero isn't.",
)
_CAPTIONS = (
    "Inbox zero before lunch. acme-todo does the nagging.",
    "Noon. List done. Coffee still warm. #acmetodo",
    "Plan less, finish more.",
    "Your list, but it finishes itself.",
)


def start_job(store: Store, job: Job) -> None:
    """Register a freshly created running job and queue its first stage boundary."""
    store.jobs[job.id] = job
    store.running_jobs[job.org_id] = store.running_jobs.get(job.org_id, 0) + 1
    store.orgs[job.org_id].reserved += job.cost
    if store.job_failures:
        stage, error = store.job_failures.pop(0)
        job.fail_at_stage, job.fail_error = stage, error
    job.stage_started_at = job.started_at
    store.schedule(job.started_at + store.config.stage_seconds[0], _boundary(store, job))


def _boundary(store: Store, job: Job) -> Callable[[float], None]:
    def run(at: float) -> None:
        if job.status != "running":
            return
        if job.cancel_requested:
            _finish(store, job, "canceled", at)
        elif job.fail_at_stage == job.stage:
            job.error = job.fail_error or {"code": "GENERATION_FAILED", "message": "Generation failed."}
            _finish(store, job, "failed", at)
        elif job.stage_index == len(STAGES) - 1:
            _finish(store, job, "completed", at)
        else:
            job.stage_index += 1
            job.stage = STAGES[job.stage_index]
            job.stage_started_at = at
            for cid in job.container_ids:
                store.containers[cid].status = "processing"
            store.schedule(at + store.config.stage_seconds[job.stage_index], run)

    return run


def fail_job(store: Store, job: Job, error: dict[str, str], at: float) -> None:
    """Fail a running job at once (a forced failure)."""
    if job.status == "running":
        job.error = dict(error)
        _finish(store, job, "failed", at)


def cancel_job(job: Job) -> None:
    """Ask a running job to stop at its next stage boundary."""
    job.cancel_requested = True


def _finish(store: Store, job: Job, status: str, at: float) -> None:
    job.progress = 1.0 if status == "completed" else current_progress(store, job, at)
    job.status = status
    if status == "completed":
        job.stage = "completed"
    job.finished_at = at
    store.running_jobs[job.org_id] -= 1
    org = store.orgs[job.org_id]
    org.reserved -= job.cost
    rnd = store.ids.rand()
    for cid in job.container_ids:
        container = store.containers[cid]
        container.status = status
        if status == "completed":
            container.completed_at = at
            _fill_outputs(store.ids, container, at, rnd.randrange(len(_HOOKS)))
            _add_ads_row(store, container, at)
        elif status == "failed":
            container.failed_at = at
            container.last_error = dict(job.error or {})
    if status == "completed":
        _charge(org, job.cost)


def _charge(org: Org, cost: int) -> None:
    org.used_this_period += cost
    from_included = min(cost, org.included_remaining)
    org.included_remaining -= from_included
    org.prepaid = max(0, org.prepaid - (cost - from_included))


def _fill_outputs(ids: IdGen, container: Container, at: float, pick: int) -> None:
    if container.hook is None:
        container.hook = _HOOKS[pick]
    n = container.output_count
    image = container.format == "slideshow_remix"
    captions: list[dict[str, Any]] = []
    media: list[dict[str, Any]] = []
    for variation in range(1, n + 1):
        for platform in container.target_platforms:
            caption = _CAPTIONS[(pick + variation) % len(_CAPTIONS)]
            entry: dict[str, Any] = {"platform": platform, "text": caption}
            if n > 1:
                entry["variation"] = variation
            captions.append(entry)
        asset = ids.ulid("asset", at)
        item: dict[str, Any] = {
            "id": asset,
            "kind": "image" if image else "video",
            "durationMs": None if image else 11_000 + 100 * ((pick * 7 + variation * 13) % 30),
        }
        if n > 1:
            item["variation"] = variation
        item.update(
            url=f"https://media.example.test/{asset}.{'jpg' if image else 'mp4'}",
            thumbnailUrl=f"https://media.example.test/{asset}/thumb.jpg",
            width=1080,
            height=1920 if not image else 1350,
            mimeType="image/jpeg" if image else "video/mp4",
        )
        media.append(item)
    container.caption_variants = captions
    container.media_assets = media


def _add_ads_row(store: Store, container: Container, at: float) -> None:
    row = AdsContent(
        id=store.ids.ulid("adc", at),
        org_id=container.org_id,
        project_id=container.project_id,
        source_type="content_container",
        source_id=container.id,
        platform_post_id=None,
        base_score=7.0,
        created_at=at,
        updated_at=at,
        title=container.hook,
    )
    store.ads[row.id] = row


def queue_publication(store: Store, post: ScheduledPost) -> None:
    """Dispatch ``post`` when its time comes: ``publishing``, then ``published`` or ``draft``."""
    store.schedule(post.scheduled_for, _begin_publication(store, post))


def _begin_publication(store: Store, post: ScheduledPost) -> Callable[[float], None]:
    def begin(at: float) -> None:
        if post.status != "queued":
            return
        post.status, post.attempted_at = "publishing", at
        store.schedule(at + store.config.publish_seconds, _finish_publication(store, post))

    return begin


def _finish_publication(store: Store, post: ScheduledPost) -> Callable[[float], None]:
    def finish(at: float) -> None:
        if post.status != "publishing":
            return
        failure = store.publish_failures.pop(0) if store.publish_failures else None
        if failure is not None:
            post.status, post.last_error = "failed", dict(failure)
            return
        external = f"{post.platform[:2]}_{store.ids.rand().getrandbits(60)}"
        post.external_id = external
        post.external_url = f"https://{post.platform}.example.test/p/{external}"
        if post.mode == "draft_to_device":
            post.status = "draft"
            return
        post.status, post.published_at = "published", at
        _link_post(store, post, external, at)

    return finish


def resume_timed_events(store: Store) -> None:
    """Queue again the timed events of a world loaded from a file: running jobs' next stage, publications."""
    for job in store.jobs.values():
        if job.status == "running":
            store.schedule(job.stage_started_at + store.config.stage_seconds[job.stage_index], _boundary(store, job))
    for post in store.scheduled.values():
        if post.status == "queued":
            queue_publication(store, post)
        elif post.status == "publishing" and post.attempted_at is not None:
            store.schedule(post.attempted_at + store.config.publish_seconds, _finish_publication(store, post))


def _link_post(store: Store, post: ScheduledPost, external: str, at: float) -> None:
    container = store.containers[post.container_id]
    pp = PlatformPost(
        id=store.ids.ulid("pp", at),
        native_id=external,
        org_id=post.org_id,
        project_id=post.project_id,
        social_account_id=post.social_account_id,
        platform=post.platform,
        media_kind="carousel" if container.format == "slideshow_remix" else "video",
        title=container.hook,
        thumbnail_url=None,
        published_at=at,
        visible_from=store.sync_tick_after(at),
        source_type="content_container",
        source_id=container.id,
        layer_id=container.layer_id,
    )
    store.posts[pp.id] = pp
    for row in store.ads.values():
        if row.source_id == container.id and row.platform_post_id is None:
            row.platform_post_id = pp.id


def complete_job(store: Store, job: Job, at: float) -> None:
    """Finish a running job successfully at once (used to build fixtures)."""
    if job.status == "running":
        _finish(store, job, "completed", at)
