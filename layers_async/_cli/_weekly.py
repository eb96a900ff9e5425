"""``layers-async weekly``: the weekly read of paid results and next week's briefs, as tables or JSON."""

from __future__ import annotations

import argparse
import pathlib
import sys
from typing import TYPE_CHECKING

from layers_async.workflows import WeeklyProjectReport, WeeklyReport, run_weekly
from layers_async.workflows._weekly_report import PaidCreative, PaidTotals, money

if TYPE_CHECKING:
    from layers_async._cli._render import Renderer

__all__ = ["cmd_weekly", "render_weekly"]


def _cents(value: int | None) -> str:
    return "-" if value is None else money(value)


def _name(creative: PaidCreative, keep: int = 48) -> str:
    text = creative.title or creative.hook or creative.key
    return text if len(text) <= keep else f"{text[: keep - 1]}…"


def _window(label: str, totals: PaidTotals) -> list[str]:
    last = totals.days[-1].date if totals.days else totals.until.date().isoformat()
    return [
        label,
        f"{totals.since.date()} → {last}",
        _cents(totals.spend_cents),
        str(totals.conversions),
        _cents(totals.cpa_cents),
        f"{totals.roas:.2f}",
        str(totals.ad_count),
    ]


def _views(creative: PaidCreative) -> str:
    if creative.views is None:
        return "-"
    return f"{creative.views:,}" + (f" (#{creative.views_rank})" if creative.views_rank else "")


def _score(creative: PaidCreative) -> str:
    score = "-" if creative.organic_score is None else f"{creative.organic_score:.1f}"
    eligible = {True: "eligible", False: "not eligible", None: "-"}[creative.eligible]
    return f"{score} {eligible}" + (f" ({creative.override})" if creative.override else "")


def render_weekly(out: Renderer, report: WeeklyReport) -> None:
    """The weekly read as tables: decisions, totals, both rankings, the floor, divergences, briefs."""
    projects = report.projects
    out.table(
        f"Weekly read ({report.iso_week})",
        ["Project", "Decision", "Why"],
        [[p.project_id, p.decision, p.reason] for p in projects],
    )
    out.table(
        "Paid totals: the last 7 days against the 7 days before",
        ["Project", "Window", "Days", "Spend", "Conversions", "CPA", "ROAS", "Ads"],
        [
            [p.project_id, *_window(label, totals)]
            for p in projects
            if p.totals is not None
            for label, totals in (("last 7 days", p.totals.current), ("7 days before", p.totals.previous))
        ],
    )
    for p in projects:
        if p.paid_floor is not None:
            out.line(f"{p.project_id}: paid noise floor: {p.paid_floor.reason}")
    _rankings(out, projects)
    _briefs(out, projects)


def _rankings(out: Renderer, projects: tuple[WeeklyProjectReport, ...]) -> None:
    out.table(
        "Creatives by conversions (7d, above the paid floor)",
        ["Project", "#", "Creative", "Spend", "Conv.", "CPA", "ROAS", "Views", "Score"],
        [
            [
                p.project_id,
                str(c.conversions_rank),
                _name(c),
                _cents(c.spend_cents),
                str(c.conversions),
                _cents(c.cpa_cents),
                f"{c.roas:.2f}",
                _views(c),
                _score(c),
            ]
            for p in projects
            for c in p.by_conversions
        ],
    )
    out.table(
        "Creatives by ROAS (7d, above the paid floor)",
        ["Project", "#", "Creative", "ROAS", "Spend", "Conv."],
        [
            [p.project_id, str(c.roas_rank), _name(c), f"{c.roas:.2f}", _cents(c.spend_cents), str(c.conversions)]
            for p in projects
            for c in p.by_roas
        ],
    )
    out.table(
        "Below the paid noise floor (not ranked, not briefed)",
        ["Project", "Creative", "Spend", "Conv.", "Views", "Why"],
        [
            [p.project_id, _name(c), _cents(c.spend_cents), str(c.conversions), _views(c), c.floor_reason or "-"]
            for p in projects
            for c in p.below_floor
        ],
    )
    out.table(
        "Divergences (views are not installs)",
        ["Project", "Kind", "Creative", "Figures"],
        [[p.project_id, d.kind, d.title or d.key, d.detail] for p in projects for d in p.divergences],
    )


def _briefs(out: Renderer, projects: tuple[WeeklyProjectReport, ...]) -> None:
    out.table(
        "Next week's briefs (the winner's hook pinned)",
        ["Project", "#", "Hook", "Format", "CTA", "Platforms", "Evidence"],
        [
            [
                p.project_id,
                str(b.rank),
                b.hook,
                b.format,
                b.cta or "-",
                ", ".join(b.target_platforms) or "default",
                b.evidence,
            ]
            for p in projects
            for b in p.briefs
        ],
    )
    generations = [(p.project_id, g) for p in projects for g in p.generations]
    if generations:
        out.table(
            "Generations (held for approval; never approved or scheduled here)",
            ["Project", "Hook", "Container", "Job", "Approval"],
            [
                [
                    project_id,
                    g.hook,
                    g.container_id,
                    g.outcome + (" (already started this ISO week)" if g.already_started else ""),
                    g.approval_status or "-",
                ]
                for project_id, g in generations
            ],
        )
    skipped = [[p.project_id, s.action, s.reason, s.detail] for p in projects for s in p.skipped]
    if skipped:
        out.table("Skipped", ["Project", "Action", "Reason", "Why"], skipped)


def _write_page(where: str, report: WeeklyReport) -> pathlib.Path:
    path = pathlib.Path(where)
    path.write_text(report.to_html(), encoding="utf-8")
    return path


async def cmd_weekly(args: argparse.Namespace, out: Renderer) -> int:
    """``weekly [PROJECT...] [--generate] [--html PATH]``: the weekly read (every active project by default)."""
    from layers_async._cli._commands import _connect

    async with _connect(args, sandbox=args.sandbox) as (client, _):
        ids = args.project_ids or [p.id async for p in client.projects.list(status="active", limit=100)]
        with out:
            report = await run_weekly(client, ids, generate=args.generate, on_event=out.on_event)
    if args.html:
        out.line(f"report page written to {_write_page(args.html, report)}")
    if out.json_mode:
        out.emit_json(report.to_dict())
    else:
        render_weekly(out, report)
    failed = [p for p in report.projects if p.decision == "error"]
    if failed:
        print(f"layers-async: error: project {failed[0].project_id}: {failed[0].error}", file=sys.stderr)
        return 1
    return 0
