"""Entities to their JSON wire shapes (API reference: Shared shapes, Projects)."""

from __future__ import annotations

from typing import Any

from layers_async.testing._fake._state import Container, Project, ScheduledPost
from layers_async.testing._fake._wire import ts

__all__ = ["container_json", "project_json", "project_summary", "scheduled_post_json"]


def _t(value: float | None) -> str | None:
    return None if value is None else ts(value)


def container_json(c: Container) -> dict[str, Any]:
    """The full container."""
    return {
        "id": c.id,
        "status": c.status,
        "approvalStatus": c.approval_status,
        "format": c.format,
        "hook": c.hook if c.status == "completed" else None,
        "captionVariants": [dict(v) for v in c.caption_variants],
        "mediaAssets": [dict(m) for m in c.media_assets],
        "sourcePlatformPostId": c.source_post_id,
        "projectId": c.project_id,
        "projectLayerId": c.layer_id,
        "jobId": c.job_id,
        "cloneMode": c.clone_mode,
        "outputCount": c.output_count,
        "creativeType": "generated",
        "brief": c.brief,
        "createdAt": ts(c.created_at),
        "completedAt": _t(c.completed_at),
        "failedAt": _t(c.failed_at),
        "lastError": dict(c.last_error) if c.last_error else None,
        "approvedAt": _t(c.approved_at),
        "approvedBy": c.approved_by,
        "rejectedAt": _t(c.rejected_at),
        "rejectedBy": c.rejected_by,
        "rejectionReason": c.rejection_reason,
    }


def project_summary(p: Project) -> dict[str, Any]:
    """ProjectSummary (API reference: Projects)."""
    return {
        "id": p.id,
        "name": p.name,
        "status": p.status,
        "customerExternalId": p.customer_external_id,
        "timezone": p.timezone,
        "primaryLanguage": p.primary_language,
        "ownerEmail": p.owner_email,
        "createdAt": ts(p.created_at),
        "updatedAt": ts(p.updated_at),
    }


def project_json(p: Project) -> dict[str, Any]:
    """The project detail (API reference: Projects)."""
    body = project_summary(p)
    body["organizationId"] = p.org_id
    body["brandContext"] = dict(p.brand_context) if p.brand_context is not None else None
    body["layers"] = [{"projectLayerId": x.id, "name": x.name, "kind": x.kind} for x in p.layers]
    body["socialAccounts"] = [
        {"socialAccountId": a.id, "platform": a.platform, "handle": a.handle, "status": a.status}
        for a in p.social_accounts
    ]
    return body


def scheduled_post_json(s: ScheduledPost) -> dict[str, Any]:
    """ScheduledPost (API reference: ScheduledPost)."""
    return {
        "id": s.id,
        "projectId": s.project_id,
        "containerId": s.container_id,
        "socialAccountId": s.social_account_id,
        "platform": s.platform,
        "mode": s.mode,
        "status": s.status,
        "scheduledFor": ts(s.scheduled_for),
        "captionOverride": s.caption_override,
        "externalId": s.external_id,
        "externalUrl": s.external_url,
        "attemptedAt": _t(s.attempted_at),
        "publishedAt": _t(s.published_at),
        "canceledAt": _t(s.canceled_at),
        "lastError": dict(s.last_error) if s.last_error else None,
        "createdAt": ts(s.created_at),
    }
