"""Publish-to-learn workflows built on the public client: the daily loop, breakouts, clones, the weekly read.

Every helper follows the vendor's workflow rules: the noise floor, the stage's metric,
breakouts above twice the median, saturation, and never approving or scheduling on its own.
Thresholds live in `WorkflowConfig`; results are frozen models with ``to_dict()``/``to_json()``.
"""

from layers_async._public import publish as _publish
from layers_async.workflows._clone import clone_breakouts
from layers_async.workflows._config import WorkflowConfig
from layers_async.workflows._daily import run_daily
from layers_async.workflows._report import (
    Breakout,
    BreakoutScan,
    CloneResult,
    CloneRun,
    DailyReport,
    Decision,
    FreshGeneration,
    NoiseFloor,
    ProjectReport,
    RankedRow,
    Saturation,
    Skip,
    StageInfo,
)
from layers_async.workflows._saturation import check_saturation, pick_new_hook
from layers_async.workflows._signals import (
    assess_noise_floor,
    check_noise_floor,
    detect_stage,
    find_breakouts,
)
from layers_async.workflows._weekly import run_weekly
from layers_async.workflows._weekly_report import (
    Divergence,
    PaidCreative,
    PaidDay,
    PaidFloor,
    PaidPlatform,
    PaidTotals,
    PaidWeekOverWeek,
    WeeklyBrief,
    WeeklyGeneration,
    WeeklyProjectReport,
    WeeklyReport,
)

__all__ = [
    "Breakout",
    "BreakoutScan",
    "CloneResult",
    "CloneRun",
    "DailyReport",
    "Decision",
    "Divergence",
    "FreshGeneration",
    "NoiseFloor",
    "PaidCreative",
    "PaidDay",
    "PaidFloor",
    "PaidPlatform",
    "PaidTotals",
    "PaidWeekOverWeek",
    "ProjectReport",
    "RankedRow",
    "Saturation",
    "Skip",
    "StageInfo",
    "WeeklyBrief",
    "WeeklyGeneration",
    "WeeklyProjectReport",
    "WeeklyReport",
    "WorkflowConfig",
    "assess_noise_floor",
    "check_noise_floor",
    "check_saturation",
    "clone_breakouts",
    "detect_stage",
    "find_breakouts",
    "pick_new_hook",
    "run_daily",
    "run_weekly",
]

# Reprs and tracebacks name the public module (attrs annotations resolved first).
_publish(__name__, *(globals()[name] for name in __all__ if name in globals()))
