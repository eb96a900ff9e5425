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


def test_the_fleet_example_runs_the_demo_day_on_two_workers(redis_server: str, tmp_path: Path) -> None:
    pytest.importorskip("streaq", reason="streaq needs Python >= 3.11")  # in the dev extra from 3.11 on
    from tests._served import served_demo

    script = str(EXAMPLES / "fleet.py")
    with served_demo(speed=100) as (base_url, key):
        env = os.environ | {"LAYERS_API_KEY": key, "LAYERS_BASE_URL": base_url, "LAYERS_TIER": "partner"}
        env |= {"REDIS_URL": redis_server}
        workers = []
        try:
            for backend in ("asyncio", "trio"):
                log = open(tmp_path / f"{backend}.log", "wb")  # noqa: SIM115 - closed once handed over
                workers.append(
                    subprocess.Popen(
                        [sys.executable, script, "worker", "--backend", backend], env=env, stdout=log, stderr=log
                    )
                )
                log.close()
            command = [sys.executable, script]
            queued = subprocess.run(
                [*command, "enqueue"], env=env, capture_output=True, text=True, timeout=60, check=False
            )
            again = subprocess.run(
                [*command, "enqueue"], env=env, capture_output=True, text=True, timeout=60, check=False
            )
            count = queued.stdout.split()[0] if queued.returncode == 0 else "0"
            shown = subprocess.run(
                [*command, "reports", "--wait", "60", "--expect", count],
                env=env,
                capture_output=True,
                text=True,
                timeout=90,
                check=False,
            )
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                try:
                    worker.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()
    logs = "".join((tmp_path / f"{b}.log").read_text()[-2000:] for b in ("asyncio", "trio"))
    assert (0, 0, 0) == (queued.returncode, again.returncode, shown.returncode), (queued, again, shown, logs)
    assert int(count) >= 2 and "0 project(s) queued" not in queued.stdout
    assert int(count) == len(shown.stdout.splitlines()), shown.stdout
    assert ": act — clones ['cnt_" in shown.stdout, shown.stdout
