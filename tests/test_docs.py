"""The documentation site built by ``make docs`` (``docs/_build/html``) describes every public name.

``make test`` builds the site before it runs pytest; run alone, these tests skip (with the reason) when the site
is missing, except under ``CI=true`` where a missing site is a failure.
"""

from __future__ import annotations

import functools
import http.server
import importlib
import os
import pkgutil
import re
import tempfile
import threading
import types
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import layers_async
from tests._browser import browser_page

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
README = ROOT / "README.md"
SITE = DOCS / "_build" / "html"
ARTIFACTS = Path(tempfile.gettempdir()) / "layers-async-artifacts" / "docs"


def _site() -> Path:
    if not (SITE / "objects.inv").exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SITE} was not built: `make docs` runs before pytest in `make test`")
        pytest.skip(f"{SITE} not built: run `make docs` first")
    return SITE


def read_inventory(path: Path) -> dict[str, str]:
    """``{name: role}`` from a Sphinx ``objects.inv`` (four header lines, then a zlib-compressed body)."""
    header_end = 0
    for _ in range(4):
        header_end = path.read_bytes().index(b"\n", header_end) + 1
    body = zlib.decompress(path.read_bytes()[header_end:]).decode()
    out = {}
    for line in body.splitlines():
        name, role, _rest = line.split(" ", 2)
        out[name] = role
    return out


def public_names() -> set[str]:
    """Every name a user may import: ``layers_async.__all__`` and the ``__all__`` of each public module.

    A public module is one whose dotted path has no segment with a leading underscore
    (``layers_async.errors``, ``layers_async.contrib.redis``), found by walking the package.
    """
    modules = [layers_async] + [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(layers_async.__path__, prefix="layers_async.")
        if not any(part.startswith("_") for part in info.name.split(".")[1:])
    ]
    names = {module.__name__ for module in modules}
    for module in modules:
        for name in getattr(module, "__all__", ()):
            if not isinstance(getattr(module, name), types.ModuleType):  # a module is named by its own entry
                names.add(f"{module.__name__}.{name}")
    return names


def test_every_public_name_is_in_the_reference() -> None:
    described = read_inventory(_site() / "objects.inv")
    assert [] == sorted(public_names() - set(described)), "missing from the API reference: run `make docs`"


def test_the_public_names_include_every_subpackage() -> None:
    names = public_names()
    expected = {"layers_async.errors", "layers_async.models", "layers_async.testing", "layers_async.workflows"}
    expected |= {"layers_async.agents", "layers_async.contrib.redis"}
    assert expected <= names
    assert {"layers_async.Client", "layers_async.errors.RateLimitedError", "layers_async.testing.FakeLayers"} <= names


def test_the_client_namespaces_are_described_with_their_methods() -> None:
    described = read_inventory(_site() / "objects.inv")
    methods = {name.rsplit(".", 1)[1] for name, role in described.items() if role == "py:method"}
    assert {"clone_from_post", "top_performers", "wait", "tracker", "whoami"} <= methods


def test_members_from_private_bases_are_described_on_the_public_class() -> None:
    site = _site()
    described = read_inventory(site / "objects.inv")
    wanted = {f"layers_async.testing.FakeLayers.{m}" for m in ("create_org", "add_post", "job_count", "request_log")}
    page = (site / "reference" / "api" / "layers_async.testing.html").read_text(encoding="utf-8")
    assert (set(), False) == (wanted - set(described), "Mixin" in page)


@contextmanager
def _served(root: Path) -> Iterator[str]:
    """Serve ``root`` over HTTP on 127.0.0.1 (as a user's docs host would) from a thread; yield the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_a_guide_renders_in_chromium_without_console_errors() -> None:
    site = _site()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with _served(site) as base, browser_page() as browser:
        browser.load(f"{base}/quickstart.html", width=1280)
        title, code_blocks, nav_links = browser.evaluate(
            "[document.title, document.querySelectorAll('div.highlight pre').length,"
            " document.querySelectorAll('.sidebar-tree a.reference').length]"
        )
        browser.screenshot(ARTIFACTS / "quickstart.png", width=1280)
        errors, hosts = browser.errors(), {urlsplit(u).hostname for u in browser.requested_urls()}
    assert title.startswith("Quickstart")
    assert code_blocks >= 2 and nav_links >= 8, (code_blocks, nav_links)
    assert ([], {"127.0.0.1"}) == (errors, hosts - {None})  # no console error; nothing fetched from elsewhere
    assert (ARTIFACTS / "quickstart.png").stat().st_size > 10_000


def test_reading_an_inventory(tmp_path: Path) -> None:
    body = "layers_async.Client py:class 1 api.html#$ -\nlayers_async.errors py:module 0 e.html#$ -\n"
    header = b"# Sphinx inventory version 2\n# Project: x\n# Version: 1\n# The remainder is compressed\n"
    (tmp_path / "objects.inv").write_bytes(header + zlib.compress(body.encode()))
    expected = {"layers_async.Client": "py:class", "layers_async.errors": "py:module"}
    assert expected == read_inventory(tmp_path / "objects.inv")


def _fenced_blocks(text: str) -> list[str]:
    return re.findall(r"```[\w-]*\n(.*?)```", text, re.S)


def _docs_text() -> str:
    return "\n".join(p.read_text() for p in sorted(DOCS.rglob("*.md")) if "_build" not in p.parts)


def test_every_readme_block_is_also_in_the_docs() -> None:
    """The README is a first screen: each of its blocks (code, commands) is also on a page of the docs."""
    docs = _docs_text()
    missing = [block.splitlines()[0] for block in _fenced_blocks(README.read_text()) if block not in docs]
    assert [] == missing


def test_the_readme_links_into_the_docs_resolve() -> None:
    links = re.findall(r"\]\(((?:docs/)?[\w./-]+\.md)(?:#[\w-]+)?\)", README.read_text())
    assert len(links) >= 10, links
    assert [] == [link for link in links if not (ROOT / link).is_file()]
