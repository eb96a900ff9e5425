"""``--sandbox`` keeps one world in a state file: ids printed by one command work in the next."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

TIMEOUT = 60


def run(state: pathlib.Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LAYERS_API_KEY", "LAYERS_BASE_URL")}
    env["COLUMNS"] = "200"
    command = [sys.executable, "-m", "layers_async", *args]
    if args[0] != "sandbox":
        command += ["--sandbox", "--sandbox-state", str(state), "--speed", "100"]
    else:
        command += ["--sandbox-state", str(state)]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=env, check=False)


def test_top_then_clone_then_watch_then_loop_share_one_world(tmp_path: pathlib.Path) -> None:
    state = tmp_path / "sandbox.json"
    top = json.loads(run(state, "top", "--json", "--limit", "1").stdout)
    post_id = top["items"][0]["platformPostId"]
    clone = json.loads(run(state, "clone", post_id, "--wait", "--json").stdout)
    watched = json.loads(run(state, "watch", clone["jobId"], "--json").stdout)
    loop = json.loads(run(state, "loop", "--json").stdout)
    in_flight = [s["platform_post_id"] for s in loop["projects"][0]["skipped"] if s["reason"] == "clone_in_flight"]
    assert (
        ("completed", "pending"),
        [("completed", clone["containerId"])],
        [post_id],
    ) == (
        (clone["status"], clone["approvalStatus"]),
        [(j["outcome"], j["containerId"]) for j in watched["jobs"]],
        in_flight,
    )


def test_a_job_started_by_one_command_moves_on_before_the_next(tmp_path: pathlib.Path) -> None:
    state = tmp_path / "sandbox.json"
    started = json.loads(run(state, "clone", "--json").stdout)
    watched = json.loads(run(state, "watch", started["jobId"], "--json").stdout)
    assert ("running", ["completed"]) == (started["status"], [j["outcome"] for j in watched["jobs"]])


def test_a_corrupt_state_file_is_a_one_line_error(tmp_path: pathlib.Path) -> None:
    state = tmp_path / "sandbox.json"
    state.write_text('{"format": "layers-async-sandbox/1", "world": ')
    result = run(state, "top")
    assert (1, 1, True, False) == (
        result.returncode,
        len(result.stderr.strip().splitlines()),
        "sandbox reset" in result.stderr and str(state) in result.stderr,
        "Traceback" in result.stderr,
    ), result.stderr


def test_sandbox_reset_starts_a_new_world(tmp_path: pathlib.Path) -> None:
    state = tmp_path / "sandbox.json"
    job = json.loads(run(state, "clone", "--json").stdout)["jobId"]
    reset = run(state, "sandbox", "reset")
    after = run(state, "watch", job, "--json")
    assert (0, "removed", ["error"]) == (
        reset.returncode,
        "removed" if "removed" in reset.stdout else reset.stdout,
        [j["outcome"] for j in json.loads(after.stdout)["jobs"]],
    )


def test_the_state_file_defaults_to_the_user_cache_dir(tmp_path: pathlib.Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LAYERS_API_KEY", "LAYERS_BASE_URL")}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "layers_async", "top", "--sandbox", "--json"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        check=False,
    )
    assert (0, True) == (result.returncode, (tmp_path / "layers-async" / "sandbox.json").is_file())
