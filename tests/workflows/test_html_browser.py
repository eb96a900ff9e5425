"""The daily report in a real headless Chromium (Debian's package) at phone and desktop widths.

Runs wherever ``chromium`` is installed (``.ci/run`` installs it); with ``CI=true`` a missing browser is a
failure, elsewhere a skip that says why. Screenshots are kept under ``$TMPDIR/layers-async-artifacts/``.
"""

from __future__ import annotations

import pathlib
import tempfile

import anyio
import pytest

from layers_async.testing import FakeLayers, VirtualClock
from layers_async.workflows import DailyReport, run_daily
from tests._browser import Browser

ARTIFACTS = pathlib.Path(tempfile.gettempdir()) / "layers-async-artifacts" / "html-report"
WIDTHS = (390, 1280)


async def _demo_report() -> DailyReport:
    fake = FakeLayers(seed=11, clock=VirtualClock())
    world = fake.demo()
    async with fake.client() as client:
        return await run_daily(client, [world.project_id, world.small_project_id])


@pytest.fixture(scope="module")
def page() -> tuple[DailyReport, pathlib.Path]:
    report = anyio.run(_demo_report)  # the page does not depend on the backend; test_html.py runs both
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "daily-report.html"
    path.write_text(report.to_html(), encoding="utf-8")
    return report, path


@pytest.mark.parametrize("width", WIDTHS)
def test_the_report_renders_without_errors_at(
    width: int, browser: Browser, page: tuple[DailyReport, pathlib.Path], capsys: pytest.CaptureFixture[str]
) -> None:
    report, path = page
    browser.events.clear()
    browser.load(path.as_uri(), width=width)
    bars, breakouts, overflow = browser.evaluate(
        "[document.querySelectorAll('svg rect.bar').length,"
        " Array.from(document.querySelectorAll('svg rect.bar.breakout'), b => b.dataset.rank),"
        " document.documentElement.scrollWidth - window.innerWidth]"
    )
    shot = ARTIFACTS / f"daily-report-{width}px.png"
    browser.screenshot(shot, width=width)
    with capsys.disabled():
        print(f"\n  screenshot: {shot}")
    expected_breakouts = [
        str(r.rank)
        for p in report.projects
        if p.breakouts
        for r in p.ranked
        if r.platform_post_id in {b.platform_post_id for b in p.breakouts.breakouts}
    ]
    assert (
        [],
        [path.as_uri()],
        sum(len(p.ranked) for p in report.projects),
        expected_breakouts,
        0,
        True,
    ) == (
        browser.errors(),
        sorted(set(browser.requested_urls())),
        bars,
        breakouts,
        max(0, overflow),
        shot.stat().st_size > 10_000,
    )
    assert expected_breakouts  # the demo world has a breakout: the check above is not vacuous
