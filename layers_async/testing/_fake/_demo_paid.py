"""The demo world's paid project, "acme-habits": two weeks of ads on five creatives.

The story it tells: the top organic post (most views) was promoted and barely converts; a Layers-made
video with a fraction of the views is the clear converter; a small post has the best ROAS; a static
ad the customer supplied spends and never converts. Paid delivery sits on whole UTC days, the last 6
whole days for "this week" and the 7 days before them for "the week before".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from layers_async.testing._fake._demo_parts import add_viewed_post, finish_api_job
from layers_async.testing._fake._fixtures import FakeKey
from layers_async.testing._fake._wire import DAY, iso_date

if TYPE_CHECKING:
    from layers_async.testing._fake._fake import FakeLayers

__all__ = ["PaidDemoHandles", "build_paid_project"]

CONVERTER_HOOK = "One habit, two minutes, every morning. That's the whole trick."
CONVERTER_CTA = "Start your two-minute streak"


@dataclass(frozen=True, slots=True)
class PaidDemoHandles:
    """Ids of the demo's paid project ("acme-habits", review policy ``review_all``).

    Attributes:
        project_id: The project.
        converter_container_id: The Layers-made video that converts best (hook, format and CTA known).
        converter_post_id: Its published post: #1 on conversions, #4 on organic views.
        converter_ads_content_id: Its ads-content row (ads on ``tiktok_ads`` and ``meta_ads``).
        top_organic_post_id: The most viewed post: promoted, 2 conversions (under the paid floor).
        roas_leader_post_id: A small post with the best ROAS.
        no_conversion_ads_content_id: A paid-only static creative that spends and never converts.
    """

    project_id: str
    converter_container_id: str
    converter_post_id: str
    converter_ads_content_id: str
    top_organic_post_id: str
    roas_leader_post_id: str
    no_conversion_ads_content_id: str


def _daily(
    first_day: float, spend: Sequence[int], conversions: Sequence[int], revenue_per_conversion: int
) -> dict[str, dict[str, int]]:
    """Day buckets of paid counts from ``first_day`` on (``spend``/``revenue`` in cents)."""
    out: dict[str, dict[str, int]] = {}
    for i, (cents, conv) in enumerate(zip(spend, conversions)):
        out[iso_date(first_day + i * DAY)] = {
            "spend": cents,
            "conversions": conv,
            "revenue": conv * revenue_per_conversion,
            "impressions": cents * 9,
            "clicks": cents // 12,
            "reach": cents * 6,
        }
    return out


def _generated_container(fake: FakeLayers, key: FakeKey, project: str) -> str:
    """The converter: generated through the API (so it has a job, a brief and a hook), then completed."""
    cid = fake._store.ids.uuid("")
    body = {"id": cid, "format": "video_remix", "brief": {"hook": CONVERTER_HOOK, "cta": CONVERTER_CTA}}
    finish_api_job(fake, key, f"/v1/projects/{project}/content", body)
    return f"cnt_{cid}"


def _scoring_row_of(fake: FakeLayers, container_id: str, *, base_score: float, created_at: float) -> str:
    """The ads-content row the emulator made for a generated container (linked to its post by now)."""
    with fake._store.lock:
        row = next(r for r in fake._store.ads.values() if r.source_id == container_id)
        row.base_score, row.created_at, row.updated_at = base_score, created_at, created_at
        return row.id


def build_paid_project(fake: FakeLayers, org: str, key: FakeKey) -> PaidDemoHandles:
    """Create "acme-habits" in ``org``: organic posts, five promoted creatives and two weeks of paid data."""
    now = fake.now()
    today = now // DAY * DAY
    this_week, week_before = today - 6 * DAY, today - 13 * DAY
    project = fake.create_project(org, "acme-habits", customer_external_id="acme-habits")
    tiktok = fake.add_social_account(project, "tiktok", handle="@acmehabits", followers=21_300)
    instagram = fake.add_social_account(project, "instagram", handle="@acme.habits", followers=9_800)
    accounts = {"tiktok": tiktok, "instagram": instagram}

    def post(
        title: str | None, views: int, rate: float, age_days: float, platform: str, source: str | None = None
    ) -> str:
        return add_viewed_post(
            fake,
            project,
            views=views,
            rate=rate,
            age_days=age_days,
            platform=platform,
            social_account_id=accounts[platform],
            title=title,
            source_container_id=source,
        )

    for i in range(8):
        post(f"Habit tip #{i + 1}", 320 + i * 61, 0.035, 1.5 + i * 0.5, "tiktok" if i % 2 else "instagram")
    top = post("Streaks that survive a bad week", 12_800, 0.071, 4.2, "tiktok")
    post("Why I quit habit apps (and came back)", 5_100, 0.052, 3.1, "instagram")
    tracking = post("Habit tracking for people who hate tracking", 3_400, 0.048, 5.2, "instagram")
    check_in = post("The 5-second check-in", 900, 0.044, 5.6, "tiktok")
    container = _generated_container(fake, key, project)
    converter = post(None, 2_300, 0.039, 5.9, "tiktok", source=container)

    def promote(
        row: str, platform: str, weeks: tuple[tuple[float, Sequence[int], Sequence[int]], ...], per_conv: int
    ) -> None:
        for first, spend, conversions in weeks:
            fake.add_paid_stats(
                row,
                platform=platform,
                ad_id=f"ad_{row[-8:].lower()}_{platform}_{int(first // DAY)}",
                started_at=first,
                daily=_daily(first, spend, conversions, per_conv),
            )

    six, seven = (2_100,) * 6, (1_500,) * 7
    conv_row = _scoring_row_of(fake, container, base_score=8.6, created_at=week_before)
    promote(conv_row, "tiktok_ads", ((this_week, six, (4, 5, 5, 6, 5, 4)), (week_before, seven, (2,) * 7)), 1_150)
    promote(
        conv_row,
        "meta_ads",
        ((this_week, (1_050,) * 6, (2,) * 6), (week_before, (700,) * 7, (1, 0, 1, 1, 0, 1, 1))),
        1_250,
    )
    top_row = fake.add_ads_content(project, platform_post_id=top, base_score=8.9, created_at=today - 4 * DAY)
    promote(top_row, "meta_ads", ((today - 4 * DAY, (5_800,) * 4, (1, 0, 1, 0)),), 1_900)
    tracking_row = fake.add_ads_content(project, platform_post_id=tracking, base_score=7.4, created_at=week_before)
    promote(
        tracking_row,
        "meta_ads",
        ((this_week, (1_650,) * 6, (2,) * 6), (week_before, (1_300,) * 7, (2, 1, 2, 1, 2, 1, 1))),
        1_650,
    )
    check_row = fake.add_ads_content(
        project, platform_post_id=check_in, base_score=4.9, created_at=week_before, override="include"
    )
    promote(
        check_row,
        "tiktok_ads",
        ((this_week, (520,) * 6, (1, 2, 1, 2, 1, 2)), (week_before, (360,) * 7, (1, 0, 1, 0, 1, 0, 1))),
        1_550,
    )
    static = fake.add_ads_content(
        project,
        source_type="manual",
        source_id="cre_spring_static",
        title="Spring promo static",
        base_score=5.5,
        created_at=week_before,
    )
    promote(static, "meta_ads", ((this_week, (1_050,) * 6, (0,) * 6), (week_before, (700,) * 7, (0,) * 7)), 0)
    fake.set_review_policy(project, "review_all")
    return PaidDemoHandles(
        project_id=project,
        converter_container_id=container,
        converter_post_id=converter,
        converter_ads_content_id=conv_row,
        top_organic_post_id=top,
        roas_leader_post_id=check_in,
        no_conversion_ads_content_id=static,
    )
