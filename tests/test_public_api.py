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
    import pathlib

    root = pathlib.Path(layers_async.__file__).parent
    importers = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "import httpx" in p.read_text() or "from httpx" in p.read_text()
    )
    assert [p for p in importers if not p.startswith("testing")] == ["_httpx.py"]
