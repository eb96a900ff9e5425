"""client.projects: list and get."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from layers_async.errors import InvalidRequestError
from layers_async.models import (
    BrandContext,
    LayerKind,
    OrganicPlatform,
    Project,
    ProjectLayer,
    ProjectStatus,
    ProjectSummary,
    SocialAccount,
    SocialAccountStatus,
)

PID = "prj_91a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b"
SUMMARY = {
    "id": PID,
    "name": "Acme Todo — US",
    "status": "active",
    "customerExternalId": "cust_881",
    "timezone": "America/New_York",
    "primaryLanguage": "en-US",
    "ownerEmail": None,
    "createdAt": "2026-04-02T15:04:05Z",
    "updatedAt": "2026-05-10T08:00:00.500Z",
}


@pytest.mark.anyio
async def test_list_sends_filters_and_yields_summaries(api) -> None:
    api.reply(200, {"items": [SUMMARY], "nextCursor": None})
    items = [p async for p in api.client.projects.list(status="active", search="acme", customer_external_id="cust_881")]
    query = [("status", "active"), ("search", "acme"), ("customerExternalId", "cust_881"), ("limit", "25")]
    assert ("GET", "/v1/projects", query, None) == api.sent()
    expected = ProjectSummary(
        id=PID,
        name="Acme Todo — US",
        status=ProjectStatus.ACTIVE,
        customer_external_id="cust_881",
        timezone="America/New_York",
        primary_language="en-US",
        owner_email=None,
        created_at=datetime(2026, 4, 2, 15, 4, 5, tzinfo=timezone.utc),
        updated_at=datetime(2026, 5, 10, 8, 0, 0, 500000, tzinfo=timezone.utc),
    )
    assert [expected] == items


def test_list_refuses_a_bad_status_before_iteration(api) -> None:
    with pytest.raises(InvalidRequestError) as info:
        api.client.projects.list(status="deleted")
    assert "status" == info.value.argument


@pytest.mark.anyio
async def test_get_decodes_brand_context_layers_and_accounts(api) -> None:
    api.reply(
        200,
        {
            **SUMMARY,
            "organizationId": "org_1",
            "brandContext": {
                "appName": "Acme Todo",
                "appDescription": None,
                "tagline": "Lists that finish themselves",
                "audience": None,
                "icp": None,
                "brandVoice": "wry",
                "keywords": ["todo", "focus"],
                "primaryLanguage": "en-US",
                "logoUrl": None,
            },
            "layers": [
                {"projectLayerId": "lyr_1", "name": "Social Content", "kind": "content"},
                {"projectLayerId": "lyr_2", "name": "Paid", "kind": "ads"},
            ],
            "socialAccounts": [
                {"socialAccountId": "sa_1", "platform": "tiktok", "handle": "@acmetodo", "status": "connected"}
            ],
        },
    )
    project = await api.client.projects.get(PID)
    assert ("GET", f"/v1/projects/{PID}", [], None) == api.sent()
    assert (
        BrandContext(
            app_name="Acme Todo",
            tagline="Lists that finish themselves",
            brand_voice="wry",
            keywords=("todo", "focus"),
            primary_language="en-US",
        ),
        (ProjectLayer(project_layer_id="lyr_1", name="Social Content", kind=LayerKind.CONTENT),),
        (
            SocialAccount(
                social_account_id="sa_1",
                platform=OrganicPlatform.TIKTOK,
                handle="@acmetodo",
                status=SocialAccountStatus.CONNECTED,
            ),
        ),
    ) == (project.brand_context, project.content_layers, project.social_accounts)
    assert isinstance(project, Project)
