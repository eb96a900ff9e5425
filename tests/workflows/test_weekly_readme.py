"""The weekly example of the workflows guide runs verbatim (it uses the emulator itself)."""

from __future__ import annotations

import contextlib
import io
import pathlib
import re
from typing import Any

README = (pathlib.Path(__file__).parent.parent.parent / "docs" / "workflows.md").read_text()
WEEKLY = next(b for b in re.findall(r"```python\n(.*?)```", README, flags=re.S) if "run_weekly(" in b)


def test_readme_weekly_example_runs_verbatim_and_briefs_the_converter() -> None:
    out = io.StringIO()
    namespace: dict[str, Any] = {"__name__": "__main__"}
    with contextlib.redirect_stdout(out):
        exec(compile(WEEKLY, "README.md", "exec"), namespace)
    printed = out.getvalue()
    assert (True, 3, True) == (
        "brief: One habit, two minutes, every morning." in printed,
        printed.count("held for review:"),
        " empty no ads data" in printed,
    )
