"""Every Python block of README.md runs exactly as written.

How a ```python block is treated (an HTML comment on the line just before the fence can say more):

* A block defining ``def test_...`` is a **test block**: it is copied, verbatim, into a scratch user project
  (a temp dir) and run by pytest in a subprocess under ``-W error``. The setup defaults to anyio's plugin
  (which runs it on asyncio and trio); ``<!-- readme: pytest asyncio-strict -->`` or
  ``<!-- readme: pytest asyncio-auto -->`` runs it under pytest-asyncio in that mode instead.
* Any other block is a **script block**: it must end by calling ``anyio.run``. It is run as a script in a
  subprocess, once per backend (``anyio.run``'s ``backend`` is switched from outside), against the emulator
  served over HTTP on 127.0.0.1 with ``LAYERS_BASE_URL`` and ``LAYERS_API_KEY`` set to the demo world's.
  ``<!-- readme: script asyncio -->`` runs it on asyncio only (for asyncio-only transports).
* ``<!-- readme: fragment NAME NAME ... -->`` marks a **fragment**: it is compiled (top-level ``await`` is
  allowed), its imports must resolve, and every name it reads must be a builtin, bound in the block, or
  one of the NAMEs it declares it borrows from the surrounding text.

So a README block never holds a placeholder that cannot run (``"prj_…"``): take ids from the API
(``client.projects.list()``) or the emulator (``fake_layers.demo()``).
"""

from __future__ import annotations

import ast
import builtins
import importlib
import os
import pathlib
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass

import pytest

from tests._scratch import run_pytest
from tests._served import served_demo

README = (pathlib.Path(__file__).parent.parent / "README.md").read_text()
_BLOCK = re.compile(r"(?:<!--\s*readme:\s*(?P<marker>[^>]*?)\s*-->\s*\n)?```python\n(?P<code>.*?)```", re.S)
_SETUP_INI = {
    "anyio": "[pytest]\n",
    "asyncio-strict": "[pytest]\nasyncio_mode = strict\nasyncio_default_fixture_loop_scope = function\n",
    "asyncio-auto": "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n",
}
# A script's `anyio.run(main)` runs on the backend named in the environment: the block's text is unchanged.
_RUNNER = textwrap.dedent(
    """
    import functools, os, runpy, sys
    import anyio
    anyio.run = functools.partial(anyio.run, backend=os.environ["README_BACKEND"])
    runpy.run_path(sys.argv[1], run_name="__main__")
    """
)


@dataclass(frozen=True)
class Block:
    """One ```python block: its text, the line it starts on, and what kind of block it is."""

    code: str
    line: int
    kind: str  # "test", "script" or "fragment"
    option: str  # the test setup, the script's backends, or the fragment's borrowed names

    @property
    def name(self) -> str:
        return f"README.md:{self.line}"


def _blocks() -> list[Block]:
    out = []
    for match in _BLOCK.finditer(README):
        code, marker = match["code"], (match["marker"] or "").split()
        line = README.count("\n", 0, match.start("code")) + 1
        if marker[:1] == ["fragment"]:
            out.append(Block(code, line, "fragment", " ".join(marker[1:])))
        elif marker[:1] == ["pytest"] or (not marker and re.search(r"^\s*(async )?def test_", code, re.M)):
            out.append(Block(code, line, "test", marker[1] if len(marker) > 1 else "anyio"))
        elif marker[:1] in (["script"], []):
            out.append(Block(code, line, "script", marker[1] if len(marker) > 1 else "asyncio trio"))
        else:
            raise AssertionError(f"README.md:{line}: unknown marker {match['marker']!r}")
    return out


BLOCKS = _blocks()


def _by_kind(kind: str) -> list[Block]:
    return [b for b in BLOCKS if b.kind == kind]


def test_readme_starts_with_the_two_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:15])
    assert ["make demo", "make test"] == re.findall(r"^(make \w+)", first_screen, flags=re.M)


def test_every_kind_of_block_is_present() -> None:
    setups = {b.option for b in _by_kind("test")}
    assert ({"fragment", "script", "test"}, set(_SETUP_INI)) == ({b.kind for b in BLOCKS}, setups)


@pytest.mark.parametrize("setup", sorted(_SETUP_INI))
def test_test_blocks_pass_in_a_user_project(setup: str, tmp_path: pathlib.Path) -> None:
    blocks = [b for b in _by_kind("test") if b.option == setup]
    files = {f"test_readme_{b.line}.py": b.code for b in blocks}
    files["pytest.ini"] = _SETUP_INI[setup]
    args = ["-p", "no:asyncio"] if setup == "anyio" else []
    run = run_pytest(tmp_path, files, args)
    tests = sum(len(re.findall(r"^(?:async )?def test_", b.code, re.M)) for b in blocks)
    backends = 2 if setup == "anyio" else 1  # anyio's plugin runs each test on every installed backend
    assert (0, {"passed": tests * backends}) == (run.returncode, run.counts), run


@pytest.mark.parametrize("block", _by_kind("script"), ids=lambda b: b.name)
@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_script_blocks_run_against_the_served_emulator(block: Block, backend: str, tmp_path: pathlib.Path) -> None:
    if backend not in block.option.split():
        pytest.skip(f"{block.name} is marked for {block.option} only")
    assert re.search(r"^anyio\.run\(", block.code, re.M), f"{block.name}: a script block ends in anyio.run(...)"
    script = tmp_path / "readme_block.py"
    script.write_text(block.code)
    with served_demo() as (base_url, key):
        env = {k: v for k, v in os.environ.items() if not k.startswith("LAYERS_")}
        env.update(LAYERS_BASE_URL=base_url, LAYERS_API_KEY=key, README_BACKEND=backend)
        result = subprocess.run(
            [sys.executable, "-c", _RUNNER, str(script)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )
    assert (0, "") == (result.returncode, result.stderr), result.stdout


@pytest.mark.parametrize("block", _by_kind("fragment"), ids=lambda b: b.name)
def test_fragments_compile_and_use_only_known_names(block: Block) -> None:
    tree = ast.parse(compile(block.code, block.name, "exec", ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT))
    _check_imports(tree, block.name)
    unknown = sorted(_read_names(tree) - _bound_names(tree) - set(dir(builtins)) - set(block.option.split()))
    assert [] == unknown, f"{block.name} reads names it neither binds nor declares in its marker"


def _check_imports(tree: ast.AST, where: str) -> None:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            module = importlib.import_module(node.module)
            missing = [a.name for a in node.names if not hasattr(module, a.name)]
            assert [] == missing, f"{where}: {node.module} has no {missing}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                importlib.import_module(alias.name)


def _read_names(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _bound_names(tree: ast.AST) -> set[str]:
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return bound


def test_the_fragment_check_catches_an_unknown_name() -> None:
    tree = ast.parse("async with Client() as client:\n    print(clinet)\n")
    assert {"Client", "clinet"} == _read_names(tree) - _bound_names(tree) - set(dir(builtins))
