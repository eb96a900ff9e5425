"""Ads content: the scoring pool that feeds ad rotation (API reference: Ads content)."""

from __future__ import annotations

from datetime import datetime

import attrs

from layers_async.models._base import OpenEnum
from layers_async.models._metrics import AdsPlatform, SourceType

__all__ = ["ActivePromotion", "AdsContent", "AdsContentSort", "AdsOverride", "AdsOverrideRequest", "ScoringPool"]


class ScoringPool(OpenEnum):
    """Pools matching the source types ``content_container``, ``platform_post`` and ``manual``."""

    GENERATED = "generated"
    UGC = "ugc"
    MANUAL = "manual"


class AdsOverride(OpenEnum):
    """A human override of eligibility (``None`` on the model means no override)."""

    INCLUDE = "include"
    EXCLUDE = "exclude"


class AdsContentSort(OpenEnum):
    """Sort orders of the ads-content list (``scored_at_desc`` puts unscored rows last)."""

    SCORE_DESC = "score_desc"
    SCORE_ASC = "score_asc"
    SCORED_AT_DESC = "scored_at_desc"


@attrs.frozen(kw_only=True)
class ActivePromotion:
    """An ad currently running for the creative."""

    ad_id: str
    platform: AdsPlatform | None = None
    started_at: datetime | None = None


@attrs.frozen(kw_only=True)
class AdsContent:
    """One creative of the scoring pool.

    Attributes:
        organic_score: 0–10, ``None`` until scored.
        eligible: ``override == "include"``, or no ``"exclude"`` and a score of at least 4.0.
    """

    ads_content_id: str
    source_type: SourceType | None = None
    source_id: str | None = None
    platform_post_id: str | None = None
    scoring_pool: ScoringPool | None = None
    organic_score: float | None = None
    eligible: bool = False
    override: AdsOverride | None = None
    active_promotions: tuple[ActivePromotion, ...] = ()
    scored_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class AdsOverrideRequest:
    """The body of ``PATCH …/ads-content/{adsContentId}``: ``override`` is always sent (``null`` clears)."""

    override: AdsOverride | None = attrs.field(default=None, metadata={"omit_if_default": False})
    note: str | None = None
