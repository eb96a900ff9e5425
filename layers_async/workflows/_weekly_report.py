"""The frozen results of `run_weekly`: paid totals, the paid ranking, divergences and next week's briefs.

Money is integer cents everywhere (``*_cents``); only the sentences in ``reason``/``detail`` show it as
an amount with two decimals (the currency is the ad account's).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import attrs

from layers_async.workflows._config import WorkflowConfig
from layers_async.workflows._report import RankedRow, Skip, _Dumpable

__all__ = [
    "Divergence",
    "PaidCreative",
    "PaidDay",
    "PaidFloor",
    "PaidPlatform",
    "PaidTotals",
    "PaidWeekOverWeek",
    "WeeklyBrief",
    "WeeklyDecision",
    "WeeklyGeneration",
    "WeeklyProjectReport",
    "WeeklyReport",
    "money",
]

WeeklyDecision = Literal["act", "below_floor", "empty", "error"]


def money(cents: int | float) -> str:
    """Cents as an amount with two decimals and thousands separators: ``123456`` → ``"1,234.56"``."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(round(abs(cents)), 100)
    return f"{sign}{whole:,}.{part:02d}"


@attrs.frozen(kw_only=True)
class PaidDay(_Dumpable):
    """One UTC day bucket of ``/ads-metrics`` (``date`` is ``YYYY-MM-DD``)."""

    date: str
    spend_cents: int
    conversions: int


@attrs.frozen(kw_only=True)
class PaidTotals(_Dumpable):
    """A project's paid results over one 7-day window: its day buckets summed.

    Attributes:
        since: The window's first instant (a UTC midnight); ``until`` is exclusive.
        cpa_cents: ``spend / conversions`` rounded to a cent; ``None`` without conversions.
        roas: Revenue over spend for the whole window, as the server recomputes it (``0`` without spend).
        ad_count: Distinct ads with data in the window.
        days: The 7 day buckets, oldest first (``0`` for a day the server had no data for).
    """

    since: datetime
    until: datetime
    spend_cents: int
    conversions: int
    cpa_cents: int | None
    roas: float
    impressions: int
    clicks: int
    ad_count: int
    days: tuple[PaidDay, ...] = ()

    @property
    def empty(self) -> bool:
        """``True`` when nothing was spent and no ad had data."""
        return self.spend_cents == 0 and self.ad_count == 0 and self.conversions == 0


@attrs.frozen(kw_only=True)
class PaidWeekOverWeek(_Dumpable):
    """The last 7 days against the 7 days before, with the changes and one sentence."""

    current: PaidTotals
    previous: PaidTotals
    spend_change_cents: int
    conversions_change: int
    cpa_change_cents: int | None
    roas_change: float
    summary: str


@attrs.frozen(kw_only=True)
class PaidFloor(_Dumpable):
    """The paid noise floor and what it let through.

    Attributes:
        min_spend_cents: A creative needs at least this much spend over the window...
        min_conversions: ...and at least this many conversions, before it counts.
        window: The window the creatives are judged over (``7d``).
        counted: Creatives above the floor; ``below``: creatives with paid data under it.
    """

    min_spend_cents: int
    min_conversions: int
    window: str
    counted: int
    below: int
    reason: str


@attrs.frozen(kw_only=True)
class PaidPlatform(_Dumpable):
    """One ads platform's part of a creative's results (read per ad, over the totals window)."""

    platform: str
    spend_cents: int
    conversions: int


@attrs.frozen(kw_only=True)
class PaidCreative(_Dumpable):
    """One promoted creative: its paid results over 7 days joined to its organic figures and scoring row.

    Attributes:
        key: How the report names it: the ads-content id, else the post id, else the source id.
        hook: The container's hook, or the post's title when it is not a Layers container.
        hook_from: ``container`` or ``title``.
        format: The container's format (``None`` for a post or creative Layers did not make).
        cta: The container brief's CTA, when known.
        conversions_rank: Position among the creatives that count, by conversions (``None`` below the floor).
        roas_rank: The same, by ROAS.
        views_rank: The creative's rank on the 7-day organic ``views`` ranking (``None``: not ranked).
        organic_score: The ads-content score (0–10, ``None`` unscored); ``eligible``/``override`` likewise.
        counts: Above the paid noise floor; ``floor_reason`` says why not otherwise.
    """

    key: str
    source_type: str
    source_id: str | None
    platform_post_id: str | None
    ads_content_id: str | None
    title: str | None
    hook: str | None
    hook_from: str | None
    format: str | None
    cta: str | None
    spend_cents: int
    conversions: int
    roas: float
    cpa_cents: int | None
    impressions: int
    clicks: int
    paid_platforms: tuple[str, ...]
    views: int | None
    engagement_rate: float | None
    organic_platforms: tuple[str, ...]
    views_rank: int | None
    organic_score: float | None
    eligible: bool | None
    override: str | None
    conversions_rank: int | None = None
    roas_rank: int | None = None
    counts: bool = False
    floor_reason: str | None = None


