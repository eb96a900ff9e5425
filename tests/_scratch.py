"""Scratch user projects: write files to a temp dir and run pytest on them in a subprocess."""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence

__all__ = ["PytestRun", "run_pytest"]

TIMEOUT = 240


class PytestRun:
    """The outcome of one pytest subprocess: its exit code, output and the counts on its closing line."""

    def __init__(self, returncode: int, output: str) -> None:
        self.returncode = returncode
        self.output = output
        tail = output.strip().splitlines()[-1] if output.strip() else ""
        self.counts = {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", tail)}

    def __repr__(self) -> str:
        return f"PytestRun(returncode={self.returncode}, counts={self.counts})\n{self.output[-4000:]}"


def run_pytest(
    root: pathlib.Path,
    files: Mapping[str, str],
    args: Sequence[str] = (),
    *,
    env: Mapping[str, str] | None = None,
) -> PytestRun:
    """Write ``files`` under ``root`` and run ``python -m pytest -W error -p no:cacheprovider`` there."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    child_env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "LAYERS_"))}
    child_env.update(env or {})
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-W", "error", "-p", "no:cacheprovider", "-q", "-rA", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=child_env,
        check=False,
    )
    return PytestRun(result.returncode, result.stdout + result.stderr)
