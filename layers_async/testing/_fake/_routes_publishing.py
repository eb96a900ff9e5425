"""Scheduling containers and reading scheduled posts (API reference: Publishing)."""

from __future__ import annotations

from typing import Any

from layers_async.testing._fake._engine import queue_publication
from layers_async.testing._fake._http import ApiError, Reply, Router, RouteSpec, conflict, not_found
from layers_async.testing._fake._pipeline import Ctx
from layers_async.testing._fake._render import scheduled_post_json
from layers_async.testing._fake._state import ScheduledPost
from layers_async.testing._fake._validation import Issues, Page, paginate
from layers_async.testing._fake._wire import parse_instant

__all__ = ["register"]

_MODES = {"tiktok": ("direct_publish", "draft_to_device"), "instagram": ("reels", "feed", "draft_to_device")}
_STATUSES = ("queued", "publishing", "published", "draft", "failed", "canceled", "draft_in_inbox")
_SKEW = 30.0


def schedule(ctx: Ctx) -> Reply:
    store = ctx.store
    container = store.container(ctx.org.id, ctx.params["containerId"])
    project = store.projects[container.project_id]
    body = ctx.body()
    issues = Issues()
    issues.strict(body, ("scheduledFor", "targets"))
    raw_when = issues.string(body, "scheduledFor", "scheduledFor", required=True)
    when = None
    if raw_when is not None:
        when = parse_instant(raw_when)
        if when is None:
            issues.add("scheduledFor", "Must be a full instant with a time and a zone.")
        elif when < ctx.now - _SKEW:
            issues.add("scheduledFor", "Must be in the future.")
    targets = body.get("targets")
    accounts = {a.id: a for a in project.social_accounts}
    checked: list[dict[str, Any]] = []
    if not isinstance(targets, list):
        issues.add("targets", "Field required." if targets is None else "Must be an array.")
    elif not 1 <= len(targets) <= 50:
        issues.add("targets", "Must have between 1 and 50 entries.")
    else:
        for i, target in enumerate(targets):
            path = f"targets[{i}]"
            if not isinstance(target, dict):
                issues.add(path, "Must be an object.")
                continue
            issues.strict(target, ("socialAccountId", "mode", "captionOverride", "firstCommentOverride"), f"{path}.")
            account_id = issues.string(target, "socialAccountId", f"{path}.socialAccountId", required=True)
            mode = issues.string(target, "mode", f"{path}.mode", required=True)
            issues.string(target, "captionOverride", f"{path}.captionOverride")
            issues.string(target, "firstCommentOverride", f"{path}.firstCommentOverride")
            account = accounts.get(account_id or "")
            if account_id is not None and (account is None or account.status != "connected"):
                issues.add(f"{path}.socialAccountId", "Not a connected social account of this project.")
            elif account is not None and account.platform not in _MODES:
                issues.add(f"{path}.socialAccountId", f"{account.platform} accounts are not schedulable.")
            elif account is not None and mode is not None and mode not in _MODES[account.platform]:
                issues.add(f"{path}.mode", f"Must be one of: {', '.join(_MODES[account.platform])}.")
            checked.append(target)
    issues.raise_if_any()
    assert when is not None
    if container.status != "completed":
        raise conflict("CONTAINER_NOT_READY", "The container is not completed yet.", status=container.status)
    if container.approval_status == "pending":
        raise ApiError(
            403,
            "APPROVAL_REQUIRED",
            "The container is waiting for approval.",
            {"containerId": container.id, "approvalStatus": "pending"},
        )
    if container.approval_status == "rejected":
        raise ApiError(
            409,
            "CONTENT_REJECTED",
            "The container was rejected in review.",
            {"containerId": container.id, "approvalStatus": "rejected"},
        )
    posts = []
    for target in checked:
        account = accounts[target["socialAccountId"]]
        post = ScheduledPost(
            id=store.ids.uuid("sp"),
            org_id=ctx.org.id,
            project_id=project.id,
            container_id=container.id,
            social_account_id=account.id,
            platform=account.platform,
            mode=target["mode"],
            scheduled_for=max(when, ctx.now),
            created_at=ctx.now,
            caption_override=target.get("captionOverride"),
            first_comment_override=target.get("firstCommentOverride"),
        )
        store.scheduled[post.id] = post
        queue_publication(store, post)
        posts.append(scheduled_post_json(post))
    return Reply(201, {"containerId": container.id, "scheduledPosts": posts})


def get_scheduled(ctx: Ctx) -> Reply:
    post = ctx.store.scheduled.get(ctx.params["scheduledPostId"])
    if post is None or post.org_id != ctx.org.id:
        raise not_found("Scheduled post not found.")
    return Reply(200, scheduled_post_json(post))


def list_scheduled(ctx: Ctx) -> Reply:
    project = ctx.store.project(ctx.org.id, ctx.params["projectId"])
    issues = Issues()
    q = ctx.query
    statuses = {"draft" if s == "draft_in_inbox" else s for s in issues.q_enums(q, "status", _STATUSES)}
    account = issues.q_one(q, "socialAccountId")
    container = issues.q_one(q, "containerId")
    since, until = issues.q_instant(q, "since"), issues.q_instant(q, "until")
    page = Page.parse(issues, "scheduled-posts", q, 1, 100, 50)
    issues.raise_if_any()
    items = [
        p
        for p in ctx.store.scheduled.values()
        if p.project_id == project.id
        and (not statuses or p.status in statuses)
        and (account is None or p.social_account_id == account)
        and (container is None or p.container_id == container)
        and (since is None or p.scheduled_for >= since)
        and (until is None or p.scheduled_for <= until)
    ]
    return Reply(200, paginate(items, lambda p: [-p.scheduled_for, p.id], page, scheduled_post_json))


def register(router: Router) -> None:
    """Add this module's routes to ``router``."""
    router.add(RouteSpec("POST", "/v1/content/{containerId}/schedule", "publish:write", "write-light", schedule))
    router.add(RouteSpec("GET", "/v1/scheduled-posts/{scheduledPostId}", "publish:read", "read-light", get_scheduled))
    router.add(
        RouteSpec("GET", "/v1/projects/{projectId}/scheduled-posts", "publish:read", "read-light", list_scheduled)
    )
