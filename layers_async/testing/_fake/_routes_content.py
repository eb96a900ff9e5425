"""Generate, clone-from-post, and reading containers (API reference: Content)."""

from __future__ import annotations

from typing import Any

from layers_async.testing._fake._engine import start_job
from layers_async.testing._fake._http import Reply, Router, RouteSpec, conflict, not_found
from layers_async.testing._fake._ids import normalize_uuid
from layers_async.testing._fake._jobview import job_head
from layers_async.testing._fake._pipeline import Ctx, rate_limited
from layers_async.testing._fake._render import container_json
from layers_async.testing._fake._routes_account import CREDITS_PER_FORMAT
from layers_async.testing._fake._state import Container, Job, Layer, Project
from layers_async.testing._fake._validation import Issues, Page, paginate
from layers_async.testing._fake._wire import dumps

__all__ = ["initial_approval", "register"]

FORMATS = ("auto", "video_remix", "slideshow_remix", "ugc_remix")
PLATFORMS = ("tiktok", "instagram", "youtube")
_BRIEF_STRINGS = ("hook", "cta", "topic", "angle", "influencerId", "language")
_BRIEF_LISTS = ("themeTags", "valuePropositions", "referenceMediaIds")
_STATUSES = ("queued", "processing", "completed", "failed", "canceled", "generating")
_APPROVALS = ("not_required", "pending", "approved", "rejected")


def initial_approval(project: Project) -> tuple[str, str | None]:
    """The ``approvalStatus`` a new container gets from the project's review policy, and who approved it."""
    policy = project.policy or "auto_approve"
    if policy == "auto_approve":
        return "not_required", None
    if policy == "review_first_n" and project.approved_count >= (project.first_n or 0):
        return "approved", "policy"
    return "pending", None


def _explicit_layer(project: Project, layer_id: str | None) -> Layer | None:
    """Step 9: a named layer must be a content layer of the project."""
    if layer_id is None:
        return None
    for layer in project.layers:
        if layer.kind == "content" and layer.id == layer_id:
            return layer
    raise not_found("Project layer not found.")


def _state_layer(project: Project, explicit: Layer | None) -> Layer:
    """Step 10: the project must be active, and the layer must be unambiguous."""
    if project.status == "archived":
        raise conflict("PROJECT_ARCHIVED", "The project is archived.")
    if explicit is not None:
        return explicit
    content = [layer for layer in project.layers if layer.kind == "content"]
    if len(content) > 1:
        raise conflict(
            "LAYER_AMBIGUOUS",
            f"Project has {len(content)} content layers; pass projectLayerId.",
            layerCount=len(content),
            layers=[{"projectLayerId": layer.id, "name": layer.name} for layer in content],
        )
    if not content:
        raise not_found("Project layer not found.")
    return content[0]


def _check_capacity(ctx: Ctx) -> None:
    if ctx.store.running_jobs.get(ctx.org.id, 0) >= ctx.key.limits.concurrent_jobs:
        exc = rate_limited("long-running", "concurrent_jobs", ctx.store.config.concurrent_retry_after)
        exc.message = "Too many running jobs for this organization."
        raise exc


def _replay(ctx: Ctx, container_id: str, fingerprint: Any) -> Reply | None:
    existing = ctx.store.containers.get(container_id)
    if existing is None:
        return None
    if existing.org_id == ctx.org.id and existing.fingerprint == fingerprint:
        return Reply(202, raw=existing.accepted)
    raise conflict("CONTAINER_ID_IN_USE", "This container id already belongs to a different request.")


def _default_platforms(project: Project) -> list[str]:
    seen: list[str] = []
    for account in project.social_accounts:
        if account.status == "connected" and account.platform not in seen:
            seen.append(account.platform)
    return seen or ["tiktok"]


