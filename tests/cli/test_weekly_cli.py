"""``layers-async weekly`` in a subprocess, against the in-process demo sandbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from layers_async._cli import build_parser

TIMEOUT = 60


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LAYERS_API_KEY", "LAYERS_BASE_URL")}
    env["COLUMNS"] = "200"
    return subprocess.run(
        [sys.executable, "-m", "layers_async", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        check=False,
    )


def _by_decision(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for project in data["projects"]:
        out.setdefault(project["decision"], []).append(project)
    return out


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_weekly_sandbox_json_reads_every_project_of_the_key(backend: str) -> None:
    result = run("weekly", "--sandbox", "--json", "--backend", backend)
    decisions = _by_decision(json.loads(result.stdout))
    assert (0, 1, 2) == (result.returncode, len(decisions["act"]), len(decisions["empty"]))


def test_weekly_json_briefs_pin_the_converters_hook() -> None:
    data = json.loads(run("weekly", "--sandbox", "--json").stdout)
    (paid,) = _by_decision(data)["act"]
    assert (paid["by_conversions"][0]["hook"], "video_remix") == (
        paid["briefs"][0]["hook"],
        paid["briefs"][0]["format"],
    )


def test_weekly_generate_holds_every_generation_for_review() -> None:
    data = json.loads(run("weekly", "--sandbox", "--json", "--generate", "--speed", "200").stdout)
    (paid,) = _by_decision(data)["act"]
    assert [("completed", "pending")] * 3 == [(g["outcome"], g["approval_status"]) for g in paid["generations"]]


def test_weekly_tables_show_money_as_money() -> None:
    result = run("weekly", "--sandbox")
    titles = ("Paid totals", "Creatives by conversions", "Creatives by ROAS", "Divergences", "Next week's briefs")
    assert (0, [True] * 5, True) == (
        result.returncode,
        [t in result.stdout for t in titles],
        "614.20" in result.stdout,  # 61,420 cents of spend this week
    )


def test_weekly_unknown_project_is_one_line_and_exit_1() -> None:
    result = run("weekly", "--sandbox", "prj_does_not_exist")
    assert (1, 1) == (result.returncode, len(result.stderr.strip().splitlines()))


def test_weekly_parser_takes_projects_and_generate() -> None:
    args = build_parser().parse_args(["weekly", "prj_1", "prj_2", "--generate", "--json"])
    assert (["prj_1", "prj_2"], True, True, False) == (args.project_ids, args.generate, args.json, args.sandbox)
