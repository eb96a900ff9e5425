"""Account: who the key is and what it may spend (contract §10)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from layers_async.models._base import OpenEnum

__all__ = ["CreditPeriod", "Credits", "RateLimitTier", "Whoami"]


class RateLimitTier(OpenEnum):
    """The key's fixed rate-limit tier (§6)."""

    STANDARD = "standard"
    PILOT = "pilot"
    PARTNER = "partner"


@attrs.frozen(kw_only=True)
class Whoami:
    """The answer to ``GET /v1/whoami``: the key, its org and its scopes (``("*",)`` = all)."""

    organization_id: str
    workspace_id: str
    organization_name: str
    parent_organization_id: str | None = None
    scopes: tuple[str, ...] = ()
    rate_limit_tier: RateLimitTier = RateLimitTier.STANDARD
    api_key_id: str
    credit_balance: int


@attrs.frozen(kw_only=True)
class CreditPeriod:
    """The current billing period."""

    start: datetime
    end: datetime
    used_credits: int


def _credits_wire_in(data: dict[str, Any]) -> dict[str, Any]:
    """Tolerance of §10: without ``available``/``reservedCredits``, ``available = balance``."""
    if "available" not in data and "balance" in data:
        data = {**data, "available": data["balance"]}
    return data


@attrs.frozen(kw_only=True)
class Credits:
    """The answer to ``GET /v1/credits``: integer credit counts.

    Check ``available`` (``balance`` minus running jobs' reservations) before starting generation;
    the API has no out-of-credits error.
    """

    organization_id: str
    balance: int
    available: int
    reserved_credits: int = 0
    included_remaining: int | None = None
    prepaid_balance: int | None = None
    included_this_period: int | None = None
    used_this_period: int | None = None
    current_period: CreditPeriod | None = None
    subscription_tier: str | None = None
    billing_status: str | None = None
    estimated_credits_per_format: dict[str, int] = attrs.field(factory=dict)

    _wire_in = staticmethod(_credits_wire_in)
