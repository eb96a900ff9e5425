"""``/metrics``, ``/ads-metrics`` and ``/top-performers`` (API reference: Metrics and ranking)."""

from __future__ import annotations

from typing import Any

from layers_async.testing._fake._analytics import (
    ORGANIC_METRICS,
    PAID_METRICS,
    organic_report,
    organic_totals,
    paid_report,
    paid_totals,
)
from layers_async.testing._fake._http import Reply, Router, RouteSpec, not_found
from layers_async.testing._fake._pipeline import Ctx
from layers_async.testing._fake._state import AdsContent, PaidStat, PlatformPost, Project, SocialAccount
from layers_async.testing._fake._validation import Issues
from layers_async.testing._fake._wire import DAY, dumps, ts

__all__ = ["register"]

_ORGANIC_SCOPES = ("platform_post", "social_account", "project", "project_layer", "organization")
_PAID_SCOPES = ("ad", "adset", "campaign", "ad_account", "project")
_ADS_PLATFORMS = ("meta_ads", "tiktok_ads", "apple_ads")
_TOP_METRICS = {
    "views": ("organic", "views"),
    "engagement_rate": ("organic", "engagementRate"),
    "watch_time_ms": ("organic", "watchTimeMs"),
    "conversions": ("paid", "conversions"),
    "roas": ("paid", "roas"),
}
_WINDOWS = {"7d": 7, "30d": 30, "90d": 90}
_SOURCE_TYPES = ("content_container", "platform_post", "manual")


def _window(ctx: Ctx, issues: Issues, granularities: tuple[str, ...]) -> tuple[float, float, str]:
    until = issues.q_instant(ctx.query, "until")
    since = issues.q_instant(ctx.query, "since")
    granularity = issues.q_enum(ctx.query, "granularity", granularities) or "day"
    until = ctx.now if until is None else until
    since = until - 30 * DAY if since is None else since
    if since >= until and not issues.items:
        issues.add("since", "Must be earlier than until.")
    return since, until, granularity


def _metric_names(ctx: Ctx, issues: Issues, allowed: tuple[str, ...], default: tuple[str, ...]) -> list[str]:
    names = ctx.query.get("metrics", []) + ctx.query.get("metrics[]", [])
    for i, name in enumerate(names):
        if name not in allowed:
            issues.add(f"metrics[{i}]", f"Unknown metric {name!r} for this endpoint.")
    return names or list(default)


def _organic_scope(
    ctx: Ctx, project: Project, scope: str, ident: str
) -> tuple[list[PlatformPost], list[SocialAccount]]:
    store = ctx.store
    if scope == "project":
        if ident != project.id:
            raise not_found("Project not found.")
        return store.project_posts(project.id, ctx.now), list(project.social_accounts)
    if scope == "organization":
        if ident != ctx.org.id:
            raise not_found("Organization not found.")
        posts, accounts = [], []
        for p in store.projects.values():
            if p.org_id == ctx.org.id:
                posts += store.project_posts(p.id, ctx.now)
                accounts += p.social_accounts
        return posts, accounts
    if scope == "social_account":
        for account in project.social_accounts:
            if account.id == ident:
                posts = [p for p in store.project_posts(project.id, ctx.now) if p.social_account_id == ident]
                return posts, [account]
        raise not_found("Social account not found.")
    if scope == "project_layer":
        if not any(layer.id == ident for layer in project.layers):
            raise not_found("Project layer not found.")
        return [p for p in store.project_posts(project.id, ctx.now) if p.layer_id == ident], []
    post = store.visible_post(project.id, ident, ctx.now)
    if post is None:
        raise not_found("Platform post not found.")
    return [post], []


def _scope_and_id(ctx: Ctx, issues: Issues, scopes: tuple[str, ...]) -> tuple[str | None, str | None]:
    """The required ``scope`` (one of ``scopes``) and ``id`` query parameters; what is wrong goes to ``issues``."""
    scope = issues.q_enum(ctx.query, "scope", scopes)
    ident = issues.q_one(ctx.query, "id")
    if "scope" not in ctx.query:
        issues.add("scope", "Field required.")
    if ident is None:
        issues.add("id", "Field required.")
    return scope, ident


def metrics(ctx: Ctx) -> Reply:
    project = ctx.store.project(ctx.org.id, ctx.params["projectId"])
    issues = Issues()
    scope, ident = _scope_and_id(ctx, issues, _ORGANIC_SCOPES)
    names = _metric_names(ctx, issues, ORGANIC_METRICS, ("views", "engagement_rate", "watch_time_ms"))
    since, until, granularity = _window(ctx, issues, ("hour", "day", "week"))
    issues.raise_if_any()
    assert scope is not None and ident is not None
    posts, accounts = _organic_scope(ctx, project, scope, ident)
    series, totals = organic_report(posts, accounts, names, since, until, granularity)
    window = {"since": ts(since), "until": ts(until), "granularity": granularity}
    return Reply(200, {"scope": scope, "id": ident, "window": window, "series": series, "totals": totals})


def _paid_scope(ctx: Ctx, project: Project, scope: str, ident: str, platforms: list[str]) -> list[PaidStat]:
    stats = [s for row in ctx.store.ads.values() if row.project_id == project.id for s in row.paid]
    if scope == "project":
        if ident != project.id:
            raise not_found("Project not found.")
        chosen = stats
    else:
        field = {"ad": "ad_id", "adset": "adset_id", "campaign": "campaign_id", "ad_account": "ad_account_id"}[scope]
        chosen = [s for s in stats if getattr(s, field) == ident]
        if not chosen:
            raise not_found(f"{scope.replace('_', ' ').capitalize()} not found.")
    if platforms and scope in ("ad_account", "project"):
        chosen = [s for s in chosen if s.platform in platforms]
    return chosen


