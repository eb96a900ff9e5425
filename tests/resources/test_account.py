"""client.account: whoami and credits."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from layers_async.models import CreditPeriod, Credits, RateLimitTier, Whoami

WHOAMI = {
    "organizationId": "org_7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
    "workspaceId": "ws_1",
    "organizationName": "Acme Todo",
    "parentOrganizationId": None,
    "scopes": ["content:read", "metrics:read"],
    "rateLimitTier": "pilot",
    "apiKeyId": "key_0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
    "creditBalance": 1240,
}
CREDITS = {
    "organizationId": "org_7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
    "balance": 1240,
    "available": 1000,
    "includedRemaining": 240,
    "prepaidBalance": 1000,
    "reservedCredits": 240,
    "includedThisPeriod": 500,
    "usedThisPeriod": 260,
    "currentPeriod": {"start": "2026-05-01T00:00:00Z", "end": "2026-06-01T00:00:00Z", "usedCredits": 260},
    "subscriptionTier": "growth",
    "billingStatus": "active",
    "estimatedCreditsPerFormat": {"video_remix": 40, "slideshow_remix": 12},
}


@pytest.mark.anyio
async def test_whoami_sends_get_and_decodes(api) -> None:
    api.reply(200, WHOAMI)
    me = await api.client.account.whoami()
    assert ("GET", "/v1/whoami", [], None) == api.sent()
    expected = Whoami(
        organization_id="org_7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
        workspace_id="ws_1",
        organization_name="Acme Todo",
        parent_organization_id=None,
        scopes=("content:read", "metrics:read"),
        rate_limit_tier=RateLimitTier.PILOT,
        api_key_id="key_0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
        credit_balance=1240,
    )
    assert expected == me


@pytest.mark.anyio
async def test_whoami_ignores_extra_kill_switch_booleans(api) -> None:
    api.reply(200, {**WHOAMI, "killSwitch": False, "apiAccessRevoked": False})
    assert "Acme Todo" == (await api.client.account.whoami()).organization_name


@pytest.mark.anyio
async def test_credits_sends_get_and_decodes(api) -> None:
    api.reply(200, CREDITS)
    credits = await api.client.account.credits()
    assert ("GET", "/v1/credits", [], None) == api.sent()
    expected = Credits(
        organization_id="org_7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
        balance=1240,
        available=1000,
        reserved_credits=240,
        included_remaining=240,
        prepaid_balance=1000,
        included_this_period=500,
        used_this_period=260,
        current_period=CreditPeriod(
            start=datetime(2026, 5, 1, tzinfo=timezone.utc),
            end=datetime(2026, 6, 1, tzinfo=timezone.utc),
            used_credits=260,
        ),
        subscription_tier="growth",
        billing_status="active",
        estimated_credits_per_format={"video_remix": 40, "slideshow_remix": 12},
    )
    assert expected == credits


@pytest.mark.anyio
async def test_credits_without_available_uses_the_balance(api) -> None:
    body = {k: v for k, v in CREDITS.items() if k not in ("available", "reservedCredits")}
    api.reply(200, body)
    credits = await api.client.account.credits()
    assert (1240, 0) == (credits.available, credits.reserved_credits)
