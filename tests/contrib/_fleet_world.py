"""A world of N small projects for the fleet: each has one breakout, so its daily run starts one clone."""

from __future__ import annotations

from layers_async.testing import FakeLayers

__all__ = ["build_projects"]

DAY = 86_400.0


def _counts(views: int, rate: float) -> dict[str, int]:
    engaged = round(views * rate)
    likes = engaged * 7 // 10
    return {"views": views, "likes": likes, "comments": engaged // 10, "shares": engaged - likes - engaged // 10}


def build_projects(fake: FakeLayers, org_id: str, count: int) -> list[str]:
    """Create ``count`` projects of 14 posts each, one of them a breakout; return their ids."""
    now = fake.now()
    projects = []
    for n in range(count):
        project = fake.create_project(org_id, f"fleet-{n:03d}", customer_external_id=f"fleet-{n:03d}")
        account = fake.add_social_account(project, "tiktok", handle=f"@fleet{n}", followers=5_000)
        for i in range(13):
            post = fake.add_post(
                project,
                social_account_id=account,
                title=f"Tip {i} of project {n}",
                published_at=now - (1 + i / 3) * DAY,
            )
            fake.add_metrics(post, now - DAY, **_counts(400 + (i * 137) % 500, 0.03 + (i % 5) * 0.004))
        breakout = fake.add_post(
            project, social_account_id=account, title=f"The breakout of project {n}", published_at=now - 2 * DAY
        )
        fake.add_metrics(breakout, now - DAY, **_counts(9_000 + n, 0.14))
        projects.append(project)
    return projects
