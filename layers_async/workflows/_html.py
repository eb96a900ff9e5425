"""`DailyReport.to_html`: the daily loop as one self-contained web page (inline CSS and SVG, no scripts).

Per project: the decision, today's top posts, the ranked posts as a bar chart of their engagement rate
with the median and breakout-threshold lines (breakouts and saturated sources marked, with a data table as
the chart's text alternative), the clones with their job outcome and approval status, fresh generations
and what was skipped. Every section is one function of a `ProjectReport` returning an HTML fragment;
`PROJECT_SECTIONS` lists them in page order, and `render_report(report, sections=...)` takes another list
(add a section by writing one more such function).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from layers_async.workflows._config import WorkflowConfig
    from layers_async.workflows._report import DailyReport, ProjectReport, RankedRow

__all__ = [
    "PROJECT_SECTIONS",
    "Section",
    "clones_section",
    "decision_section",
    "fresh_section",
    "ranking_section",
    "render_report",
    "saturation_section",
    "skipped_section",
    "top_section",
]

#: A page section: one project's report and the run's config in, an HTML fragment out ("" to show nothing).
Section = Callable[["ProjectReport", "WorkflowConfig"], str]

# The chart's drawing box, in SVG units: about one CSS pixel each on a 390 px phone screen.
_W, _H = 360, 220
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 12, 24, 40
_APPROVAL = {"pending": "pending review", "approved": "approved", "rejected": "rejected"}

_CSS = """
:root { color-scheme: light; --ink: #1b1f24; --muted: #59636e; --line: #d0d7de; --bar: #5b7fa6;
  --breakout: #c2410c; --floor: #b8c0c8; --ok: #1a7f37; --bad: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  background: #fff; }
main { max-width: 960px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; } h2 { font-size: 1.25rem; margin: 0 0 4px; overflow-wrap: anywhere; }
h3 { font-size: 1.05rem; margin: 18px 0 6px; }
.project { border-top: 3px solid var(--line); padding-top: 14px; margin-top: 22px; }
.meta, .note { color: var(--muted); font-size: .9rem; }
.decision { display: inline-block; padding: 1px 8px; border-radius: 10px; background: #eef2f6; font-weight: 600; }
.decision.act { background: #dcfce7; } .decision.error { background: #fee2e2; }
figure { margin: 0; } svg.chart { width: 100%; max-width: 640px; height: auto; display: block; }
svg text { font: 11px system-ui, sans-serif; fill: var(--ink); }
svg .axis { stroke: var(--muted); } svg .grid { stroke: var(--line); }
svg .median { stroke: var(--muted); stroke-dasharray: 4 3; }
svg .threshold { stroke: var(--breakout); stroke-dasharray: 6 3; }
svg .bar { fill: var(--bar); } svg .bar.breakout { fill: var(--breakout); } svg .bar.below-floor { fill: var(--floor); }
svg .bar.saturated { stroke: var(--ink); stroke-width: 1.5; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: .85rem; margin: 6px 0; padding: 0;
  list-style: none; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; }
.table-wrap { overflow-x: auto; } table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: 4px 8px 4px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; } code { font-size: .8rem; overflow-wrap: anywhere; }
.tag { font-size: .75rem; font-weight: 600; padding: 0 6px; border-radius: 8px; white-space: nowrap; }
.tag.breakout { background: #ffedd5; color: #9a3412; } .tag.saturated { background: #e5e7eb; }
.tag.pending { background: #fef3c7; color: #92400e; } .tag.completed { color: var(--ok); }
.tag.failed, .tag.error, .tag.timed_out, .tag.canceled { color: var(--bad); }
details summary { cursor: pointer; color: var(--muted); }
@media (max-width: 600px) {
  /* On a phone each table row becomes a card: one line per cell, its column name in front. */
  table, tbody, tr, td { display: block; width: 100%; } thead { display: none; }
  tr { border-bottom: 1px solid var(--line); padding: 6px 0; } td { border: 0; padding: 2px 0; text-align: left; }
  td.num { text-align: left; }
  td::before { content: attr(data-label) ": "; color: var(--muted); font-size: .8rem; }
}
"""


def render_report(report: DailyReport, *, sections: Sequence[Section] | None = None) -> str:
    """The whole page for ``report``: a header, then each project with ``sections`` (default `PROJECT_SECTIONS`)."""
    parts = sections if sections is not None else PROJECT_SECTIONS
    config = report.config
    acted = sum(1 for p in report.projects if p.decision == "act")
    clones = sum(len(p.clones) for p in report.projects)
    body = "".join(_project(p, config, parts) for p in report.projects)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Daily loop report: {len(report.projects)} project(s)</title>\n<style>{_CSS}</style>\n</head>\n"
        "<body>\n<main>\n<h1>Daily publish-to-learn report</h1>\n"
        f'<p class="meta">{len(report.projects)} project(s), {acted} acted on, {clones} clone(s) started · window '
        f"{escape(str(config.window))} · breakout above {config.breakout_multiplier:g}× the median · saturated "
        f"after {config.max_clones} clones. Nothing here was approved or scheduled: clones wait for review.</p>\n"
        f"{body}</main>\n</body>\n</html>\n"
    )


def _project(project: ProjectReport, config: WorkflowConfig, sections: Sequence[Section]) -> str:
    heading = f"project-{_slug(project.project_id)}"
    inner = "".join(section(project, config) for section in sections)
    return f'<section class="project" aria-labelledby="{heading}">\n{inner}</section>\n'


def _slug(value: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in value)


def decision_section(project: ProjectReport, config: WorkflowConfig) -> str:
    """The project's heading, decision and reason."""
    heading = f"project-{_slug(project.project_id)}"
    decision = escape(project.decision)
    stage = f" · stage {escape(project.stage.stage)}" if project.stage else ""
    floor = f" · {project.noise_floor.post_count} posts" if project.noise_floor else ""
    return (
        f'<h2 id="{heading}">Project <code>{escape(project.project_id)}</code></h2>\n'
        f'<p><span class="decision {decision}">{decision.replace("_", " ")}</span>{floor}{stage}</p>\n'
        f'<p class="note">{escape(project.reason)}</p>\n'
    )


def top_section(project: ProjectReport, config: WorkflowConfig) -> str:
    """Today's top posts by the ranking metric (the rows to surface in a UI)."""
    if not project.top:
        return ""
    metric = escape(project.ranking_metric or "engagement_rate")
    items = "".join(
        f"<li>{escape(r.title or r.platform_post_id or r.source_id or '-')} — {_value(metric, r.metric_value)}</li>"
        for r in project.top
    )
    return f"<h3>Today's top {len(project.top)} by {metric.replace('_', ' ')}</h3>\n<ol>{items}</ol>\n"


def _value(metric: str, value: float) -> str:
    return f"{value:.1%}" if metric == "engagement_rate" else f"{value:,.4g}"


def ranking_section(project: ProjectReport, config: WorkflowConfig) -> str:
    """The ranked posts as a bar chart with the median and threshold lines, and the same data as a table."""
    rows = project.ranked
    if not rows:
        return ""
    scan = project.breakouts
    median = scan.median_engagement_rate if scan else None
    threshold = scan.threshold if scan else None
    breakouts = {b.platform_post_id for b in scan.breakouts} if scan else set()
    saturated = {s.platform_post_id for s in project.saturated_sources}
    flags = [_flags(r, breakouts, saturated, config.min_row_views) for r in rows]
    chart_id = f"chart-{_slug(project.project_id)}"
    return (
        f'<h3 id="{chart_id}-h">Engagement rate of the {len(rows)} ranked posts</h3>\n<figure>\n'
        f"{_svg(chart_id, rows, flags, median, threshold)}\n{_legend(median, threshold)}\n"
        f'<figcaption class="note">{escape(_summary(rows, flags, median, threshold))}</figcaption>\n'
        f"</figure>\n{_ranking_table(rows, flags)}"
    )


def _flags(row: RankedRow, breakouts: set[str | None], saturated: set[str], floor: int) -> tuple[str, ...]:
    out = []
    if row.platform_post_id in breakouts:
        out.append("breakout")
    if row.platform_post_id in saturated:
        out.append("saturated")
    if (row.views or 0) < floor:  # left out of the median, never a breakout
        out.append("below-floor")
    return tuple(out)


def _svg(
    chart_id: str,
    rows: Sequence[RankedRow],
    flags: Sequence[tuple[str, ...]],
    median: float | None,
    threshold: float | None,
) -> str:
    ticks = _ticks(max([r.metric_value for r in rows] + [threshold or 0.0, 1e-6]))
    top = ticks[-1]
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    step = plot_w / len(rows)
    width = max(1.0, step * 0.72)

    def y(value: float) -> float:
        return _TOP + plot_h * (1 - value / top)

    parts = [
        f'<svg class="chart" viewBox="0 0 {_W} {_H}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">Engagement rate of {len(rows)} ranked posts, by rank</title>',
        f'<desc id="{chart_id}-d">{escape(_summary(rows, flags, median, threshold))}</desc>',
    ]
    digits = 0 if all(abs(t * 100 - round(t * 100)) < 1e-9 for t in ticks) else 1
    for tick in ticks:
        parts.append(f'<line class="grid" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>')
        parts.append(f'<text x="{_LEFT - 4}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:.{digits}%}</text>')
    for i, (row, flag) in enumerate(zip(rows, flags)):
        x = _LEFT + i * step + (step - width) / 2
        label = escape(_row_text(row, flag))
        parts.append(
            f'<rect class="bar {" ".join(flag)}" data-rank="{row.rank}" x="{x:.1f}" y="{y(row.metric_value):.1f}" '
            f'width="{width:.1f}" height="{y(0) - y(row.metric_value):.1f}"><title>{label}</title></rect>'
        )
        if "breakout" in flag or "saturated" in flag:
            mark = "★" if "breakout" in flag else "S"
            parts.append(
                f'<text x="{x + width / 2:.1f}" y="{y(row.metric_value) - 3:.1f}" text-anchor="middle" '
                f'aria-hidden="true">{mark}</text>'
            )
        if len(rows) <= 12 or i % 5 == 0 or i == len(rows) - 1:
            parts.append(f'<text x="{x + width / 2:.1f}" y="{y(0) + 13:.1f}" text-anchor="middle">{row.rank}</text>')
    for value, cls, text in ((median, "median", "median"), (threshold, "threshold", "breakout line")):
        if value is not None:
            parts.append(
                f'<line class="{cls}" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}"/>'
            )
            parts.append(f'<text x="{_W - _RIGHT}" y="{y(value) - 3:.1f}" text-anchor="end">{text} {value:.1%}</text>')
    parts.append(f'<line class="axis" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}"/>')
    parts.append(
        f'<text x="{_LEFT + plot_w / 2:.1f}" y="{_H - 6}" text-anchor="middle">Posts by rank (1 = best)</text>'
    )
    parts.append(
        f'<text x="12" y="{_TOP + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 12 {_TOP + plot_h / 2:.1f})">Engagement rate</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _ticks(highest: float) -> list[float]:
    """Round axis ticks from 0 to at least ``highest``: 3 to 6 of them, 1, 2, 2.5 or 5 times a power of ten apart."""
    raw = highest / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    count = math.ceil(highest / step - 1e-9)
    return [round(i * step, 12) for i in range(count + 1)]


def _row_text(row: RankedRow, flag: tuple[str, ...]) -> str:
    name = row.title or row.platform_post_id or row.source_id or "untitled"
    notes = ", ".join(f.replace("-", " ") for f in flag)
    return f"#{row.rank} {name}: {row.metric_value:.1%}" + (f" ({notes})" if notes else "")


def _summary(
    rows: Sequence[RankedRow], flags: Sequence[tuple[str, ...]], median: float | None, threshold: float | None
) -> str:
    lines = "no median (too few rows above the view floor)"
    if median is not None and threshold is not None:
        lines = f"median {median:.1%}, breakout line {threshold:.1%}"
    marked = [_row_text(r, f) for r, f in zip(rows, flags) if "breakout" in f or "saturated" in f]
    return f"{len(rows)} posts ranked by engagement rate; {lines}. " + (
        "Marked: " + "; ".join(marked) + "." if marked else "No breakout."
    )


def _legend(median: float | None, threshold: float | None) -> str:
    items = [
        '<li><span class="swatch" style="background:#5b7fa6"></span>post</li>',
        '<li><span class="swatch" style="background:#c2410c"></span>★ breakout</li>',
        '<li><span class="swatch" style="border:2px solid #1b1f24"></span>S saturated source</li>',
        '<li><span class="swatch" style="background:#b8c0c8"></span>under the view floor</li>',
    ]
    if median is not None:
        items.append("<li>- - median</li><li>— — breakout line</li>")
    return f'<ul class="legend" aria-hidden="true">{"".join(items)}</ul>'


def _tags(names: Sequence[str]) -> str:
    return " ".join(
        f'<span class="tag {escape(n)}">{escape(n.replace("-", " ").replace("_", " "))}</span>' for n in names
    )


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A table whose cells are HTML already; a header starting with ``#`` is right-aligned (a number)."""
    cls = ['class="num"' if h.startswith("#") else "" for h in head]
    th = "".join(f"<th {c}>{escape(h.lstrip('#'))}</th>" for c, h in zip(cls, head))
    labels = [f'data-label="{escape(h.lstrip("#"))}"' for h in head]
    body = "".join(
        "<tr>" + "".join(f"<td {c} {label}>{v}</td>" for c, label, v in zip(cls, labels, row)) + "</tr>" for row in rows
    )
    return f'<div class="table-wrap"><table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table></div>\n'


def _post(title: str | None, post_id: str | None) -> str:
    return f"{escape(title or '-')}<br><code>{escape(post_id or '-')}</code>"


def _ranking_table(rows: Sequence[RankedRow], flags: Sequence[tuple[str, ...]]) -> str:
    cells = [
        [
            str(r.rank),
            _post(r.title, r.platform_post_id),
            f"{r.metric_value:.2%}",
            str(r.views) if r.views is not None else "-",
            _tags(flag),
        ]
        for r, flag in zip(rows, flags)
    ]
    return (
        "<details><summary>The chart as a table</summary>\n"
        + _table(["##", "Post", "#Engagement", "#Views", "Marks"], cells)
        + "</details>\n"
    )


def clones_section(project: ProjectReport, config: WorkflowConfig) -> str:
    """Each clone started today: its source, container, job outcome and approval status."""
    if not project.clones:
        return ""
    titles = {r.platform_post_id: r.title for r in project.ranked}
    cells = [
        [
            _post(titles.get(c.source_platform_post_id), c.source_platform_post_id),
            f"<code>{escape(c.container_id or '-')}</code>",
            _tags([c.outcome]),
            _approval(c.approval_status),
        ]
        for c in project.clones
    ]
    return f"<h3>Clones ({len(project.clones)})</h3>\n" + _table(["Source", "Container", "Job", "Approval"], cells)


def _approval(status: str | None) -> str:
    if status is None:
        return "-"
    return f'<span class="tag {escape(status)}">{escape(_APPROVAL.get(status, status))}</span>'


def saturation_section(project: ProjectReport, config: WorkflowConfig) -> str:
    """The sources found saturated: their clone count and the best clone against the source."""
    sources = project.saturated_sources
    if not sources:
        return ""
    cells = [
        [
            _post(s.title, s.platform_post_id),
            str(s.clone_count),
            "-" if s.source_value is None else _value(s.metric, s.source_value),
            "-" if s.best_clone_value is None else _value(s.metric, s.best_clone_value),
        ]
        for s in sources
    ]
    head = ["Source", "#Clones", "#Source value", "#Best clone"]
    return f"<h3>Saturated sources (not cloned again; S in the chart)</h3>\n{_table(head, cells)}"


def fresh_section(project: ProjectReport, config: WorkflowConfig) -> str:
    """Fresh generations started instead of another clone, with their hook and where it came from."""
    if not project.fresh:
        return ""
    cells = [
        [
            f"<code>{escape(f.replaces_platform_post_id)}</code>",
            escape(f.hook),
            escape(f.hook_origin.replace("_", " ")),
            _tags([f.outcome]) + (" (already started today)" if f.replayed else ""),
            _approval(f.approval_status),
        ]
        for f in project.fresh
    ]
    head = ["Replaces", "Hook", "From", "Job", "Approval"]
    return f"<h3>Fresh generations (a new hook)</h3>\n{_table(head, cells)}"


def skipped_section(project: ProjectReport, config: WorkflowConfig) -> str:
    """What the loop chose not to do, and why."""
    if not project.skipped:
        return ""
    cells = [
        [escape(s.action), f"<code>{escape(s.platform_post_id or '-')}</code>", escape(s.detail)]
        for s in project.skipped
    ]
    return f"<h3>Skipped</h3>\n{_table(['Action', 'Post', 'Why'], cells)}"


#: The sections of each project, in page order.
PROJECT_SECTIONS: tuple[Section, ...] = (
    decision_section,
    top_section,
    ranking_section,
    clones_section,
    saturation_section,
    fresh_section,
    skipped_section,
)