@attrs.frozen(kw_only=True)
class Divergence(_Dumpable):
    """A creative whose organic and paid results disagree ("views are not installs").

    Attributes:
        kind: ``views_not_conversions`` (top on views, not on conversions) or ``conversions_not_views``.
        detail: The figures, as a sentence.
    """

    kind: Literal["views_not_conversions", "conversions_not_views"]
    key: str
    title: str | None
    platform_post_id: str | None
    ads_content_id: str | None
    views: int | None
    views_rank: int | None
    conversions: int | None
    conversions_rank: int | None
    spend_cents: int | None
    detail: str


@attrs.frozen(kw_only=True)
class WeeklyBrief(_Dumpable):
    """Next week's brief for one top converter: its hook pinned, and the evidence that chose it.

    Attributes:
        hook: The winner's hook, pinned in ``brief.hook``.
        format: The format to request (the winner's when Layers made it, else ``auto``).
        cta: The winner's CTA, when known.
        target_platforms: Organic platforms for the captions: where its ads converted (``tiktok_ads``
            → ``tiktok``, ``meta_ads`` → ``instagram``), else the server's default (empty).
        converted_on: Per ads platform, the spend and conversions of the creative's active ads.
        evidence: Why this creative: its rank, figures and ids, as a sentence.
        creative: The full row the brief was made from.
        container_id: The generation's container id, the same all ISO week (a rerun replays it).
    """

    key: str
    rank: int
    hook: str
    format: str
    cta: str | None
    target_platforms: tuple[str, ...]
    converted_on: tuple[PaidPlatform, ...]
    evidence: str
    creative: PaidCreative
    container_id: str


@attrs.frozen(kw_only=True)
class WeeklyGeneration(_Dumpable):
    """A brief's generation: started this run, or found already started this ISO week.

    Attributes:
        already_started: The container existed (same ISO week): nothing new was started.
        outcome: The job's outcome as the tracker saw it (``completed``, ``failed``, ``timed_out``…).
        approval_status: The container's, after the job; the SDK never approves or schedules it.
    """

    key: str
    hook: str
    container_id: str
    job_id: str | None
    outcome: str
    already_started: bool = False
    status: str | None = None
    approval_status: str | None = None
    error: str | None = None


@attrs.frozen(kw_only=True)
class WeeklyProjectReport(_Dumpable):
    """The weekly read of one project: every figure, ranking and decision, and why.

    Attributes:
        decision: ``act`` (briefs written), ``below_floor`` (paid data, but no creative counts: no
            briefs), ``empty`` (no ads data: an empty state, not an error) or ``error``.
        reason: The decision as a sentence.
        iso_week: The ISO week of the run (``YYYY-Www``); generations are idempotent within it.
        totals: The last 7 UTC days (today so far included) against the 7 before (``None`` on error).
        organic_by_views: The top 10 of the 7-day organic ``views`` ranking (the side the paid one is read against).
        by_conversions, by_roas: The creatives that count, ranked over 7 days.
        below_floor: Creatives with paid data under the floor (not ranked, not briefed).
        divergences: Creatives that win on views but not conversions, and the reverse.
        briefs: Next week's briefs; ``generations``: what ``generate=True`` started or found.
    """

    project_id: str
    decision: WeeklyDecision
    reason: str
    iso_week: str
    totals: PaidWeekOverWeek | None = None
    paid_floor: PaidFloor | None = None
    organic_by_views: tuple[RankedRow, ...] = ()
    by_conversions: tuple[PaidCreative, ...] = ()
    by_roas: tuple[PaidCreative, ...] = ()
    below_floor: tuple[PaidCreative, ...] = ()
    divergences: tuple[Divergence, ...] = ()
    briefs: tuple[WeeklyBrief, ...] = ()
    generations: tuple[WeeklyGeneration, ...] = ()
    skipped: tuple[Skip, ...] = ()
    error: str | None = None


@attrs.frozen(kw_only=True)
class WeeklyReport(_Dumpable):
    """`run_weekly`'s result: one `WeeklyProjectReport` per project, in the order given."""

    iso_week: str
    generate: bool
    projects: tuple[WeeklyProjectReport, ...]
    config: WorkflowConfig

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "iso_week": self.iso_week,
            "generate": self.generate,
            "projects": [p.to_dict() for p in self.projects],
            "config": attrs.asdict(self.config),
        }

    def to_html(self) -> str:
        """The report as one self-contained web page (inline CSS; no scripts, nothing fetched).

        Per project: the decision, the paid totals of both weeks, the paid ranking by conversions beside
        the organic ranking by views, the ROAS ranking, the creatives under the paid floor, divergences,
        next week's briefs with their evidence, and the generations held for review.
        """
        from layers_async.workflows._weekly_html import render_weekly

        return render_weekly(self)
