"""`WeeklyReport.to_html`: the weekly read as one self-contained page, the paid ranking beside the organic one.

It shares the daily page's stylesheet and table helpers, so both reports look alike and read on a phone
(each table row becomes a card under 600 px; the two rankings stack).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from layers_async.workflows._html import _CSS, _approval, _slug, _table, _tags
from layers_async.workflows._weekly_report import money

if TYPE_CHECKING:
    from layers_async.workflows._report import RankedRow
    from layers_async.workflows._weekly_report import (
        PaidCreative,
        PaidTotals,
        WeeklyProjectReport,
        WeeklyReport,
    )

__all__ = ["render_weekly"]

_EXTRA_CSS = """
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 20px; }
.pair ol { margin: 0; padding-left: 1.4em; } .pair li { margin: 4px 0; overflow-wrap: anywhere; }
.meter { display: block; height: 6px; background: #eef2f6; border-radius: 3px; margin-top: 2px; }
.meter span { display: block; height: 6px; border-radius: 3px; background: var(--bar); }
.meter.paid span { background: var(--ok); }
.tag.diverges { background: #ffedd5; color: #9a3412; } .tag.counts { color: var(--ok); }
@media (max-width: 600px) { .pair { grid-template-columns: 1fr; } }
"""


def render_weekly(report: WeeklyReport) -> str:
    """The whole page for ``report``: a header, then each project's sections."""
    config = report.config
    body = "".join(_project(p, max(config.top_n, 1)) for p in report.projects)
    acted = sum(1 for p in report.projects if p.decision == "act")
    briefs = sum(len(p.briefs) for p in report.projects)
    floor = f"{money(config.min_paid_spend_cents)} spend and {config.min_paid_conversions} conversions"
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Weekly read {escape(report.iso_week)}: {len(report.projects)} project(s)</title>\n"
        f"<style>{_CSS}{_EXTRA_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>Weekly read, {escape(report.iso_week)}</h1>\n"
        f'<p class="meta">{len(report.projects)} project(s), {acted} with briefs, {briefs} brief(s) · a creative '
        f"counts from {floor} over 7 days · money in the ad account's currency. Nothing here was approved or "
        "scheduled: generations wait for review.</p>\n"
        f"{body}</main>\n</body>\n</html>\n"
    )


def _project(project: WeeklyProjectReport, top: int) -> str:
    heading = f"weekly-{_slug(project.project_id)}"
    decision = escape(project.decision)
    parts = [
        f'<h2 id="{heading}">Project <code>{escape(project.project_id)}</code></h2>\n',
        f'<p><span class="decision {decision}">{decision.replace("_", " ")}</span> · ISO week '
        f"{escape(project.iso_week)}</p>\n",
        f'<p class="note">{escape(project.reason)}</p>\n',
        _totals(project),
        _side_by_side(project, top),
        _roas(project),
        _below(project),
        _divergences(project),
        _briefs(project),
        _generations(project),
        _skipped(project),
    ]
    return f'<section class="project" aria-labelledby="{heading}">\n{"".join(parts)}</section>\n'


def _window_row(label: str, totals: PaidTotals) -> list[str]:
    last = totals.days[-1].date if totals.days else totals.until.date().isoformat()
    return [
        escape(label),
        f"{totals.since.date()} → {escape(last)}",
        money(totals.spend_cents),
        str(totals.conversions),
        "-" if totals.cpa_cents is None else money(totals.cpa_cents),
        f"{totals.roas:.2f}",
    ]


def _totals(project: WeeklyProjectReport) -> str:
    wow = project.totals
    if wow is None:
        return ""
    rows = [_window_row("last 7 days", wow.current), _window_row("7 days before", wow.previous)]
    head = ["Window", "Days", "#Spend", "#Conversions", "#CPA", "#ROAS"]
    return f"<h3>Paid totals</h3>\n{_table(head, rows)}"


def _name(title: str | None, fallback: str | None) -> str:
    return escape(title or fallback or "untitled")


def _meter(value: float, top: float, kind: str) -> str:
    width = 0.0 if top <= 0 else max(2.0, 100.0 * value / top)
    return f'<span class="meter {kind}" aria-hidden="true"><span style="width:{width:.0f}%"></span></span>'


def _organic_item(row: RankedRow, paid: dict[str, PaidCreative], top: float) -> str:
    creative = next((paid[i] for i in (row.platform_post_id, row.source_id) if i and i in paid), None)
    if creative is None:
        note = _tags(["not promoted"])
    elif creative.conversions_rank is not None:
        note = f'<span class="tag counts">#{creative.conversions_rank} on conversions</span>'
    else:
        note = f'<span class="tag diverges">{creative.conversions} conversion(s): under the floor</span>'
    views = row.views or 0
    name = _name(row.title, row.platform_post_id or row.source_id)
    return f"<li>{name} — {views:,} views {note}{_meter(views, top, 'organic')}</li>"


def _paid_item(creative: PaidCreative, most: float, top: int) -> str:
    rank = creative.views_rank
    if rank is None:
        seen = '<span class="tag diverges">no organic rank</span>'
    else:
        seen = f'<span class="tag {"diverges" if rank > top else "counts"}">#{rank} on views</span>'
    figures = f"{creative.conversions} conversions · {money(creative.spend_cents)} · ROAS {creative.roas:.2f}"
    meter = _meter(creative.conversions, most, "paid")
    return f"<li>{_name(creative.title, creative.key)} — {figures} {seen}{meter}</li>"


def _side_by_side(project: WeeklyProjectReport, top: int) -> str:
    if not project.organic_by_views and not project.by_conversions:
        return ""
    paid: dict[str, PaidCreative] = {}
    for creative in (*project.by_conversions, *project.below_floor):
        for ident in (creative.platform_post_id, creative.source_id):
            if ident:
                paid.setdefault(ident, creative)
    top_views = float(max((r.views or 0 for r in project.organic_by_views), default=0))
    top_conv = float(max((c.conversions for c in project.by_conversions), default=0))
    organic = "".join(_organic_item(r, paid, top_views) for r in project.organic_by_views) or "<li>no views</li>"
    converting = "".join(_paid_item(c, top_conv, top) for c in project.by_conversions)
    converting = converting or "<li>none above the floor</li>"
    floor = f'<p class="note">{escape(project.paid_floor.reason)}</p>\n' if project.paid_floor else ""
    return (
        "<h3>Views are not installs: the last 7 days</h3>\n"
        '<div class="pair">\n'
        f"<div><h4>Organic, by views</h4><ol>{organic}</ol></div>\n"
        f"<div><h4>Paid, by conversions</h4><ol>{converting}</ol></div>\n"
        f"</div>\n{floor}"
    )


def _creative_cells(creatives: Sequence[PaidCreative], last: str) -> list[list[str]]:
    return [
        [
            _name(c.title, c.key),
            money(c.spend_cents),
            str(c.conversions),
            f"{c.roas:.2f}",
            "-" if c.organic_score is None else f"{c.organic_score:.1f}",
            escape(_eligibility(c)),
            escape(c.floor_reason or "") if last == "why" else str(c.roas_rank or "-"),
        ]
        for c in creatives
    ]


def _eligibility(creative: PaidCreative) -> str:
    text = {True: "eligible", False: "not eligible", None: "-"}[creative.eligible]
    return text + (f" ({creative.override})" if creative.override else "")


def _roas(project: WeeklyProjectReport) -> str:
    if not project.by_roas:
        return ""
    head = ["Creative", "#Spend", "#Conversions", "#ROAS", "#Score", "Eligibility", "#ROAS rank"]
    return f"<h3>Paid, by ROAS</h3>\n{_table(head, _creative_cells(project.by_roas, 'rank'))}"


def _below(project: WeeklyProjectReport) -> str:
    if not project.below_floor:
        return ""
    head = ["Creative", "#Spend", "#Conversions", "#ROAS", "#Score", "Eligibility", "Why"]
    return f"<h3>Under the paid floor (not ranked)</h3>\n{_table(head, _creative_cells(project.below_floor, 'why'))}"


def _divergences(project: WeeklyProjectReport) -> str:
    if not project.divergences:
        return ""
    cells = [[_tags([d.kind]), _name(d.title, d.key), escape(d.detail)] for d in project.divergences]
    return f"<h3>Divergences</h3>\n{_table(['Kind', 'Creative', 'Figures'], cells)}"


def _briefs(project: WeeklyProjectReport) -> str:
    if not project.briefs:
        return ""
    cells = [
        [
            str(b.rank),
            escape(b.hook),
            escape(b.format),
            escape(b.cta or "-"),
            escape(", ".join(b.target_platforms) or "default"),
            escape(b.evidence),
        ]
        for b in project.briefs
    ]
    head = ["#Rank", "Hook (pinned)", "Format", "CTA", "Platforms", "Evidence"]
    return f"<h3>Next week's briefs</h3>\n{_table(head, cells)}"


def _generations(project: WeeklyProjectReport) -> str:
    if not project.generations:
        return ""
    cells = [
        [
            escape(g.hook),
            f"<code>{escape(g.container_id)}</code>",
            _tags([g.outcome]) + (" (already started this ISO week)" if g.already_started else ""),
            _approval(g.approval_status),
        ]
        for g in project.generations
    ]
    return f"<h3>Generations (held for review)</h3>\n{_table(['Hook', 'Container', 'Job', 'Approval'], cells)}"


def _skipped(project: WeeklyProjectReport) -> str:
    if not project.skipped:
        return ""
    cells = [[escape(s.action), escape(s.reason), escape(s.detail)] for s in project.skipped]
    return f"<h3>Skipped</h3>\n{_table(['Action', 'Reason', 'Why'], cells)}"
