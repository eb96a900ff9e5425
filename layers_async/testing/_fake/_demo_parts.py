"""What the demo world's builders share: organic counts, posts whose views came in over their first days, and
jobs started through the API and completed at once."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from layers_async.testing._fake._engine import complete_job
from layers_async.testing._fake._http import HttpRequest
from layers_async.testing._fake._wire import DAY

if TYPE_CHECKING:
    from layers_async.testing._fake._fake import FakeLayers
    from layers_async.testing._fake._fixtures import FakeKey

__all__ = ["add_viewed_post", "finish_api_job", "organic_counts"]

_FIRST_DAYS = (0.6, 0.3, 0.1)  # how a post's views come in over its first three days


def organic_counts(views: int, rate: float) -> dict[str, int]:
    """Every organic count of a post with ``views`` views engaging at ``rate``."""
    engaged = round(views * rate)
    likes, comments, shares = engaged * 7 // 10, engaged // 10, engaged // 10
    return {
        "views": views,
        "reach": views * 9 // 10,
        "impressions": views * 12 // 10,
        "likes": likes,
        "comments": comments,
        "shares": shares,
        "saves": engaged - likes - comments - shares,
        "watch_time_ms": views * 6_500,
    }


def _spread(now: float, published: float, views: int, rate: float) -> dict[float, dict[str, int]]:
    """A post's totals over the days since it was published that have begun (front-loaded, summing to ``views``)."""
    first = published // DAY * DAY
    days = [first + i * DAY for i in range(len(_FIRST_DAYS)) if first + i * DAY < now] or [first]
    shares = _FIRST_DAYS[: len(days)]
    out: dict[float, dict[str, int]] = {}
    remaining = views
    for i, day in enumerate(days):
        part = remaining if i == len(days) - 1 else round(views * shares[i] / sum(shares))
        remaining -= part
        out[day] = organic_counts(part, rate)
    return out


def add_viewed_post(
    fake: FakeLayers,
    project_id: str,
    *,
    views: int,
    rate: float,
    age_days: float,
    platform: str,
    social_account_id: str | None = None,
    title: str | None = None,
    media_kind: str = "video",
    thumbnail_url: str | None = None,
    source_container_id: str | None = None,
) -> str:
    """Track a post published ``age_days`` ago whose ``views`` (engaging at ``rate``) came in over its first days."""
    now = fake.now()
    published = now - age_days * DAY
    post_id = fake.add_post(
        project_id,
        platform=platform,
        social_account_id=social_account_id,
        title=title,
        media_kind=media_kind,
        published_at=published,
        thumbnail_url=thumbnail_url,
        source_container_id=source_container_id,
    )
    for day, counts in _spread(now, published, views, rate).items():
        fake.add_metrics(post_id, day, **counts)
    return post_id


def finish_api_job(fake: FakeLayers, key: FakeKey, path: str, body: dict[str, Any]) -> None:
    """POST ``body`` to ``path`` as ``key`` (so the job has its brief, containers and credits), then complete it."""
    request = HttpRequest.build("POST", path, [("Authorization", f"Bearer {key.secret}")], json.dumps(body).encode())
    job_id = json.loads(fake.handle(request).body)["jobId"]
    complete_job(fake._store, fake._store.jobs[job_id], fake.now())
