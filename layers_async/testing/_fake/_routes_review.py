"""Approve, reject and the content review policy (API reference: Content review)."""

from __future__ import annotations

from typing import Any

from layers_async.testing._fake._http import Reply, Router, RouteSpec, conflict
from layers_async.testing._fake._pipeline import Ctx
from layers_async.testing._fake._state import Container, Project
from layers_async.testing._fake._validation import Issues
from layers_async.testing._fake._wire import ts

__all__ = ["register"]

_POLICIES = ("auto_approve", "review_first_n", "review_all")


def _reviewable(ctx: Ctx, allowed_body: tuple[str, ...]) -> tuple[Any, dict[str, Any]]:
    container = ctx.store.container(ctx.org.id, ctx.params["containerId"])
    body = ctx.body()
    return container, body


def _check_awaiting_review(container: Container, done: str) -> None:
    """409 unless ``container`` is completed and pending review (``done``: "approved" or "rejected")."""
    if container.status != "completed":
        raise conflict("CONTAINER_NOT_READY", "The container is not completed yet.", status=container.status)
    if container.approval_status != "pending":
        raise conflict(
            "APPROVAL_STATE",
            f"A container in state {container.approval_status} cannot be {done}.",
            approvalStatus=container.approval_status,
        )


def approve(ctx: Ctx) -> Reply:
    container, body = _reviewable(ctx, ("note",))
    issues = Issues()
    issues.strict(body, ("note",))
    issues.string(body, "note", "note", hi=1024)
    issues.raise_if_any()
    _check_awaiting_review(container, "approved")
    container.approval_status = "approved"
    container.approved_at, container.approved_by = ctx.now, ctx.key.id
    ctx.store.projects[container.project_id].approved_count += 1
    return Reply(
        200,
        {"id": container.id, "approvalStatus": "approved", "approvedAt": ts(ctx.now), "approvedBy": ctx.key.id},
    )


def reject(ctx: Ctx) -> Reply:
    container, body = _reviewable(ctx, ("reason",))
    issues = Issues()
    issues.strict(body, ("reason",))
    reason = issues.string(body, "reason", "reason", required=True, lo=1, hi=1024)
    issues.raise_if_any()
    _check_awaiting_review(container, "rejected")
    container.approval_status = "rejected"
    container.rejected_at, container.rejected_by, container.rejection_reason = ctx.now, ctx.key.id, reason
    return Reply(
        200,
        {
            "id": container.id,
            "approvalStatus": "rejected",
            "rejectedAt": ts(ctx.now),
            "rejectedBy": ctx.key.id,
            "reason": reason,
        },
    )


def _policy_json(ctx: Ctx, project: Project) -> dict[str, Any]:
    policy = project.policy or "auto_approve"
    body: dict[str, Any] = {"projectId": project.id, "policy": policy}
    if policy == "review_first_n":
        body["firstN"] = project.first_n
    body["pendingCount"] = sum(
        1
        for c in ctx.store.containers.values()
        if c.project_id == project.id and c.approval_status == "pending" and c.status not in ("failed", "canceled")
    )
    body["approvedCount"] = project.approved_count
    if project.policy_updated_at is not None:
        body["updatedAt"] = ts(project.policy_updated_at)
    return body


def get_policy(ctx: Ctx) -> Reply:
    return Reply(200, _policy_json(ctx, ctx.store.project(ctx.org.id, ctx.params["projectId"])))


def patch_policy(ctx: Ctx) -> Reply:
    project = ctx.store.project(ctx.org.id, ctx.params["projectId"])
    body = ctx.body()
    issues = Issues()
    issues.strict(body, ("policy", "firstN"))
    policy = issues.enum(body, "policy", "policy", _POLICIES, required=True)
    first_n = issues.integer(body, "firstN", "firstN", 1, 50)
    if policy == "review_first_n" and "firstN" not in body:
        issues.add("firstN", "Required when policy is review_first_n.")
    elif policy is not None and policy != "review_first_n" and "firstN" in body:
        issues.add("firstN", "Allowed only when policy is review_first_n.")
    issues.raise_if_any()
    project.policy, project.first_n = policy, first_n
    project.policy_updated_at = ctx.now
    return Reply(200, _policy_json(ctx, project))


def register(router: Router) -> None:
    """Add this module's routes to ``router``."""
    router.add(RouteSpec("POST", "/v1/content/{containerId}/approve", "content:approve", "write-light", approve))
    router.add(RouteSpec("POST", "/v1/content/{containerId}/reject", "content:approve", "write-light", reject))
    path = "/v1/projects/{projectId}/content-review-policy"
    router.add(RouteSpec("GET", path, "content:read", "read-light", get_policy))
    router.add(RouteSpec("PATCH", path, "content:approve", "write-light", patch_policy))
