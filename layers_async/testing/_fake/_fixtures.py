"""The fixture API: build orgs, keys, projects, posts, metrics and ads rows with Python calls, not HTTP."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from layers_async.testing._fake._engine import fail_job
from layers_async.testing._fake._state import (
    TIERS,
    AdsContent,
    ApiKey,
    Layer,
    Org,
    PaidStat,
    PlatformPost,
    Project,
    SocialAccount,
)
from layers_async.testing._fake._store import Store
from layers_async.testing._fake._wire import DAY, parse_day, parse_instant

__all__ = ["FakeKey", "FixturesMixin"]

_ORGANIC = ("views", "reach", "impressions", "likes", "comments", "shares", "saves", "watch_time_ms")
_PAID = ("spend", "impressions", "clicks", "conversions", "reach", "revenue")


@dataclass(frozen=True, slots=True)
class FakeKey:
    """An API key made by the fixture API: its id, the secret to send, and its org."""

    id: str
    secret: str
    org_id: str

    def __str__(self) -> str:
        return self.secret


def _when(value: str | float) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    parsed = parse_day(value) or parse_instant(value)
    if parsed is None:
        raise ValueError(f"not a date or instant: {value!r}")
    return parsed


def _points(data: Mapping[Any, Mapping[str, int]] | None, names: Sequence[str]) -> dict[float, dict[str, int]]:
    out: dict[float, dict[str, int]] = {}
    for when, counts in (data or {}).items():
        unknown = set(counts) - set(names)
        if unknown:
            raise ValueError(f"unknown metric names: {sorted(unknown)}")
        bucket = out.setdefault(_when(when), {})
        for name, value in counts.items():
            bucket[name] = bucket.get(name, 0) + int(value)
    return out


class FixturesMixin:
    """Fixture calls of `FakeLayers`. Every call takes the emulator lock and returns plain ids."""

    _store: Store

    def create_org(
        self, name: str = "Acme", *, parent_id: str | None = None, credits: int = 1_000, prepaid: int = 0
    ) -> str:
        """Create an organization; return its ``org_…`` id."""
        s = self._store
        with s.lock:
            now = s.clock.now()
            org = Org(s.ids.uuid("org"), name, s.ids.uuid("ws"), parent_id, False, credits, credits, prepaid)
            org.period_start = now // (30 * DAY) * (30 * DAY)
            org.period_end = org.period_start + 30 * DAY
            s.orgs[org.id] = org
            return org.id

    def create_key(
        self,
        org_id: str,
        *,
        scopes: Sequence[str] = ("*",),
        tier: str = "standard",
        secret: str | None = None,
        **limits: int,
    ) -> FakeKey:
        """Create an API key with ``scopes`` and ``tier``.

        ``limits`` overrides the tier's numbers: ``read_light``, ``write_light``, ``long_running`` (per
        minute), ``write_light_day`` and ``concurrent_jobs``.
        """
        s = self._store
        with s.lock:
            if org_id not in s.orgs:
                raise KeyError(org_id)
            key_id = s.ids.uuid("key")
            secret = secret or f"lp_test_{s.ids.uuid('')}".replace("-", "")
            key = ApiKey(key_id, secret, org_id, tuple(scopes), tier, replace(TIERS[tier], **limits))
            s.keys[key_id] = key
            s.keys_by_secret[secret] = key
            return FakeKey(key_id, secret, org_id)

    def kill_key(self, key: FakeKey | str, *, killed: bool = True) -> None:
        """Kill (or revive) a key: every request with it gets 503 ``KILL_SWITCH`` (scope ``key``)."""
        with self._store.lock:
            self._key(key).killed = killed

    def suspend_org(self, org_id: str, *, suspended: bool = True) -> None:
        """Suspend (or restore) an org's API access: 503 ``KILL_SWITCH`` (scope ``organization``)."""
        with self._store.lock:
            self._store.orgs[org_id].suspended = suspended

    def set_limits(self, key: FakeKey | str, *, tier: str | None = None, **limits: int) -> None:
        """Change a key's tier and/or override its limits (e.g. very small limits for tests)."""
        with self._store.lock:
            api_key = self._key(key)
            if tier is not None:
                api_key.tier, api_key.limits = tier, TIERS[tier]
            api_key.limits = replace(api_key.limits, **limits)

    def _key(self, key: FakeKey | str) -> ApiKey:
        s = self._store
        if isinstance(key, FakeKey):
            return s.keys[key.id]
        return s.keys.get(key) or s.keys_by_secret[key]

    def create_project(
        self,
        org_id: str,
        name: str = "Project",
        *,
        status: str = "active",
        customer_external_id: str | None = None,
        timezone: str = "UTC",
        primary_language: str = "en",
        owner_email: str | None = None,
        brand_context: Mapping[str, Any] | None = None,
        layers: Sequence[str | tuple[str, str]] = ("Social Content",),
    ) -> str:
        """Create a project; ``layers`` are names (content layers) or ``(name, kind)`` pairs."""
        s = self._store
        with s.lock:
            now = s.clock.now()
            project = Project(
                s.ids.uuid("prj"),
                org_id,
                name,
                status,
                customer_external_id,
                timezone,
                primary_language,
                owner_email,
                now,
                now,
                dict(brand_context) if brand_context is not None else None,
            )
            s.projects[project.id] = project
        for layer in layers:
            lname, kind = (layer, "content") if isinstance(layer, str) else layer
            self.add_layer(project.id, lname, kind=kind)
        return project.id

    def add_layer(self, project_id: str, name: str, *, kind: str = "content") -> str:
        """Add a layer (``content``, ``engagement`` or ``ads``) to a project; return its id."""
        s = self._store
        with s.lock:
            layer = Layer(s.ids.uuid("lyr"), name, kind)
            s.projects[project_id].layers.append(layer)
            return layer.id

    def archive_project(self, project_id: str) -> None:
        """Mark a project archived (generate and clone then answer 409 ``PROJECT_ARCHIVED``)."""
        with self._store.lock:
            self._store.projects[project_id].status = "archived"

    def add_social_account(
        self,
        project_id: str,
        platform: str,
        *,
        handle: str | None = None,
        status: str = "connected",
        followers: int = 0,
        follower_deltas: Mapping[str, int] | None = None,
    ) -> str:
        """Link a social account to a project; return its ``sa_…`` id."""
        s = self._store
        with s.lock:
            deltas = {_when(k): int(v) for k, v in (follower_deltas or {}).items()}
            account = SocialAccount(
                s.ids.uuid("sa"), platform, handle or f"@{platform}_acct", status, followers, deltas
            )
            s.projects[project_id].social_accounts.append(account)
            return account.id

    def add_post(
        self,
        project_id: str,
        *,
        platform: str = "tiktok",
        social_account_id: str | None = None,
        native_id: str | None = None,
        title: str | None = None,
        media_kind: str = "video",
        published_at: str | float | None = None,
        synced: bool = True,
        metrics: Mapping[str, int] | None = None,
        daily: Mapping[str, Mapping[str, int]] | None = None,
        thumbnail_url: str | None = None,
        source_container_id: str | None = None,
    ) -> str:
        """Track an organic post for a project; return its ``pp_…`` id.

        Args:
            published_at: When it went live (default: one day ago).
            synced: ``True``: a past sync already saw it (visible now). ``False``: it appears after the
                next 30-minute sync tick.
            metrics: Organic counts (``views``, ``likes``, …) all placed on the day it was published.
            daily: Counts per ``"YYYY-MM-DD"`` day or per full instant (an hour bucket).
            source_container_id: The container it was made from (a ``content_container`` post).
        """
        s = self._store
        with s.lock:
            now = s.clock.now()
            published = now - DAY if published_at is None else _when(published_at)
            project = s.projects[project_id]
            post = PlatformPost(
                id=s.ids.ulid("pp", published),
                native_id=native_id or f"{platform[:2]}_{s.ids.rand().getrandbits(60)}",
                org_id=project.org_id,
                project_id=project_id,
                social_account_id=social_account_id,
                platform=platform,
                media_kind=media_kind,
                title=title,
                thumbnail_url=thumbnail_url,
                published_at=published,
                visible_from=(now - 1) if synced else s.sync_tick_after(now),
                source_type="content_container" if source_container_id else "platform_post",
                source_id=source_container_id,
                points=_points(daily, _ORGANIC),
            )
            if metrics:
                day = published // DAY * DAY
                bucket = post.points.setdefault(day, {})
                for name, value in _points({day: metrics}, _ORGANIC)[day].items():
                    bucket[name] = bucket.get(name, 0) + value
            s.posts[post.id] = post
            for row in s.ads.values():
                if source_container_id and row.source_id == source_container_id and row.platform_post_id is None:
                    row.platform_post_id = post.id
            return post.id

    def add_metrics(self, post_id: str, when: str | float, **counts: int) -> None:
        """Add organic counts to a post for a day (``YYYY-MM-DD``) or an instant."""
        with self._store.lock:
            post = self._store.posts[post_id]
            for at, values in _points({when: counts}, _ORGANIC).items():
                bucket = post.points.setdefault(at, {})
                for name, value in values.items():
                    bucket[name] = bucket.get(name, 0) + value

    def delete_post(self, post_id: str) -> None:
        """Soft-delete a post: clone-from-post answers 404 at once."""
        with self._store.lock:
            self._store.posts[post_id].deleted = True

    def add_ads_content(
        self,
        project_id: str,
        *,
        source_type: str = "platform_post",
        source_id: str | None = None,
        platform_post_id: str | None = None,
        base_score: float = 6.0,
        created_at: str | float | None = None,
        title: str | None = None,
        override: str | None = None,
    ) -> str:
        """Add an ads-content (scoring pool) row; return its ``adc_…`` id."""
        s = self._store
        with s.lock:
            now = s.clock.now()
            created = now if created_at is None else _when(created_at)
            row = AdsContent(
                s.ids.ulid("adc", created),
                s.projects[project_id].org_id,
                project_id,
                source_type,
                source_id,
                platform_post_id,
                base_score,
                created,
                created,
                override,
                None,
                title,
            )
            s.ads[row.id] = row
            return row.id

    def add_paid_stats(
        self,
        ads_content_id: str,
        *,
        platform: str = "meta_ads",
        ad_id: str | None = None,
        adset_id: str | None = None,
        campaign_id: str | None = None,
        ad_account_id: str | None = None,
        started_at: str | float | None = None,
        daily: Mapping[str, Mapping[str, int]] | None = None,
    ) -> str:
        """Attach an ad's paid delivery (``spend``/``revenue`` in cents, ``clicks``…) to a row; return the ad id."""
        s = self._store
        with s.lock:
            row = s.ads[ads_content_id]
            start = s.clock.now() if started_at is None else _when(started_at)
            stat = PaidStat(
                platform,
                ad_id or f"ad_{s.ids.rand().getrandbits(40)}",
                adset_id or "adset_default",
                campaign_id or "cmp_default",
                ad_account_id or f"act_{platform}",
                start,
                _points(daily, _PAID),
            )
            row.paid.append(stat)
            return stat.ad_id

    def set_review_policy(self, project_id: str, policy: str, *, first_n: int | None = None) -> None:
        """Set a project's review policy directly (``auto_approve``, ``review_first_n``, ``review_all``)."""
        s = self._store
        with s.lock:
            project = s.projects[project_id]
            project.policy, project.first_n = policy, first_n if policy == "review_first_n" else None
            project.policy_updated_at = s.clock.now()

    def fail_job(self, job_id: str, *, code: str = "GENERATION_FAILED", message: str = "Forced failure.") -> None:
        """Fail a running job now: ``error`` is set and its containers get ``lastError``."""
        s = self._store
        with s.lock:
            now = s.catch_up()
            fail_job(s, s.jobs[job_id], {"code": code, "message": message}, now)

    def fail_next_jobs(
        self,
        n: int = 1,
        *,
        stage: str = "generating_visuals",
        code: str = "GENERATION_FAILED",
        message: str = "Rendering stopped after repeated encoder faults.",
    ) -> None:
        """Make the next ``n`` jobs that start fail at the end of ``stage``."""
        with self._store.lock:
            self._store.job_failures.extend([(stage, {"code": code, "message": message})] * n)

    def fail_next_publishes(
        self, n: int = 1, *, code: str = "PLATFORM_ERROR", message: str = "The platform refused the post."
    ) -> None:
        """Make the next ``n`` scheduled posts end ``failed`` with ``lastError``."""
        with self._store.lock:
            self._store.publish_failures.extend([{"code": code, "message": message}] * n)

    def set_credits(self, org_id: str, *, included: int | None = None, prepaid: int | None = None) -> None:
        """Set an org's remaining included credits and prepaid balance."""
        with self._store.lock:
            org = self._store.orgs[org_id]
            if included is not None:
                org.included_remaining = included
            if prepaid is not None:
                org.prepaid = prepaid
