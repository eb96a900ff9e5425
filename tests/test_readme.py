"""Every Python block of README.md and of every page under docs/ runs exactly as written.

One collection: the blocks of all those Markdown files, each test named ``FILE:LINE``. How a ```python block
is treated (an HTML comment on the line just before the fence can say more; ``<!-- example: ... -->`` is the
same marker as ``<!-- readme: ... -->``, for pages that are not the README):

* A block defining ``def test_...`` is a **test block**: it is copied, verbatim, into a scratch user project
  (a temp dir) and run by pytest in a subprocess under ``-W error``. The setup defaults to anyio's plugin
  (which runs it on asyncio and trio); ``<!-- readme: pytest asyncio-strict -->`` or
  ``<!-- readme: pytest asyncio-auto -->`` runs it under pytest-asyncio in that mode instead.
* Any other block is a **script block**: it must end by calling ``anyio.run``. It is run as a script in a
  subprocess, once per backend (``anyio.run``'s ``backend`` is switched from outside), against the emulator
  served over HTTP on 127.0.0.1 with ``LAYERS_BASE_URL`` and ``LAYERS_API_KEY`` set to the demo world's.
  ``<!-- readme: script asyncio -->`` runs it on asyncio only (for asyncio-only transports); a block marked
  for one backend may end with that backend's own runner instead (``asyncio.run(main())``, ``trio.run(main)``).
* ``<!-- readme: fragment NAME NAME ... -->`` marks a **fragment**: it is compiled (top-level ``await`` is
  allowed), its imports must resolve, and every name it reads must be a builtin, bound in the block, or
  one of the NAMEs it declares it borrows from the surrounding text.

So a block never holds a placeholder that cannot run (``"prj_…"``): take ids from the API
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
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from tests._scratch import run_pytest
from tests._served import served_demo

ROOT = pathlib.Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()
# README.md, then every Markdown page of the documentation site (not its build output).
PAGES = [ROOT / "README.md", *sorted(p for p in (ROOT / "docs").rglob("*.md") if "_build" not in p.parts)]
_BLOCK = re.compile(r"(?:<!--\s*(?:readme|example):\s*(?P<marker>[^>]*?)\s*-->\s*\n)?```python\n(?P<code>.*?)```", re.S)
_RUNS = {"asyncio": r"^(anyio|asyncio)\.run\(", "trio": r"^(anyio|trio)\.run\(", "asyncio trio": r"^anyio\.run\("}
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
    page: str  # the Markdown file, relative to the repository root
    line: int
    kind: str  # "test", "script" or "fragment"
    option: str  # the test setup, the script's backends, or the fragment's borrowed names

    @property
    def name(self) -> str:
        return f"{self.page}:{self.line}"


def _blocks(path: pathlib.Path) -> list[Block]:
    out = []
    text, page = path.read_text(), path.relative_to(ROOT).as_posix()
    for match in _BLOCK.finditer(text):
        code, marker = textwrap.dedent(match["code"]), (match["marker"] or "").split()
        line = text.count("\n", 0, match.start("code")) + 1
        if marker[:1] == ["fragment"]:
            out.append(Block(code, page, line, "fragment", " ".join(marker[1:])))
        elif marker[:1] == ["pytest"] or (not marker and re.search(r"^\s*(async )?def test_", code, re.M)):
            out.append(Block(code, page, line, "test", marker[1] if len(marker) > 1 else "anyio"))
        elif marker[:1] in (["script"], []):
            out.append(Block(code, page, line, "script", " ".join(marker[1:]) or "asyncio trio"))
        else:
            raise AssertionError(f"{page}:{line}: unknown marker {match['marker']!r}")
    return out


BLOCKS = [block for path in PAGES for block in _blocks(path)]


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
    files = {f"test_{re.sub(r'[^a-z0-9]+', '_', b.page.lower())}_{b.line}.py": b.code for b in blocks}
    files["pytest.ini"] = _SETUP_INI[setup]
    args = ["-p", "no:asyncio"] if setup == "anyio" else []
    run = run_pytest(tmp_path, files, args)
    tests = sum(len(re.findall(r"^(?:async )?def test_", b.code, re.M)) for b in blocks)
    backends = 2 if setup == "anyio" else 1  # anyio's plugin runs each test on every installed backend
    assert (0, {"passed": tests * backends}) == (run.returncode, run.counts), run


def _run_script(block: Block, backend: str, workdir: pathlib.Path) -> subprocess.CompletedProcess[str]:
    """Run one script block on ``backend`` against its own freshly served demo world."""
    script = workdir / "example_block.py"
    script.write_text(block.code)
    with served_demo() as (base_url, key):
        env = {k: v for k, v in os.environ.items() if not k.startswith("LAYERS_")}
        env.update(LAYERS_BASE_URL=base_url, LAYERS_API_KEY=key, README_BACKEND=backend)
        return subprocess.run(
            [sys.executable, "-c", _RUNNER, str(script)],
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )


_SCRIPT_TEST = "test_script_blocks_run_against_the_served_emulator"


@pytest.fixture(scope="module")
def script_runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[tuple[str, str], Future[subprocess.CompletedProcess[str]]]]:
    """Every script block's run, started at once on a few threads (in the order the tests will read them).

    A script mostly sleeps (on its client's poll cadence in real time), so running four at a time costs the
    suite a quarter of the wall time; each run still has its own world, process and working directory.
    """
    wanted = []
    for item in request.session.items:
        spec = getattr(item, "callspec", None)
        if item.name.startswith(_SCRIPT_TEST) and spec is not None:
            block, backend = spec.params["block"], spec.params["backend"]
            if backend in block.option.split():
                wanted.append((block, backend))
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="example-script") as pool:
        runs = {
            (block.name, backend): pool.submit(_run_script, block, backend, tmp_path_factory.mktemp("script"))
            for block, backend in wanted
        }
        yield runs
        for run in runs.values():
            run.cancel()


@pytest.mark.timeout(300)  # the wait includes the runs queued before this one
@pytest.mark.parametrize("block", _by_kind("script"), ids=lambda b: b.name)
@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_script_blocks_run_against_the_served_emulator(
    block: Block, backend: str, script_runs: dict[tuple[str, str], Future[subprocess.CompletedProcess[str]]]
) -> None:
    if backend not in block.option.split():
        pytest.skip(f"{block.name} is marked for {block.option} only")
    runner = _RUNS[block.option]
    assert re.search(runner, block.code, re.M), f"{block.name}: a script block ends in anyio.run(...)"
    result = script_runs[block.name, backend].result()
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
