"""Typing check for layers_async.workflows (checked by mypy --strict, never run)."""

from __future__ import annotations

from typing import Any

from layers_async import Client
from layers_async.workflows import (
    BreakoutScan,
    CloneRun,
    DailyReport,
    NoiseFloor,
    ProjectReport,
    Saturation,
    WeeklyBrief,
    WeeklyProjectReport,
    WeeklyReport,
    WorkflowConfig,
    check_noise_floor,
    check_saturation,
    clone_breakouts,
    find_breakouts,
    run_daily,
    run_weekly,
)


async def check(client: Client) -> None:
    config = WorkflowConfig(max_clones=5, window="7d")
    floor: NoiseFloor = await check_noise_floor(client, "prj_1", config=config)
    trusted: bool = floor.trusted
    scan: BreakoutScan = await find_breakouts(client, "prj_1", config=config)
    run: CloneRun = await clone_breakouts(client, "prj_1", scan, config=config, on_event=print)
    saturation: Saturation = await check_saturation(client, "prj_1", "pp_1")
    report: DailyReport = await run_daily(client, ["prj_1", "prj_2"], config=config)
    project: ProjectReport = report.projects[0]
    started: int = project.clones_started
    data: dict[str, Any] = report.to_dict()
    text: str = project.to_json(indent=2)
    del trusted, run, saturation, started, data, text


async def check_weekly(client: Client) -> None:
    config = WorkflowConfig(min_paid_spend_cents=5_000, min_paid_conversions=5, weekly_briefs=2)
    weekly: WeeklyReport = await run_weekly(client, ("prj_1",), config=config, generate=True, on_event=print)
    project: WeeklyProjectReport = weekly.projects[0]
    spend: int | None = None if project.totals is None else project.totals.current.spend_cents
    cpa: int | None = project.by_conversions[0].cpa_cents
    brief: WeeklyBrief = project.briefs[0]
    hook: str = brief.hook
    week: str = weekly.iso_week
    data: dict[str, Any] = weekly.to_dict()
    del spend, cpa, hook, week, data
