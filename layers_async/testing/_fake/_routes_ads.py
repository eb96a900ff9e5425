"""The scoring pool: list ads content and set overrides (API reference: Ads content)."""

from __future__ import annotations

from typing import Any

from layers_async.testing._fake._analytics import score
from layers_async.testing._fake._http import Reply, Router, RouteSpec, not_found
from layers_async.testing._fake._pipeline import Ctx
from layers_async.testing._fake._state import AdsContent
from layers_async.testing._fake._validation import Issues, Page, paginate
from layers_async.testing._fake._wire import ts

__all__ = ["register"]

_POOLS = {"content_container": "generated", "platform_post": "ugc", "manual": "manual"}
_SORTS = ("score_desc", "score_asc", "scored_at_desc")


def _view(ctx: Ctx, row: AdsContent) -> dict[str, Any]:
    value, scored_at = score(row, ctx.now, ctx.store.config.score_interval)
    eligible = row.override == "include" or (row.override != "exclude" and value is not None and value >= 4.0)
    return {
        "adsContentId": row.id,
        "sourceType": row.source_type,
        "sourceId": row.source_id,
        "platformPostId": row.platform_post_id,
        "scoringPool": _POOLS.get(row.source_type, row.source_type),
        "organicScore": value,
        "eligible": eligible,
        "override": row.override,
        "activePromotions": [
            {"platform": s.platform, "adId": s.ad_id, "startedAt": ts(s.started_at)} for s in row.paid
        ],
        "scoredAt": None if scored_at is None else ts(scored_at),
        "updatedAt": ts(row.updated_at),
    }


def list_ads_content(ctx: Ctx) -> Reply:
    project = ctx.store.project(ctx.org.id, ctx.params["projectId"])
    issues = Issues()
    q = ctx.query
    pools = set(issues.q_enums(q, "scoringPool", ("generated", "ugc", "manual")))
    raw_min = issues.q_one(q, "minScore")
    min_score = 0.0
    if raw_min is not None:
        try:
            min_score = float(raw_min)
            if not 0.0 <= min_score <= 10.0:
                raise ValueError
        except ValueError:
            issues.add("minScore", "Must be a number between 0 and 10.")
    override = issues.q_enum(q, "override", ("include", "exclude", "none"))
    eligible = issues.q_bool(q, "eligible")
    sort = issues.q_enum(q, "sort", _SORTS) or "score_desc"
    page = Page.parse(issues, "ads-content", q, 1, 200, 50)
    issues.raise_if_any()
    views = []
    for row in ctx.store.ads.values():
        if row.project_id != project.id:
            continue
        view = _view(ctx, row)
        value = view["organicScore"]
        if pools and view["scoringPool"] not in pools:
            continue
        if min_score > 0 and (value is None or value < min_score):
            continue
        if override is not None and (row.override or "none") != override:
            continue
        if eligible is not None and view["eligible"] != eligible:
            continue
        views.append(view)

    def key(v: dict[str, Any]) -> list[Any]:
        value = v["organicScore"]
        if sort == "score_asc":
            return [value, v["adsContentId"]]
        if sort == "scored_at_desc":
            return [None if v["scoredAt"] is None else _neg_ts(v["scoredAt"]), v["adsContentId"]]
        return [None if value is None else -value, v["adsContentId"]]

    return Reply(200, paginate(views, key, page, lambda v: v))


def _neg_ts(value: str) -> str:
    # Invert each digit so that ascending order of the result is descending order of the timestamp.
    return "".join(chr(ord("9") - ord(c) + ord("0")) if c.isdigit() else c for c in value)


def patch_ads_content(ctx: Ctx) -> Reply:
    project = ctx.store.project(ctx.org.id, ctx.params["projectId"])
    row = ctx.store.ads.get(ctx.params["adsContentId"])
    if row is None or row.project_id != project.id:
        raise not_found("Ads content not found.")
    body = ctx.body()
    issues = Issues()
    issues.strict(body, ("override", "note"))
    if "override" not in body:
        issues.add("override", "Field required.")
    elif body["override"] not in ("include", "exclude", None):
        issues.add("override", "Must be include, exclude or null.")
    note = issues.string(body, "note", "note", hi=280)
    issues.raise_if_any()
    row.override, row.note, row.updated_at = body["override"], note, ctx.now
    return Reply(200, _view(ctx, row))


def register(router: Router) -> None:
    """Add this module's routes to ``router``."""
    base = "/v1/projects/{projectId}/ads-content"
    router.add(RouteSpec("GET", base, "metrics:read", "read-light", list_ads_content))
    router.add(RouteSpec("PATCH", f"{base}/{{adsContentId}}", "ads:write", "write-light", patch_ads_content))
