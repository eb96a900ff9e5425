"""The README's examples run (against the emulator), so the first screen never lies."""

from __future__ import annotations

import pathlib
import re
from typing import Any

import anyio
import pytest

from layers_async.testing import FakeLayers

README = (pathlib.Path(__file__).parent.parent / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_readme_starts_with_the_two_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:15])
    assert ["make demo", "make test"] == re.findall(r"^(make \w+)", first_screen, flags=re.M)


@pytest.mark.anyio
async def test_quickstart_runs_against_the_emulator(monkeypatch: pytest.MonkeyPatch, anyio_backend: str) -> None:
    import layers_async

    fake = FakeLayers(seed=5)
    world = fake.demo()
    code = BLOCKS[0].replace("prj_…", world.project_id).replace("anyio.run(main)", "")
    real_client = layers_async.Client

    def client(**kwargs: Any) -> layers_async.Client:
        return fake.client(**kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(layers_async, "Client", client)
    namespace: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    await namespace["main"]()
    monkeypatch.setattr(layers_async, "Client", real_client)
    assert 1 == fake.job_count(world.project_id) - 5  # one clone beside the demo's five


def test_emulator_example_runs() -> None:
    code = next(b for b in BLOCKS if "def test_clone_is_held_for_review" in b)
    namespace: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    for backend in ("asyncio", "trio"):
        anyio.run(namespace["test_clone_is_held_for_review"], backend=backend)