def _check_brief(issues: Issues, body: dict[str, Any]) -> dict[str, Any] | None:
    brief = body.get("brief")
    if brief is None:
        return None
    if not isinstance(brief, dict):
        issues.add("brief", "Must be an object.")
        return None
    issues.strict(brief, (*_BRIEF_STRINGS, *_BRIEF_LISTS, "targetPlatforms"), "brief.")
    for name in _BRIEF_STRINGS:
        issues.string(brief, name, f"brief.{name}")
    for name in _BRIEF_LISTS:
        issues.strings(brief, name, f"brief.{name}")
    platforms = issues.strings(brief, "targetPlatforms", "brief.targetPlatforms")
    for i, value in enumerate(platforms or []):
        if value not in PLATFORMS:
            issues.add(f"brief.targetPlatforms[{i}]", f"Must be one of: {', '.join(PLATFORMS)}.")
    return brief


def _create(
    ctx: Ctx, project: Project, layer: Layer, kind: str, ids: list[str], fields: dict[str, Any], cost: int
) -> tuple[Job, list[Container]]:
    store, now = ctx.store, ctx.now
    job = Job(store.ids.ulid("job", now), ctx.org.id, kind, project.id, ids, now, cost)
    containers = []
    for cid in ids:
        approval, by = initial_approval(project)
        container = Container(
            id=cid,
            org_id=ctx.org.id,
            project_id=project.id,
            layer_id=layer.id,
            job_id=job.id,
            status="queued",
            approval_status=approval,
            created_at=now,
            approved_by=by,
            approved_at=now if by else None,
            **fields,
        )
        store.containers[cid] = container
        containers.append(container)
    start_job(store, job)
    return job, containers


_MINIMAL_ACCEPTED = frozenset(("jobId", "kind", "status", "containerId", "containerIds", "locationUrl"))


def _accepted(job: Job, *, minimal: bool = False) -> bytes:
    body = job_head(job, "running", "queued", None)
    if minimal:  # the vendor's example 202 (Config.minimal_shapes)
        body = {k: v for k, v in body.items() if k in _MINIMAL_ACCEPTED}
    return dumps(body)


def generate(ctx: Ctx) -> Reply:
    project = ctx.store.project(ctx.org.id, ctx.params["projectId"])
    body = ctx.body()
    issues = Issues()
    issues.strict(body, ("id", "projectLayerId", "format", "variantCount", "brief"))
    first_id = None
    if "id" in body:
        raw = body["id"]
        first_id = normalize_uuid(raw, "cnt") if isinstance(raw, str) else None
        if first_id is None:
            issues.add("id", "Must be a UUID.")
    layer_id = issues.string(body, "projectLayerId", "projectLayerId")
    fmt = issues.enum(body, "format", "format", FORMATS, default="auto")
    count = issues.integer(body, "variantCount", "variantCount", 1, 5, default=1)
    brief = _check_brief(issues, body)
    issues.raise_if_any()
    assert fmt is not None and count is not None
    fingerprint = ("generate", project.id, body)
    if first_id is not None and (replay := _replay(ctx, first_id, fingerprint)) is not None:
        return replay
    layer = _state_layer(project, _explicit_layer(project, layer_id))
    _check_capacity(ctx)
    ids = [first_id or ctx.store.ids.uuid("cnt")] + [ctx.store.ids.uuid("cnt") for _ in range(count - 1)]
    platforms = (brief or {}).get("targetPlatforms") or _default_platforms(project)
    fields = {
        "format": "video_remix" if fmt == "auto" else fmt,
        "target_platforms": list(platforms),
        "brief": brief,
        "hook": (brief or {}).get("hook"),
    }
    job, containers = _create(ctx, project, layer, "content_generate", ids, fields, CREDITS_PER_FORMAT[fmt] * count)
    accepted = _accepted(job, minimal=ctx.store.config.minimal_shapes)
    for container in containers:
        container.fingerprint, container.accepted = fingerprint, accepted
    return Reply(202, raw=accepted, headers=[("Location", f"/v1/jobs/{job.id}")])


