"""`DailyReport.to_html`: one self-contained page with a bar per ranked post, breakouts and saturation marked."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import attrs
import pytest

from layers_async import Client
from layers_async.testing import DemoHandles
from layers_async.workflows import DailyReport, WorkflowConfig, run_daily
from layers_async.workflows._html import PROJECT_SECTIONS, render_report
from layers_async.workflows._report import ProjectReport


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <title>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.titles: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles.append(data)
            self._in_title = False


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def _bars(parser: _Tags, cls: str = "bar") -> list[dict[str, str | None]]:
    return [a for t, a in parser.tags if t == "rect" and cls in (a.get("class") or "").split()]


@pytest.fixture
async def report(client: Client, demo: DemoHandles) -> DailyReport:
    return await run_daily(client, [demo.project_id, demo.small_project_id])


@pytest.mark.anyio
async def test_one_bar_per_ranked_post(report: DailyReport) -> None:
    assert [21] == [len(p.ranked) for p in report.projects if p.ranked]
    assert 21 == len(_bars(_parse(report.to_html())))


@pytest.mark.anyio
async def test_breakout_bars_are_marked(report: DailyReport, demo: DemoHandles) -> None:
    main = report.projects[0]
    breakout_ranks = [str(r.rank) for r in main.ranked if r.platform_post_id == demo.breakout_post_id]
    assert breakout_ranks == [b["data-rank"] for b in _bars(_parse(report.to_html()), "breakout")]


@pytest.mark.anyio
async def test_saturated_source_bar_is_marked(report: DailyReport, demo: DemoHandles) -> None:
    main = report.projects[0]
    saturated = [str(r.rank) for r in main.ranked if r.platform_post_id == demo.saturated_source_id]
    assert saturated == [b["data-rank"] for b in _bars(_parse(report.to_html()), "saturated")]


@pytest.mark.anyio
async def test_median_and_breakout_lines_are_drawn_at_the_scan_values(report: DailyReport) -> None:
    scan = report.projects[0].breakouts
    assert scan is not None and scan.median_engagement_rate is not None and scan.threshold is not None
    page = report.to_html()
    assert (1, 1) == (
        page.count(f"median {scan.median_engagement_rate:.1%}</text>"),
        page.count(f"breakout line {scan.threshold:.1%}</text>"),
    )


@pytest.mark.anyio
async def test_clones_show_their_outcome_and_pending_review(report: DailyReport) -> None:
    clone = report.projects[0].clones[0]
    page = report.to_html()
    assert re.search(
        rf"{clone.container_id}</code></td>.*?completed</span>.*?pending review</span>", page, flags=re.S
    ), page


@pytest.mark.anyio
async def test_the_page_is_self_contained(report: DailyReport) -> None:
    parser = _parse(report.to_html())
    fetching = [(t, a) for t, a in parser.tags if t == "script" or {"src", "href"} & set(a)]
    assert ([], False) == (fetching, "url(" in report.to_html() or "@import" in report.to_html())


@pytest.mark.anyio
async def test_the_page_has_a_title_and_each_chart_text_alternatives(report: DailyReport) -> None:
    parser = _parse(report.to_html())
    svgs = [a for t, a in parser.tags if t == "svg"]
    assert parser.titles[0].startswith("Daily loop report")
    assert [("img", True)] == [(a.get("role"), bool(a.get("aria-labelledby"))) for a in svgs]
    # one <title> per bar (a text alternative for each) besides the page's and the chart's
    assert 21 + 2 == len(parser.titles)


def _project(**changes: object) -> ProjectReport:
    return attrs.evolve(ProjectReport(project_id="prj_x", decision="empty", reason="nothing ranked yet"), **changes)


def test_text_from_the_api_is_escaped() -> None:
    report = DailyReport(projects=(_project(reason="<script>alert(1)</script>"),), config=WorkflowConfig())
    page = report.to_html()
    assert ("<script>" in page, "&lt;script&gt;" in page) == (False, True)


def test_a_project_without_rows_draws_no_chart() -> None:
    report = DailyReport(projects=(_project(),), config=WorkflowConfig())
    assert ([], "nothing ranked yet" in report.to_html()) == (_bars(_parse(report.to_html())), True)


def test_sections_can_be_added() -> None:
    def paid(project: ProjectReport, config: WorkflowConfig) -> str:
        return f"<h3>Paid ranking of {project.project_id}</h3>"

    report = DailyReport(projects=(_project(),), config=WorkflowConfig())
    page = render_report(report, sections=(*PROJECT_SECTIONS, paid))
    assert "<h3>Paid ranking of prj_x</h3>" in page
