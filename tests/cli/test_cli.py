"""The layers-async console script, run in a subprocess against in-process sandboxes."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import tempfile

import pytest

TIMEOUT = 30


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LAYERS_API_KEY", "LAYERS_BASE_URL")}
    env["COLUMNS"] = "200"
    with tempfile.TemporaryDirectory() as cache:  # each run gets a fresh --sandbox world, never the user's
        env["XDG_CACHE_HOME"] = cache
        return subprocess.run(
            [sys.executable, "-m", "layers_async", *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=env,
            check=False,
        )


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_demo_json_reports_both_projects(backend: str) -> None:
    result = run("demo", "--json", "--backend", backend, "--speed", "100")
    assert ["act", "not_enough_data"] == [p["decision"] for p in json.loads(result.stdout)["projects"]]


def test_demo_json_holds_the_clone_for_approval() -> None:
    data = json.loads(run("demo", "--json", "--speed", "100").stdout)
    assert ["pending"] == [c["approval_status"] for c in data["projects"][0]["clones"]]


def test_demo_prints_the_final_tables_without_a_tty() -> None:
    result = run("demo", "--speed", "100")
    titles = ("Breakouts", "Clones (held for approval", "Saturated sources", "Fresh generations")
    assert (0, [True] * 4) == (result.returncode, [t in result.stdout for t in titles])


def test_top_sandbox_defaults_to_the_demo_project() -> None:
    data = json.loads(run("top", "--sandbox", "--json", "--limit", "3").stdout)
    assert (3, 1) == (len(data["items"]), data["items"][0]["rank"])


def test_clone_sandbox_wait_ends_pending_with_two_outputs() -> None:
    data = json.loads(run("clone", "--sandbox", "--wait", "--variations", "2", "--json").stdout)
    assert ("completed", "pending", 2) == (data["status"], data["approvalStatus"], data["outputs"])


def test_unknown_project_is_one_line_and_exit_1() -> None:
    result = run("top", "--sandbox", "prj_does_not_exist")
    assert (1, 1, "NOT_FOUND") == (
        result.returncode,
        len(result.stderr.strip().splitlines()),
        "NOT_FOUND" if "NOT_FOUND" in result.stderr else result.stderr,
    )


def test_bad_argument_is_one_line_and_exit_2() -> None:
    result = run("top", "--bogus")
    assert (2, 1) == (result.returncode, len(result.stderr.strip().splitlines()))


def test_missing_key_is_one_line_without_traceback() -> None:
    result = run("top", "prj_x")
    assert (1, False) == (result.returncode, "Traceback" in result.stderr)


def test_watch_unknown_job_exits_non_zero() -> None:
    result = run("watch", "--sandbox", "--json", "job_nope")
    assert (1, ["error"]) == (result.returncode, [j["outcome"] for j in json.loads(result.stdout)["jobs"]])


def test_loop_sandbox_json_runs_the_demo_projects() -> None:
    data = json.loads(run("loop", "--sandbox", "--json", "--speed", "100").stdout)
    assert 2 == len(data["projects"])


@pytest.mark.parametrize("command", [("demo",), ("loop", "--sandbox")])
def test_html_writes_the_report_page(command: tuple[str, ...], tmp_path: pathlib.Path) -> None:
    page = tmp_path / "report.html"
    result = run(*command, "--speed", "100", "--html", str(page))
    assert (0, True, True) == (
        result.returncode,
        page.read_text().startswith("<!doctype html>"),
        "<svg" in page.read_text(),
    ), result.stderr
