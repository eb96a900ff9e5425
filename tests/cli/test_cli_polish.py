"""The CLI's edges: --version, --allow-http, trio loaded only for --backend trio (a missing one named), Ctrl-C on
both backends, help with examples."""

from __future__ import annotations

import argparse
import os
import pathlib
import signal
import subprocess
import sys
import time

import pytest

from layers_async import __version__
from layers_async._cli import build_parser

TIMEOUT = 60


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LAYERS_API_KEY", "LAYERS_BASE_URL")}
    env.update(extra)
    return env


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "layers_async", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=_env(**env),
        check=False,
    )


def test_version_prints_the_package_version() -> None:
    result = run("--version")
    assert (0, f"layers-async {__version__}") == (result.returncode, result.stdout.strip())


@pytest.mark.parametrize(("flag", "expected"), [((), "--allow-http"), (("--allow-http",), "PROJECT_ID is required")])
def test_allow_http_lets_a_plain_http_base_url_through(flag: tuple[str, ...], expected: str) -> None:
    # No request is sent either way: the URL is refused, or the missing project id stops the command first.
    result = run("top", *flag, LAYERS_API_KEY="lp_test_x", LAYERS_BASE_URL="http://api.example.test")
    assert (1, True) == (result.returncode, expected in result.stderr), result.stderr


def test_a_missing_trio_is_one_line_naming_the_extra() -> None:
    code = (
        "import sys; sys.modules['trio'] = None; from layers_async._cli import main; "
        "sys.exit(main(['demo', '--backend', 'trio']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT, env=_env(), check=False
    )
    assert (1, ["layers-async: error: the trio backend needs trio: pip install 'layers-async[trio]'"]) == (
        result.returncode,
        result.stderr.strip().splitlines(),
    )


@pytest.mark.parametrize(("backend", "loaded"), [("asyncio", False), ("trio", True)])
def test_trio_is_imported_only_for_backend_trio(tmp_path: pathlib.Path, backend: str, loaded: bool) -> None:
    argv = ["top", "--sandbox", "--sandbox-state", str(tmp_path / "sandbox.json"), "--json", "--backend", backend]
    code = (
        "import contextlib, io, sys; from layers_async._cli import main; out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    code = main({argv!r})\n"
        "print(code, 'trio' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT, env=_env(), check=False
    )
    assert f"0 {loaded}" == result.stdout.strip(), result.stderr


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_ctrl_c_is_one_line_and_exit_130(backend: str) -> None:
    # At speed 1 the demo's jobs take 15 s: interrupt it once its first progress line is out.
    proc = subprocess.Popen(
        [sys.executable, "-m", "layers_async", "demo", "--backend", backend, "--speed", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(COLUMNS="200"),
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline(), proc.stdout.readline()]
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (130, ["layers-async: interrupted"]) == (proc.returncode, stderr.strip().splitlines()), lines


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found.extend(_parsers(sub))
    return found


def test_every_command_and_argument_has_help_with_an_example() -> None:
    missing = []
    for parser in _parsers(build_parser()):
        if "examples:" not in (parser.epilog or ""):
            missing.append(parser.prog)
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._VersionAction, argparse._SubParsersAction)):
                continue
            if "e.g." not in (action.help or ""):
                missing.append(f"{parser.prog} {action.dest}")
    assert [] == missing
