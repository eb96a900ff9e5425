"""`WeeklyReport.to_html`: the paid ranking beside the organic one, one self-contained page."""

from __future__ import annotations

import html
import re

import pytest

from layers_async import Client
from layers_async.testing import DemoHandles, FakeLayers
from layers_async.testing._fake._demo_paid import CONVERTER_HOOK
from layers_async.workflows import run_weekly

pytestmark = pytest.mark.anyio


def _lists(page: str) -> tuple[list[str], list[str]]:
    """The organic and paid rankings' items, as text, from the first side-by-side block."""
    pair = page.split('<div class="pair">', 1)[1].split("</div>\n</div>", 1)[0]
    organic, paid = re.findall(r"<ol>(.*?)</ol>", pair, flags=re.S)[:2]

    def items(block: str) -> list[str]:
        found = re.findall(r"<li>(.*?)</li>", block, flags=re.S)
        return [html.unescape(re.sub(r"<[^>]+>", "", li)).strip() for li in found]

    return items(organic), items(paid)


async def test_paid_ranking_sits_beside_the_organic_one(client: Client, demo: DemoHandles) -> None:
    page = (await run_weekly(client, [demo.paid.project_id])).to_html()
    organic, paid = _lists(page)
    assert (True, True, 3) == (
        organic[0].startswith("Streaks that survive a bad week — 12,800 views"),
        paid[0].startswith(CONVERTER_HOOK),
        len(paid),
    )


async def test_divergence_is_marked_on_both_sides(client: Client, demo: DemoHandles) -> None:
    page = (await run_weekly(client, [demo.paid.project_id])).to_html()
    organic, paid = _lists(page)
    assert (True, True) == (organic[0].endswith("2 conversion(s): under the floor"), paid[0].endswith("#4 on views"))


async def test_page_is_self_contained(client: Client, demo: DemoHandles) -> None:
    page = (await run_weekly(client, [demo.paid.project_id, demo.project_id], generate=True)).to_html()
    assert ([], [], 3) == (
        re.findall(r"<script|<link|src=", page),
        re.findall(r"https?://", page),
        page.count("pending review"),
    )


async def test_titles_are_escaped(fake: FakeLayers, client: Client, demo: DemoHandles) -> None:
    project = fake.create_project(demo.org_id, "acme-escape")
    post = fake.add_post(project, title="<b>bold</b> & <script>x</script>", published_at=fake.now() - 86_400)
    fake.add_metrics(post, fake.now() - 86_400, views=500)
    row = fake.add_ads_content(project, platform_post_id=post)
    fake.add_paid_stats(row, daily={"2026-05-10": {"spend": 5_000, "conversions": 5, "revenue": 9_000}})
    page = (await run_weekly(client, [project])).to_html()
    assert (0, True) == (page.count("<script>x"), "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;" in page)


async def test_empty_project_page_says_why(client: Client, demo: DemoHandles) -> None:
    page = (await run_weekly(client, [demo.project_id])).to_html()
    assert ('<span class="decision empty">empty</span>', True) == (
        re.search(r'<span class="decision [a-z_]+">[a-z ]+</span>', page).group(0),  # type: ignore[union-attr]
        "no ads data" in page,
    )
