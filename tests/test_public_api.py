"""The public surface is pinned: adding or removing a name is a deliberate change."""

from __future__ import annotations

import importlib

import pytest

import layers_async
import layers_async.testing


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


PUBLIC_MODULES = [
    "layers_async",
    "layers_async.agents",
    "layers_async.errors",
    "layers_async.models",
    "layers_async.testing",
    "layers_async.transports",
    "layers_async.workflows",
]


@pytest.mark.parametrize("module", PUBLIC_MODULES)
def test_every_exported_class_names_a_public_module_that_holds_it(module: str) -> None:
    namespace = importlib.import_module(module)
    wrong = []
    for name in namespace.__all__:
        try:
            obj = getattr(namespace, name)
        except ImportError:  # needs an extra that is not installed
            continue
        if not isinstance(obj, type):
            continue
        home = obj.__module__
        if home.startswith("layers_async.testing._fake."):
            continue  # the emulator's classes keep their module: its sandbox state file names them by it
        if (
            any(part.startswith("_") for part in home.split("."))
            or getattr(importlib.import_module(home), obj.__qualname__, None) is not obj
        ):
            wrong.append(f"{name}: {home}")
    assert [] == wrong


def test_reprs_show_the_public_path() -> None:
    tracker = layers_async.Client(
        api_key="lp_test_r", transport=layers_async.testing.MockTransport(print)
    ).jobs.tracker()
    assert repr(tracker).startswith("<layers_async.JobTracker object")


def test_type_hints_of_a_published_class_still_resolve() -> None:
    import typing
    from datetime import datetime

    from layers_async.models import AcceptedJob

    assert datetime | None == typing.get_type_hints(AcceptedJob)["finished_at"]


def test_a_model_whose_module_was_rewritten_still_decodes_and_pickles() -> None:
    import pickle

    from layers_async._converter import structure
    from layers_async.models import Job

    job = structure(
        {"jobId": "job_1", "kind": "content_generate", "status": "queued", "startedAt": "2026-05-01T00:00:00Z"}, Job
    )
    assert ("layers_async.models", job) == (Job.__module__, pickle.loads(pickle.dumps(job)))


def test_no_docstring_cites_a_section_number() -> None:
    import pathlib

    root = pathlib.Path(layers_async.__file__).parent
    cited = [
        f"{p.relative_to(root)}:{i}"
        for p in root.rglob("*.py")
        for i, line in enumerate(p.read_text().splitlines(), 1)
        if "§" in line
    ]
    assert [] == cited
