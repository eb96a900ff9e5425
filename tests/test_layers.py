"""The package's layers read top to bottom: no runtime import runs upward or into the emulator core.

wire/transport → pipeline → resources → tracker → workflows → CLI, with ``layers_async.testing`` beside
them. A module may import its own layer or a lower one at any time. A function-level import that runs
upward is allowed only when it is listed in ``_LAZY_UPWARD`` (a namespace built on first use). Imports
under ``if TYPE_CHECKING:`` are not run and are not checked. The emulator core
(``layers_async.testing._fake``) and the SDK never import each other: only ``layers_async.testing`` and
the CLI's commands start the emulator, and the core reaches out only to its transport adapter, on use.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

import layers_async

ROOT = pathlib.Path(layers_async.__file__).parent

# Lower number = lower layer; a package's entry covers its submodules.
_LAYERS: list[tuple[str, int]] = [
    # wire: pure helpers and types, no I/O
    ("layers_async._version", 0),
    ("layers_async.errors", 0),
    ("layers_async._enums", 0),
    ("layers_async._fastgen", 0),
    ("layers_async._wire_in", 0),
    ("layers_async._compiled", 0),
    ("layers_async._converter", 0),
    ("layers_async._pagination", 0),
    ("layers_async.models", 0),
    ("layers_async._transport", 0),
    ("layers_async._response_info", 0),
    ("layers_async._clock", 0),
    ("layers_async._sansio", 0),
    ("layers_async._checks", 0),
    ("layers_async._client_options", 0),
    ("layers_async._retry", 0),
    ("layers_async._polling", 0),
    ("layers_async._json", 0),
    ("layers_async._public", 0),
    ("layers_async._logs", 0),
    # transport: I/O, one library each; job stores (the tracker's durable memory)
    ("layers_async.transports", 1),
    ("layers_async._store", 1),
    ("layers_async._store_sqlite", 1),
    ("layers_async._store_thread", 1),
    # pipeline: auth, idempotency, rate limits, retries, decode
    ("layers_async._call", 2),
    ("layers_async._ratelimit", 2),
    ("layers_async._limiter", 2),
    ("layers_async._otel", 2),
    ("layers_async._options", 2),
    ("layers_async._attempts", 2),
    ("layers_async._client", 2),
    # resources: one module per API area
    ("layers_async._resources", 3),
    # tracker
    ("layers_async._tracker", 4),
    ("layers_async._tracker_clones", 4),
    ("layers_async._tracker_state", 4),
    ("layers_async._tracker_errors", 4),
    ("layers_async._tracker_snapshot", 4),
    ("layers_async._tracker_batch", 4),
    ("layers_async._tracker_schedule", 4),
    ("layers_async._tracker_poll", 4),
    ("layers_async._tracker_results", 4),
    # workflows, and the agent tools built on them
    ("layers_async.workflows", 5),
    ("layers_async.agents", 5),
    ("layers_async._tracker_store", 4),
    # workflows
    ("layers_async.workflows", 5),
    # adapters to existing engines (Redis, ...), each behind an extra
    ("layers_async.contrib", 5),
    # CLI
    ("layers_async._cli", 6),
    ("layers_async.__main__", 6),
]
_FACADE = "layers_async"  # the package itself re-exports everything: only the CLI may import it at run time
_TESTING = "layers_async.testing"
_EMULATOR = "layers_async.testing._fake"
_TOP = 6

# Upward imports made inside a function, on first use (importer prefix, imported prefix).
_LAZY_UPWARD = {
    ("layers_async._client", "layers_async._resources"),  # Client.content, Client.jobs, ...
    ("layers_async._resources._jobs", "layers_async._tracker"),  # Jobs.tracker()
    ("layers_async._resources._content", "layers_async._tracker_batch"),  # Content.clone_and_track()
}
# The one module the emulator core reaches for, on first use, to hand out a transport or a client.
_EMULATOR_ADAPTERS = {"layers_async.testing._fake_transport"}


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _all_modules() -> dict[str, pathlib.Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


MODULES = _all_modules()


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _layer(name: str) -> int | None:
    for prefix, level in _LAYERS:
        if _within(name, prefix):
            return level
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(importer: str, node: ast.ImportFrom | ast.Import, is_package: bool) -> list[str]:
    """The layers_async modules an import statement loads (``from pkg import sub`` names ``pkg.sub``)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "layers_async"]
    if node.level:
        base = importer.split(".")
        base = base[: len(base) - node.level + (1 if is_package else 0)]
        module = ".".join([*base, node.module] if node.module else base)
    else:
        module = node.module or ""
    if module.split(".")[0] != "layers_async":
        return []
    names = [f"{module}.{a.name}" for a in node.names]
    subs = [n for n in names if n in MODULES]
    return subs or [module]