def clone(ctx: Ctx) -> Reply:
    store = ctx.store
    body = ctx.body()
    issues = Issues()
    container_id = normalize_uuid(ctx.params["containerId"], "cnt")
    if container_id is None:
        issues.add("containerId", "Must be a UUID or cnt_<uuid>.")
    issues.strict(body, ("projectId", "sourcePlatformPostId", "mode", "variations", "projectLayerId", "overrides"))
    project_id = issues.string(body, "projectId", "projectId", required=True, lo=1)
    source_id = issues.string(body, "sourcePlatformPostId", "sourcePlatformPostId", required=True, lo=1)
    mode = issues.enum(body, "mode", "mode", ("fork", "reimagine"), default="fork")
    variations = issues.integer(body, "variations", "variations", 1, 10, default=1)
    layer_id = issues.string(body, "projectLayerId", "projectLayerId")
    overrides = body.get("overrides")
    if overrides is not None:
        if isinstance(overrides, dict):
            issues.strict(overrides, ("caption", "cta", "voiceOverScript"), "overrides.")
            for name in ("caption", "cta", "voiceOverScript"):
                issues.string(overrides, name, f"overrides.{name}")
        else:
            issues.add("overrides", "Must be an object.")
    issues.raise_if_any()
    assert container_id and project_id and source_id and mode and variations
    fingerprint = ("clone", body)
    if (replay := _replay(ctx, container_id, fingerprint)) is not None:
        return replay
    project = store.project(ctx.org.id, project_id)
    explicit = _explicit_layer(project, layer_id)
    source = store.visible_post(project.id, source_id, ctx.now)
    if source is None:
        raise not_found("Source post not found.")
    layer = _state_layer(project, explicit)
    _check_capacity(ctx)
    origin = store.containers.get(source.source_id or "")
    if mode == "reimagine":
        fmt = store.ids.rand().choice(FORMATS[1:])
    elif origin is not None:
        fmt = origin.format
    else:
        fmt = "video_remix" if source.media_kind == "video" else "slideshow_remix"
    fields = {
        "format": fmt,
        "target_platforms": [source.platform],
        "hook": source.title or (origin.hook if origin else None),
        "source_post_id": source.id,
        "clone_mode": mode,
        "output_count": variations,
    }
    cost = CREDITS_PER_FORMAT[fmt] * variations
    job, (container,) = _create(ctx, project, layer, "content_clone_from_post", [container_id], fields, cost)
    container.fingerprint, container.accepted = fingerprint, _accepted(job, minimal=store.config.minimal_shapes)
    return Reply(202, raw=container.accepted, headers=[("Location", f"/v1/jobs/{job.id}")])


def get_container(ctx: Ctx) -> Reply:
    return Reply(200, container_json(ctx.store.container(ctx.org.id, ctx.params["containerId"])))


def list_containers(ctx: Ctx) -> Reply:
    project = ctx.store.project(ctx.org.id, ctx.params["projectId"])
    issues = Issues()
    q = ctx.query
    statuses = {"processing" if s == "generating" else s for s in issues.q_enums(q, "status", _STATUSES)}
    formats = set(issues.q_enums(q, "format", FORMATS))
    approvals = set(issues.q_enums(q, "approvalStatus", _APPROVALS))
    source = issues.q_one(q, "sourcePlatformPostId")
    since, until = issues.q_instant(q, "since"), issues.q_instant(q, "until")
    page = Page.parse(issues, "content", q, 1, 200, 25)
    issues.raise_if_any()
    sources = None
    if source is not None:
        sources = {
            p.id for p in ctx.store.posts.values() if p.project_id == project.id and source in (p.id, p.native_id)
        }
    items = [
        c
        for c in ctx.store.containers.values()
        if c.project_id == project.id
        and (not statuses or c.status in statuses)
        and (not formats or c.format in formats)
        and (not approvals or c.approval_status in approvals)
        and (sources is None or c.source_post_id in sources)
        and (since is None or c.created_at >= since)
        and (until is None or c.created_at <= until)
    ]
    return Reply(200, paginate(items, lambda c: [-c.created_at, c.id], page, container_json))


def register(router: Router) -> None:
    """Add this module's routes to ``router``."""
    router.add(RouteSpec("POST", "/v1/projects/{projectId}/content", "content:write", "long-running", generate))
    router.add(RouteSpec("POST", "/v1/content/{containerId}/clone-from-post", "content:write", "long-running", clone))
    router.add(RouteSpec("GET", "/v1/content/{containerId}", "content:read", "read-light", get_container))
    router.add(RouteSpec("GET", "/v1/projects/{projectId}/content", "content:read", "read-light", list_containers))
