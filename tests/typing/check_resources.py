"""Checked by mypy --strict, never run: every resource as a user types it."""

from __future__ import annotations

from datetime import datetime, timezone

from typing_extensions import assert_never

import layers_async
from layers_async.models import (
    AcceptedJob,
    AdsContent,
    AdsOverride,
    Approval,
    CancelReason,
    CancelResult,
    Container,
    ContainerStatus,
    ContentBrief,
    Credits,
    MetricsReport,
    OrganicPlatform,
    Page,
    PaidBlock,
    Project,
    ProjectSummary,
    PublishMode,
    Rejection,
    ReviewPolicy,
    ReviewPolicySettings,
    ScheduledPost,
    ScheduleResult,
    ScheduleTarget,
    TopPerformers,
    Whoami,
)


async def account_and_projects(client: layers_async.Client) -> Project:
    me: Whoami = await client.account.whoami()
    credits: Credits = await client.account.credits()
    assert credits.available >= 0 and me.scopes
    summaries: list[ProjectSummary] = [p async for p in client.projects.list(status="active", limit=50)]
    return await client.projects.get(summaries[0].id)


async def content(client: layers_async.Client, project_id: str) -> list[Container]:
    brief = ContentBrief(hook="Noon. Done.", target_platforms=(OrganicPlatform.TIKTOK,))
    job: AcceptedJob = await client.content.generate(project_id, format="video_remix", variant_count=3, brief=brief)
    ids: tuple[str, ...] = job.all_container_ids
    assert ids
    listing = client.content.list(project_id, status=[ContainerStatus.COMPLETED, "failed"], limit=10)
    async for page in listing.pages():
        page_typed: Page[Container] = page
        cursor: str | None = page_typed.next_cursor
        assert cursor is None or cursor
    return await client.content.list(project_id, cursor="c").collect(max_items=5)


async def review(client: layers_async.Client, container_id: str, project_id: str) -> ReviewPolicySettings:
    approval: Approval = await client.review.approve(container_id, note="ok", idempotency_key="k")
    rejection: Rejection = await client.review.reject(container_id, reason="off-brand")
    assert approval.id == rejection.id
    current = await client.review.get_policy(project_id)
    match current.policy:
        case ReviewPolicy.AUTO_APPROVE | ReviewPolicy.REVIEW_FIRST_N | ReviewPolicy.REVIEW_ALL:
            pass
        case _ as unreachable:
            assert_never(unreachable)
    return await client.review.set_policy(project_id, policy="review_first_n", first_n=5)


async def publishing(client: layers_async.Client, container_id: str, project_id: str) -> list[ScheduledPost]:
    target = ScheduleTarget(social_account_id="sa_1", mode=PublishMode.DIRECT_PUBLISH)
    when = datetime(2026, 6, 1, 9, tzinfo=timezone.utc)
    result: ScheduleResult = await client.publishing.schedule(container_id, scheduled_for=when, targets=[target])
    post: ScheduledPost = await client.publishing.get_scheduled_post(result.scheduled_posts[0].id)
    assert post.status.is_terminal in (True, False)
    return [p async for p in client.publishing.list_scheduled_posts(project_id, status="queued")]


async def metrics(client: layers_async.Client, project_id: str) -> float:
    organic: MetricsReport = await client.metrics.organic(
        project_id, scope="project", id=project_id, metrics=["views", "engagement_rate"], since="2026-05-01T00:00:00Z"
    )
    paid: MetricsReport = await client.metrics.ads(project_id, scope="project", id=project_id, granularity="week")
    top: TopPerformers = await client.metrics.top_performers(project_id, metric="roas", window="7d")
    blocks: list[PaidBlock | None] = [row.paid for row in top.items]
    posts: int | None = organic.totals.post_count
    assert posts is not None and blocks and paid.totals.ad_count is not None
    return organic.series[0].values["engagement_rate"]


async def ads(client: layers_async.Client, project_id: str) -> AdsContent:
    rows: list[AdsContent] = [r async for r in client.ads_content.list(project_id, eligible=True, min_score=4)]
    cleared = await client.ads_content.set_override(project_id, rows[0].ads_content_id, override=None)
    assert cleared.override is None or cleared.override is AdsOverride.INCLUDE
    return await client.ads_content.set_override(project_id, cleared.ads_content_id, override=AdsOverride.EXCLUDE)


async def jobs(client: layers_async.Client, job_id: str) -> CancelReason | None:
    result: CancelResult = await client.jobs.cancel(job_id, idempotency_key="cancel-1")
    if result.accepted:
        return None
    match result.reason:
        case CancelReason.ALREADY_COMPLETED | CancelReason.ALREADY_FAILED | CancelReason.ALREADY_CANCELED | None:
            return result.reason
        case _ as unreachable:
            assert_never(unreachable)
