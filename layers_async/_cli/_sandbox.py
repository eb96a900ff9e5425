"""The CLI's ``--sandbox``: one emulator world kept in a state file, so ids carry from one command to the next.

The world lives in ``<user cache dir>/layers-async/sandbox.json`` (or ``--sandbox-state PATH``). Each
command loads it (or builds the "acme-todo" demo world when there is none), runs, and saves it back
atomically, even when the command fails or is interrupted. Between two commands the sandbox clock moves on
by the real time elapsed times the speed factor, so a job started by one command has progressed by the next.
Two commands running at the same time on one state file: the last to finish wins.
"""

from __future__ import annotations

import os
import pathlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from layers_async.testing import DemoHandles, FakeLayers

__all__ = ["default_state_path", "reset", "sandbox_world"]


def _cache_dir() -> pathlib.Path:
    """The user's cache directory (XDG on Linux, ``~/Library/Caches`` on macOS, ``%LOCALAPPDATA%`` on Windows)."""
    if sys.platform == "win32":
        return pathlib.Path(os.environ.get("LOCALAPPDATA") or pathlib.Path.home() / "AppData" / "Local")
    if sys.platform == "darwin":
        return pathlib.Path.home() / "Library" / "Caches"
    return pathlib.Path(os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache")


def default_state_path() -> pathlib.Path:
    """Where the sandbox's world is kept unless ``--sandbox-state`` says otherwise."""
    return _cache_dir() / "layers-async" / "sandbox.json"


@contextmanager
def sandbox_world(path: pathlib.Path, *, speed: float) -> Iterator[tuple[FakeLayers, DemoHandles]]:
    """The sandbox world in ``path`` (a new demo world when the file does not exist), saved back on exit.

    Raises:
        StateFileError: The file exists but is not a readable sandbox state (one line, naming the file).
    """
    from layers_async.testing import FakeLayers, RealClock
    from layers_async.testing._fake._demo import DemoHandles
    from layers_async.testing._fake._persist import StateFileError, load_world, save_world

    if path.exists():
        try:
            fake, extra = load_world(path, speed=speed)
        except StateFileError as exc:
            raise StateFileError(
                f"the sandbox state file {path} is unreadable ({exc}); start afresh with: layers-async sandbox reset"
            ) from None
        handles = extra.get("demo")
        if not isinstance(handles, DemoHandles):
            raise StateFileError(f"the sandbox state file {path} has no demo world; run: layers-async sandbox reset")
    else:
        fake = FakeLayers(seed=0, clock=RealClock(speed=speed))
        handles = fake.demo()
    try:
        yield fake, handles
    finally:
        save_world(fake, path, extra={"demo": handles})


def reset(path: pathlib.Path) -> bool:
    """Forget the sandbox world in ``path``; ``True`` if there was one."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
