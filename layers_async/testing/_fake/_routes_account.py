"""``/v1/whoami``, ``/v1/credits`` and the project routes (API reference: Account, Projects)."""

from __future__ import annotations

from layers_async.testing._fake._http import Reply, Router, RouteSpec
from layers_async.testing._fake._pipeline import Ctx
from layers_async.testing._fake._render import project_json, project_summary
from layers_async.testing._fake._state import Project
from layers_async.testing._fake._validation import Issues, Page, paginate
from layers_async.testing._fake._wire import ts

__all__ = ["CREDITS_PER_FORMAT", "register"]

CREDITS_PER_FORMAT = {"auto": 10, "video_remix": 10, "slideshow_remix": 6, "ugc_remix": 15}


def whoami(ctx: Ctx) -> Reply:
    org, key = ctx.org, ctx.key
    return Reply(
        200,
        {
            "organizationId": org.id,
            "workspaceId": org.workspace_id,
            "organizationName": org.name,
            "parentOrganizationId": org.parent_id,
            "scopes": list(key.scopes),
            "rateLimitTier": key.tier,
            "apiKeyId": key.id,
            "creditBalance": org.included_remaining + org.prepaid,
        },
    )


def credits(ctx: Ctx) -> Reply:
    org = ctx.org
    balance = org.included_remaining + org.prepaid
    return Reply(
        200,
        {
            "organizationId": org.id,
            "balance": balance,
            "available": max(0, balance - org.reserved),
            "includedRemaining": org.included_remaining,
            "prepaidBalance": org.prepaid,
            "reservedCredits": org.reserved,
            "includedThisPeriod": org.included_this_period,
            "usedThisPeriod": org.used_this_period,
            "currentPeriod": {
                "start": ts(org.period_start),
                "end": ts(org.period_end),
                "usedCredits": org.used_this_period,
            },
            "subscriptionTier": org.subscription_tier,
            "billingStatus": org.billing_status,
            "estimatedCreditsPerFormat": dict(CREDITS_PER_FORMAT),
        },
    )


def list_projects(ctx: Ctx) -> Reply:
    issues = Issues()
    status = issues.q_enum(ctx.query, "status", ("active", "archived"))
    search = issues.q_one(ctx.query, "search")
    external = issues.q_one(ctx.query, "customerExternalId")
    page = Page.parse(issues, "projects", ctx.query, 1, 200, 25)
    issues.raise_if_any()
    items = [
        p
        for p in ctx.store.projects.values()
        if p.org_id == ctx.org.id
        and (status is None or p.status == status)
        and (search is None or search.lower() in p.name.lower())
        and (external is None or p.customer_external_id == external)
    ]
    return Reply(200, paginate(items, _newest_first, page, project_summary))


def _newest_first(p: Project) -> list[object]:
    return [-p.created_at, p.id]


def get_project(ctx: Ctx) -> Reply:
    return Reply(200, project_json(ctx.store.project(ctx.org.id, ctx.params["projectId"])))


def register(router: Router) -> None:
    """Add this module's routes to ``router``."""
    router.add(RouteSpec("GET", "/v1/whoami", None, "read-light", whoami))
    router.add(RouteSpec("GET", "/v1/credits", None, "read-light", credits))
    router.add(RouteSpec("GET", "/v1/projects", "projects:read", "read-light", list_projects))
    router.add(RouteSpec("GET", "/v1/projects/{projectId}", "projects:read", "read-light", get_project))
