"""The weekly page in a real headless Chromium at phone and desktop widths (skips without chromium, not on CI)."""

from __future__ import annotations

import pathlib
import tempfile

import anyio
import pytest

from layers_async.testing import FakeLayers, VirtualClock
from layers_async.workflows import WeeklyReport, run_weekly
from tests._browser import Browser

ARTIFACTS = pathlib.Path(tempfile.gettempdir()) / "layers-async-artifacts" / "html-report"


async def _report() -> WeeklyReport:
    fake = FakeLayers(seed=11, clock=VirtualClock())
    world = fake.demo()
    async with fake.client() as client:
        return await run_weekly(client, [world.paid.project_id, world.project_id], generate=True)


@pytest.fixture(scope="module")
def page() -> pathlib.Path:
    report = anyio.run(_report)  # the page does not depend on the backend; test_weekly_html.py runs both
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "weekly-report.html"
    path.write_text(report.to_html(), encoding="utf-8")
    return path


@pytest.mark.parametrize(("width", "rows"), [(390, 2), (1280, 1)])
def test_the_rankings_sit_side_by_side_on_a_desktop_and_stack_on_a_phone(
    width: int, rows: int, browser: Browser, page: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    browser.events.clear()
    browser.load(page.as_uri(), width=width)
    tops, overflow = browser.evaluate(
        "[Array.from(document.querySelector('.pair').children, c => Math.round(c.getBoundingClientRect().top)),"
        " document.documentElement.scrollWidth - window.innerWidth]"
    )
    shot = ARTIFACTS / f"weekly-report-{width}px.png"
    browser.screenshot(shot, width=width)
    with capsys.disabled():
        print(f"\n  screenshot: {shot}")
    assert ([], [page.as_uri()], rows, 0) == (
        browser.errors(),
        sorted(set(browser.requested_urls())),
        len(set(tops)),  # one line of two columns on a desktop, two lines on a phone
        max(0, overflow),
    )
