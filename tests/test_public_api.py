"""The public surface is pinned: adding or removing a name is a deliberate change."""

from __future__ import annotations

import importlib

import pytest

import layers_async


def test_all_is_sorted_and_importable() -> None:
    names = list(layers_async.__all__)
    assert sorted(names) == names
    for name in names:
        assert hasattr(layers_async, name), name


def test_core_names_are_exported() -> None:
    expected = {
        "Client",
        "HttpxTransport",
        "Request",
        "Response",
        "RetryPolicy",
        "Transport",
        "LayersError",
        "InvalidRequestError",
    }
    assert expected <= set(layers_async.__all__)


@pytest.mark.parametrize(
    "module", ["layers_async", "layers_async.errors", "layers_async.models", "layers_async.testing"]
)
def test_public_module_all_is_sorted(module: str) -> None:
    names = [n for n in importlib.import_module(module).__all__ if not n.startswith("_")]
    assert sorted(names) == names


def test_only_the_httpx_transport_imports_httpx() -> None:
    import ast
    import pathlib

    def imported(path: pathlib.Path) -> set[str]:
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        return names

    root = pathlib.Path(layers_async.__file__).parent
    importers = {
        library: sorted(str(p.relative_to(root)) for p in root.rglob("*.py") if library in imported(p))
        for library in ("httpx", "httpx2", "aiohttp")
    }
    expected = {
        "httpx": ["transports/_httpx.py"],
        "httpx2": ["transports/_httpx2.py"],
        "aiohttp": ["transports/_aiohttp.py"],
    }
    actual = {library: [p for p in paths if not p.startswith("testing")] for library, paths in importers.items()}
    assert expected == actual
