"""Terminal output for the CLI: rich tables, live progress bars, and plain lines when not on a TTY."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from layers_async import ProgressEvent
from layers_async.models import TopPerformers
from layers_async.workflows import DailyReport, ProjectReport

__all__ = ["Renderer"]

_TERMINAL = frozenset({"completed", "failed", "canceled"})


def _short(value: str | None, keep: int = 14) -> str:
    if not value:
        return "-"
    return value if len(value) <= keep + 2 else f"{value[:keep]}…"


def _label(tag: Any, job_id: str) -> str:
    if isinstance(tag, list) and len(tag) == 3:
        return f"{tag[0]:<8} {tag[2]}"
    return job_id


class Renderer:
    """Where the CLI's output goes: a rich console (tables, bars) or JSON on stdout.

    Args:
        json_mode: Print one JSON document and no progress.
    """

    def __init__(self, *, json_mode: bool) -> None:
        self.json_mode = json_mode
        terminal = sys.stdout.isatty()
        self.console = Console(width=None if terminal else 160, highlight=False)
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}
        self._seen: dict[str, tuple[str, str | None]] = {}

    # -- progress --------------------------------------------------------------------------------
    def __enter__(self) -> Renderer:
        if not self.json_mode and self.console.is_terminal:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.percentage:>3.0f}%"),
                TextColumn("{task.fields[stage]}"),
                TimeElapsedColumn(),
                console=self.console,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def on_event(self, event: ProgressEvent) -> None:
        """Show a job's progress: a bar on a terminal, a line per stage change otherwise."""
        if self.json_mode:
            return
        label = _label(event.tag, event.job_id)
        done = event.status in _TERMINAL
        percent = 100.0 if event.status == "completed" else (event.progress or 0.0) * 100
        stage = event.status if done else (event.stage or event.status)
        if self._progress is not None:
            task = self._tasks.get(event.job_id)
            if task is None:
                task = self._tasks[event.job_id] = self._progress.add_task(label, total=100, stage=stage)
            self._progress.update(task, completed=percent, stage=stage)
            return
        if self._seen.get(event.job_id) != (event.status, stage):
            self._seen[event.job_id] = (event.status, stage)
            self.console.print(f"{label}  {stage}  {percent:.0f}%")

    # -- documents -------------------------------------------------------------------------------
    def emit_json(self, data: Any) -> None:
        """Print ``data`` as one JSON document on stdout."""
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def line(self, text: str) -> None:
        """Print one line (not in JSON mode)."""
        if not self.json_mode:
            self.console.print(text)

    def table(self, title: str, columns: list[str], rows: list[list[str]], *, empty: str = "none") -> None:
        """Print a table, or ``title: empty`` when there are no rows."""
        if not rows:
            self.console.print(f"[bold]{title}[/bold]: {empty}")
            return
        table = Table(title=title, title_justify="left", title_style="bold")
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*row)
        self.console.print(table)

    def top(self, project_id: str, ranking: TopPerformers) -> None:
        """The top-performers table."""
        rows = [
            [
                str(r.rank),
                str(r.source_type.value),
                r.platform_post_id or "-",
                r.title or "-",
                f"{r.metric_value:.4g}",
                str(r.organic.views) if r.organic else "-",
            ]
            for r in ranking.items
        ]
        title = f"Top performers of {project_id} by {ranking.metric.value} over {ranking.window.value}"
        self.table(title, ["#", "Source", "Post", "Title", "Value", "Views"], rows, empty="nothing ranked yet")

    def daily(self, report: DailyReport) -> None:
        """The daily loop's tables: decisions, breakouts, clones pending approval, saturation, fresh, skips."""
        projects = report.projects
        self.table(
            "Decisions",
            ["Project", "Decision", "Posts", "Stage", "Ranked by", "Why"],
            [
                [
                    p.project_id,
                    p.decision,
                    str(p.noise_floor.post_count) if p.noise_floor else "-",
                    p.stage.stage if p.stage else "-",
                    p.ranking_metric or "-",
                    p.reason,
                ]
                for p in projects
            ],
        )
        self.table(
            "Breakouts",
            ["Project", "#", "Post", "Title", "Engagement", "× median", "Views"],
            [
                [
                    _short(p.project_id),
                    str(b.rank),
                    b.platform_post_id or "-",
                    b.title or "-",
                    f"{b.engagement_rate:.3f}",
                    f"{b.times_median:.1f}" if b.times_median is not None else "-",
                    str(b.views),
                ]
                for p in projects
                if p.breakouts is not None
                for b in p.breakouts.breakouts
            ],
        )
        self._actions(projects)

    def _actions(self, projects: tuple[ProjectReport, ...]) -> None:
        self.table(
            "Clones (held for approval; never approved or scheduled here)",
            ["Project", "Source", "Container", "Job", "Approval"],
            [
                [
                    _short(p.project_id),
                    c.source_platform_post_id,
                    c.container_id or "-",
                    c.outcome,
                    c.approval_status or "-",
                ]
                for p in projects
                for c in p.clones
            ],
        )
        self.table(
            "Saturated sources (not cloned again)",
            ["Project", "Post", "Title", "Clones", "Metric", "Source", "Best clone"],
            [
                [
                    _short(p.project_id),
                    s.platform_post_id,
                    s.title or "-",
                    str(s.clone_count),
                    s.metric,
                    f"{s.source_value:.4g}" if s.source_value is not None else "-",
                    f"{s.best_clone_value:.4g}" if s.best_clone_value is not None else "-",
                ]
                for p in projects
                for s in p.saturated_sources
            ],
        )
        self.table(
            "Fresh generations (new hook instead of another clone)",
            ["Project", "Replaces", "Hook", "From", "Job", "Approval"],
            [
                [
                    _short(p.project_id),
                    f.replaces_platform_post_id,
                    f.hook,
                    f.hook_origin,
                    f.outcome + (" (already started today)" if f.replayed else ""),
                    f.approval_status or "-",
                ]
                for p in projects
                for f in p.fresh
            ],
        )
        self.table(
            "Skipped",
            ["Project", "Action", "Post", "Why"],
            [
                [_short(p.project_id), s.action, s.platform_post_id or "-", s.detail]
                for p in projects
                for s in p.skipped
            ],
        )