def _imports(name: str, source: str, *, is_package: bool = False) -> list[tuple[str, bool]]:
    """(imported module, made inside a function) for every import that runs."""
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child, in_function)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.extend((target, in_function) for target in _resolve(name, node, is_package))
            return
        inner = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(ast.parse(source), False)
    return found


def _violation(importer: str, target: str, lazy: bool) -> str | None:
    if _within(target, _EMULATOR) and not _within(importer, _EMULATOR):
        if _within(importer, _TESTING) or _layer(importer) == _TOP:
            return None  # testing's public face and the CLI's commands start the emulator
        return "imports the emulator core"
    if _within(importer, _EMULATOR):
        if _within(target, _EMULATOR) or (lazy and target in _EMULATOR_ADAPTERS):
            return None
        return "the emulator core imports the SDK"
    if _within(importer, _TESTING):
        return None  # testing helpers sit beside the SDK and may use any of it
    if _within(target, _TESTING):
        return None if _layer(importer) == _TOP else "imports layers_async.testing"
    low, high = _layer(importer), _layer(target)
    if target == _FACADE:
        return None if low == _TOP or importer == _FACADE else "imports the package facade at run time"
    if importer == _FACADE or high is None:
        return None
    if low is None:
        return "module missing from the layer table"
    if high <= low:
        return None
    if lazy and any(_within(importer, a) and _within(target, b) for a, b in _LAZY_UPWARD):
        return None
    return f"imports upward (layer {low} -> {high})"


def test_every_module_has_a_layer() -> None:
    unplaced = [name for name in MODULES if name != _FACADE and not _within(name, _TESTING) and _layer(name) is None]
    assert [] == unplaced


def test_no_runtime_import_runs_upward_or_into_the_emulator() -> None:
    problems = [
        f"{importer} -> {target}: {why}"
        for importer, path in MODULES.items()
        for target, lazy in _imports(importer, path.read_text(), is_package=path.name == "__init__.py")
        if (why := _violation(importer, target, lazy)) is not None
    ]
    assert [] == problems


@pytest.mark.parametrize(
    ("importer", "target", "lazy", "expected"),
    [
        ("layers_async._resources._content", "layers_async._tracker", False, "imports upward (layer 3 -> 4)"),
        ("layers_async._resources._content", "layers_async._tracker_batch", True, None),
        ("layers_async._polling", "layers_async._client", True, "imports upward (layer 0 -> 2)"),
        ("layers_async._checks", "layers_async._resources._base", False, "imports upward (layer 0 -> 3)"),
        ("layers_async._client", "layers_async.testing", True, "imports layers_async.testing"),
        ("layers_async.testing._fake._store", "layers_async.models._jobs", False, "the emulator core imports the SDK"),
        ("layers_async.testing._fake._store", "layers_async._converter", True, "the emulator core imports the SDK"),
        ("layers_async.testing._fake._fake", "layers_async.testing._fake_transport", True, None),
        (
            "layers_async.testing._fake._fake",
            "layers_async.testing._fake_transport",
            False,
            "the emulator core imports the SDK",
        ),
        ("layers_async._tracker", "layers_async.testing._fake._fake", True, "imports the emulator core"),
        ("layers_async.workflows._daily", "layers_async", False, "imports the package facade at run time"),
        ("layers_async._cli._commands", "layers_async.testing", True, None),
        ("layers_async._tracker", "layers_async._checks", False, None),
    ],
)
def test_the_rule_catches_what_it_should(importer: str, target: str, lazy: bool, expected: str | None) -> None:
    assert expected == _violation(importer, target, lazy)


def test_imports_are_found_where_they_run() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "import layers_async.errors\n"
        "from . import _sansio\n"
        "if TYPE_CHECKING:\n"
        "    from layers_async._client import Client\n"
        "def f():\n"
        "    from layers_async._tracker import JobTracker\n"
    )
    expected = [("layers_async.errors", False), ("layers_async._sansio", False), ("layers_async._tracker", True)]
    assert expected == _imports("layers_async._checks", source)
