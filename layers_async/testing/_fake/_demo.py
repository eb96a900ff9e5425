"""The "acme-todo" demo world: a breakout, a rising post, a saturated source, and a project with paid data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from layers_async.testing._fake._demo_paid import PaidDemoHandles, build_paid_project
from layers_async.testing._fake._demo_parts import add_viewed_post, finish_api_job, organic_counts
from layers_async.testing._fake._fixtures import FakeKey
from layers_async.testing._fake._wire import DAY

if TYPE_CHECKING:
    from layers_async.testing._fake._fake import FakeLayers

__all__ = ["DemoHandles", "build_demo"]

_TITLES = (
    "Morning routine: three tasks before coffee",
    "How I stopped forgetting birthdays",
    "Grocery list that sorts itself by aisle",
    "Weekly review in 90 seconds",
    "The two-minute rule, automated",
    "Shared lists for roommates who never agree",
    "Recurring chores without the nagging",
    "Focus mode: one task on screen",
    "Packing list templates for trips",
    "Turning emails into tasks",
    "Habit streaks that forgive a bad day",
    "Dark mode tour",
    "Voice capture while driving",
    "Calendar sync walkthrough",
    "Subtasks for big projects",
    "Widgets on the lock screen",
    "Color tags for work and home",
)


@dataclass(frozen=True, slots=True)
class DemoHandles:
    """Ids in the demo world.

    Attributes:
        key: Full-access, partner-tier key of the acme-todo org (also the emulator's default key).
        org_id: The acme-todo org.
        project_id: The main project (policy ``review_first_n`` with ``firstN=3``).
        small_project_id: A project under the noise floor (3 posts of ~30 views).
        breakout_post_id: The breakout post (engagement rate far above 2x the median, thousands of views).
        rising_post_id: Second-tier post whose 7d engagement rate beats its 30d rate.
        saturated_source_id: A source with 5 completed clones, none beating it.
        clone_container_ids: The 5 clones of the saturated source.
        post_ids: Every post of the main project.
        tiktok_account_id, instagram_account_id: The main project's social accounts.
        other_org_id, other_key, other_project_id, other_post_id: A second org whose data must stay invisible.
        paid: The org's third project, "acme-habits": two weeks of paid data for the weekly read.
    """

    key: FakeKey
    org_id: str
    project_id: str
    small_project_id: str
    breakout_post_id: str
    rising_post_id: str
    saturated_source_id: str
    clone_container_ids: tuple[str, ...]
    post_ids: tuple[str, ...]
    tiktok_account_id: str
    instagram_account_id: str
    other_org_id: str
    other_key: FakeKey
    other_project_id: str
    other_post_id: str
    paid: PaidDemoHandles


def build_demo(fake: FakeLayers) -> DemoHandles:
    """Create the demo world in ``fake`` and make its key the default key."""
    now = fake.now()
    org = fake.create_org("acme-todo", credits=5_000)
    key = fake.create_key(org, scopes=("*",), tier="partner")
    fake.default_key = key
    brand = {
        "appName": "acme-todo",
        "appDescription": "The to-do list that finishes itself.",
        "tagline": "Plan less. Finish more.",
        "audience": "busy professionals",
        "icp": "knowledge workers 25-40",
        "brandVoice": "wry, upbeat",
        "keywords": ["productivity", "to-do", "focus"],
        "primaryLanguage": "en",
        "logoUrl": "https://media.example.test/acme-todo/logo.png",
    }
    project = fake.create_project(
        org, "acme-todo", customer_external_id="acme-todo", timezone="America/New_York", brand_context=brand
    )
    tiktok = fake.add_social_account(project, "tiktok", handle="@acmetodo", followers=12_400)
    instagram = fake.add_social_account(project, "instagram", handle="@acme.todo", followers=8_100)
    accounts = {"tiktok": tiktok, "instagram": instagram}
    posts: list[str] = []

    def post(i: int, title: str, views: int, rate: float, age_days: float, platform: str) -> str:
        pid = add_viewed_post(
            fake,
            project,
            views=views,
            rate=rate,
            age_days=age_days,
            platform=platform,
            social_account_id=accounts[platform],
            title=title,
            media_kind="video" if platform == "tiktok" or i % 3 else "carousel",
            thumbnail_url=f"https://media.example.test/acme/{i}/cover.jpg",
        )
        posts.append(pid)
        return pid

    for i, title in enumerate(_TITLES):
        platform = "tiktok" if i % 2 == 0 else "instagram"
        post(i, title, 300 + (i * 137) % 700, 0.030 + (i % 5) * 0.004, 1 + (i * 6) / len(_TITLES), platform)
    breakout = post(90, "Your to-do list called. It wants to be finished by noon.", 9_340, 0.14, 3.2, "instagram")
    saturated = post(91, "Three taps, zero guilt: the list that finishes itself", 4_200, 0.062, 5.5, "tiktok")
    rising = post(92, "Inbox zero is a myth. List zero isn't.", 2_600, 0.075, 2.5, "tiktok")
    # The rising post also has an older, weaker run, so its 30d rate is lower than its 7d rate.
    fake.add_metrics(rising, now // DAY * DAY - 20 * DAY, **organic_counts(6_000, 0.012))

    clones: list[str] = []
    for n in range(5):
        cid = fake._store.ids.uuid("")
        body = {"projectId": project, "sourcePlatformPostId": saturated, "mode": "fork", "variations": 2}
        finish_api_job(fake, key, f"/v1/content/{cid}/clone-from-post", body)
        clones.append(f"cnt_{cid}")
        if n == 0:
            add_viewed_post(
                fake,
                project,
                views=1_100,
                rate=0.028,
                age_days=2,
                platform="tiktok",
                social_account_id=tiktok,
                source_container_id=f"cnt_{cid}",
            )
    fake.set_review_policy(project, "review_first_n", first_n=3)
    for pid in (breakout, rising):
        fake.add_ads_content(project, source_type="platform_post", platform_post_id=pid, created_at=now - DAY)

    small = fake.create_project(org, "acme-notes", customer_external_id="acme-notes")
    small_account = fake.add_social_account(small, "tiktok", handle="@acmenotes", followers=90)
    for i in range(3):
        pid = fake.add_post(
            small,
            platform="tiktok",
            social_account_id=small_account,
            title=f"Notes tip #{i + 1}",
            published_at=now - (i + 1) * DAY,
        )
        fake.add_metrics(pid, now - (i + 1) * DAY, **organic_counts(30 + i * 5, 0.05))

    paid = build_paid_project(fake, org, key)

    other_org = fake.create_org("rival-co")
    other_key = fake.create_key(other_org, scopes=("*",), tier="partner")
    other_project = fake.create_project(other_org, "rival-app")
    other_post = fake.add_post(other_project, platform="tiktok", title="Rival breakout", published_at=now - DAY)
    fake.add_metrics(other_post, now - DAY, **organic_counts(50_000, 0.2))

    return DemoHandles(
        key=key,
        org_id=org,
        project_id=project,
        small_project_id=small,
        breakout_post_id=breakout,
        rising_post_id=rising,
        saturated_source_id=saturated,
        clone_container_ids=tuple(clones),
        post_ids=tuple(posts),
        tiktok_account_id=tiktok,
        instagram_account_id=instagram,
        other_org_id=other_org,
        other_key=other_key,
        other_project_id=other_project,
        other_post_id=other_post,
        paid=paid,
    )
