"""The examples run against FakeLayers on both backends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(name: str, backend: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LAYERS_API_KEY", "LAYERS_BASE_URL")}
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name), "--backend", backend],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_clone_top_performer_holds_the_clone_for_approval(backend: str) -> None:
    result = run("clone_top_performer.py", backend)
    assert (0, True) == (result.returncode, "approval pending" in result.stdout)


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_publish_to_learn_acts_on_the_main_project(backend: str) -> None:
    result = run("publish_to_learn.py", backend)
    assert (0, True) == (result.returncode, ": act — " in result.stdout)


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_weekly_read_briefs_the_converter(backend: str) -> None:
    result = run("weekly_read.py", backend)
    assert (0, True, True) == (
        result.returncode,
        'brief: "One habit, two minutes, every morning. That\'s the whole trick."' in result.stdout,
        "views_not_conversions" in result.stdout,
    )


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_agent_tools_clones_once_and_holds_it_for_review(backend: str) -> None:
    result = run("agent_tools.py", backend)
    assert (result.returncode, "same job True" in result.stdout, "approval pending: cnt_" in result.stdout) == (
        0,
        True,
        True,
    )
