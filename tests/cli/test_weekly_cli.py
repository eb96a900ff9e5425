"""``layers-async weekly`` in a subprocess, against the in-process demo sandbox."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import tempfile
from typing import Any

import pytest

from layers_async._cli import build_parser

TIMEOUT = 60


def run(*args: str, state: pathlib.Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI; each call gets a fresh sandbox world unless ``state`` names one to keep."""
    env = {k: v for k, v in os.environ.items() if k not in ("LAYERS_API_KEY", "LAYERS_BASE_URL")}
    env["COLUMNS"] = "200"
    with tempfile.TemporaryDirectory() as cache:
        env["XDG_CACHE_HOME"] = cache
        extra = ("--sandbox-state", str(state)) if state is not None else ()
        return subprocess.run(
            [sys.executable, "-m", "layers_async", *args, *extra],
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


def test_weekly_generate_twice_on_one_sandbox_starts_each_generation_once(tmp_path: pathlib.Path) -> None:
    state = tmp_path / "sandbox.json"
    first = json.loads(run("weekly", "--sandbox", "--json", "--generate", "--speed", "200", state=state).stdout)
    second = json.loads(run("weekly", "--sandbox", "--json", "--generate", "--speed", "200", state=state).stdout)
    (made,), (again,) = _by_decision(first)["act"], _by_decision(second)["act"]
    assert ([False] * 3, [True] * 3, [g["container_id"] for g in made["generations"]]) == (
        [g["already_started"] for g in made["generations"]],
        [g["already_started"] for g in again["generations"]],
        [g["container_id"] for g in again["generations"]],
    )


def test_weekly_tables_show_money_as_money() -> None:
    result = run("weekly", "--sandbox")
    titles = ("Paid totals", "Creatives by conversions", "Creatives by ROAS", "Divergences", "Next week's briefs")
    assert (0, [True] * 5, True) == (
        result.returncode,
        [t in result.stdout for t in titles],
        "614.20" in result.stdout,  # 61,420 cents of spend this week
    )


def test_weekly_html_page_puts_the_paid_ranking_beside_the_organic_one(tmp_path: pathlib.Path) -> None:
    page = tmp_path / "week.html"
    result = run("weekly", "--sandbox", "--html", str(page))
    text = page.read_text(encoding="utf-8")
    assert (0, True, True) == (result.returncode, "Organic, by views" in text, "Paid, by conversions" in text)


def test_weekly_unknown_project_is_one_line_and_exit_1() -> None:
    result = run("weekly", "--sandbox", "prj_does_not_exist")
    assert (1, 1) == (result.returncode, len(result.stderr.strip().splitlines()))


def test_weekly_parser_takes_projects_and_generate() -> None:
    args = build_parser().parse_args(["weekly", "prj_1", "prj_2", "--generate", "--json"])
    assert (["prj_1", "prj_2"], True, True, False) == (args.project_ids, args.generate, args.json, args.sandbox)
