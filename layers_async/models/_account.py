"""Account: who the key is and what it may spend (API reference: Account)."""

from __future__ import annotations

from datetime import datetime

import attrs

from layers_async.models._base import OpenEnum

__all__ = ["CreditPeriod", "Credits", "RateLimitTier", "Whoami"]


class RateLimitTier(OpenEnum):
    """The key's fixed rate-limit tier (API reference: Rate limits)."""

    STANDARD = "standard"
    PILOT = "pilot"
    PARTNER = "partner"


@attrs.frozen(kw_only=True)
class Whoami:
    """The answer to ``GET /v1/whoami``: the key, its org and its scopes (``("*",)`` = all)."""

    organization_id: str
    workspace_id: str | None = None
    organization_name: str | None = None
    parent_organization_id: str | None = None
    scopes: tuple[str, ...] = ()
    rate_limit_tier: RateLimitTier = RateLimitTier.STANDARD
    api_key_id: str | None = None
    credit_balance: int | None = None


@attrs.frozen(kw_only=True)
class CreditPeriod:
    """The current billing period."""

    start: datetime
    end: datetime
    used_credits: int | None = None


@attrs.frozen(kw_only=True)
class Credits:
    """The answer to ``GET /v1/credits``: integer credit counts.

    Check ``available`` (``balance`` minus running jobs' reservations) before starting generation;
    the API has no out-of-credits error.
    """

    balance: int
    available: int
    organization_id: str | None = None
    reserved_credits: int = 0
    included_remaining: int | None = None
    prepaid_balance: int | None = None
    included_this_period: int | None = None
    used_this_period: int | None = None
    current_period: CreditPeriod | None = None
    subscription_tier: str | None = None
    billing_status: str | None = None
    estimated_credits_per_format: dict[str, int] = attrs.field(factory=dict)