def ads_metrics(ctx: Ctx) -> Reply:
    project = ctx.store.project(ctx.org.id, ctx.params["projectId"])
    issues = Issues()
    scope, ident = _scope_and_id(ctx, issues, _PAID_SCOPES)
    names = _metric_names(ctx, issues, PAID_METRICS, ("spend", "impressions", "clicks", "conversions", "roas"))
    platforms = issues.q_enums(ctx.query, "platforms", _ADS_PLATFORMS)
    since, until, granularity = _window(ctx, issues, ("day", "week"))
    issues.raise_if_any()
    assert scope is not None and ident is not None
    stats = _paid_scope(ctx, project, scope, ident, platforms)
    series, totals = paid_report(stats, names, since, until, granularity)
    window = {"since": ts(since), "until": ts(until), "granularity": granularity}
    return Reply(200, {"scope": scope, "id": ident, "window": window, "series": series, "totals": totals})


def top_performers(ctx: Ctx) -> Reply:
    store = ctx.store
    project = store.project(ctx.org.id, ctx.params["projectId"])
    issues = Issues()
    q = ctx.query
    metric = issues.q_enum(q, "metric", tuple(_TOP_METRICS))
    if "metric" not in q:
        issues.add("metric", "Field required.")
    window = issues.q_enum(q, "window", tuple(_WINDOWS)) or "30d"
    source_types = issues.q_enums(q, "sourceType", _SOURCE_TYPES)
    platforms = issues.q_enums(q, "platform", ("tiktok", "instagram", "youtube", *_ADS_PLATFORMS))
    limit = issues.q_int(q, "limit", 1, 100, 25)
    issues.raise_if_any()
    assert metric is not None
    cycle = ctx.now // store.config.sync_interval
    key = (project.id, metric, window, tuple(sorted(source_types)), tuple(sorted(platforms)), limit, cycle)
    cached = store.top_cache.get(key)
    if cached is None:
        cached = dumps({"metric": metric, "window": window, "items": _rank(ctx, project, metric, window, key)})
        store.top_cache[key] = cached
    return Reply(200, raw=cached)


def _rank(ctx: Ctx, project: Project, metric: str, window: str, key: tuple[Any, ...]) -> list[dict[str, Any]]:
    store = ctx.store
    until = ctx.now
    since = until - _WINDOWS[window] * DAY
    source_types, platforms, limit = set(key[3]), set(key[4]), key[5]
    rows: list[dict[str, Any]] = []
    linked: set[str] = set()
    ads_rows = [r for r in store.ads.values() if r.project_id == project.id]
    for post in store.project_posts(project.id, ctx.now):
        ads_row = next(
            (
                r
                for r in ads_rows
                if r.platform_post_id == post.id or (post.source_id and r.source_id == post.source_id)
            ),
            None,
        )
        if ads_row is not None:
            linked.add(ads_row.id)
        organic = organic_totals(post, since, until)
        paid = paid_totals(ads_row, since, until) if ads_row is not None else None
        if organic is None and paid is None:
            continue
        origin = store.containers.get(post.source_id or "")
        rows.append(
            {
                "sourceType": post.source_type,
                "sourceId": post.source_id,
                "platformPostId": post.id,
                "adsContentId": ads_row.id if ads_row is not None else None,
                "title": post.title or (origin.hook if origin else None),
                "thumbnailUrl": post.thumbnail_url,
                "organic": organic,
                "paid": paid,
            }
        )
    for row in ads_rows:
        paid = paid_totals(row, since, until) if row.id not in linked else None
        if paid is not None:
            rows.append(
                {
                    "sourceType": row.source_type,
                    "sourceId": row.source_id,
                    "platformPostId": None,
                    "adsContentId": row.id,
                    "title": row.title,
                    "thumbnailUrl": None,
                    "organic": None,
                    "paid": paid,
                }
            )
    block, field = _TOP_METRICS[metric]
    ranked = []
    for item in rows:
        if source_types and item["sourceType"] not in source_types:
            continue
        organic_want = platforms & {"tiktok", "instagram", "youtube"}
        paid_want = platforms - organic_want
        if organic_want and item["organic"] and not organic_want & set(item["organic"]["platforms"]):
            continue
        if paid_want and item["paid"] and not paid_want & set(item["paid"]["platforms"]):
            continue
        if item[block] is None:
            continue
        ranked.append({"metricValue": item[block][field], **item})
    ranked.sort(key=lambda r: (-r["metricValue"], r["platformPostId"] or "\uffff", r["sourceId"] or "\uffff"))
    out = []
    for rank, item in enumerate(ranked[:limit], start=1):
        value = item.pop("metricValue")
        out.append(
            {
                "rank": rank,
                **{k: item[k] for k in ("sourceType", "sourceId", "platformPostId", "adsContentId", "title")},
                "thumbnailUrl": item["thumbnailUrl"],
                "metricValue": value,
                "organic": item["organic"],
                "paid": item["paid"],
            }
        )
    return out


def _links(row: AdsContent, post: PlatformPost) -> bool:
    return row.platform_post_id == post.id or (post.source_id is not None and row.source_id == post.source_id)


def register(router: Router) -> None:
    """Add this module's routes to ``router``."""
    base = "/v1/projects/{projectId}"
    router.add(RouteSpec("GET", f"{base}/metrics", "metrics:read", "read-light", metrics))
    router.add(RouteSpec("GET", f"{base}/ads-metrics", "metrics:read", "read-light", ads_metrics))
    router.add(RouteSpec("GET", f"{base}/top-performers", "metrics:read", "read-light", top_performers))
