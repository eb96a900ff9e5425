"""Publish-to-learn workflows built on the public client: find breakouts, clone them, run the daily loop.

Every helper follows the contract's workflow rules (§19): the noise floor, the stage's metric,
breakouts above twice the median, saturation, and never approving or scheduling on its own.
Thresholds live in `WorkflowConfig`; results are frozen models with ``to_dict()``/``to_json()``.
"""

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

__all__ = [
    "Breakout",
    "BreakoutScan",
    "CloneResult",
    "CloneRun",
    "DailyReport",
    "Decision",
    "FreshGeneration",
    "NoiseFloor",
    "ProjectReport",
    "RankedRow",
    "Saturation",
    "Skip",
    "StageInfo",
    "WorkflowConfig",
    "assess_noise_floor",
    "check_noise_floor",
    "check_saturation",
    "clone_breakouts",
    "detect_stage",
    "find_breakouts",
    "pick_new_hook",
    "run_daily",
]
