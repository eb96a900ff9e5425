"""Cross-references that cannot be links, told apart from broken ones.

The build is nitpicky (every reference must resolve). Two kinds of target have no page to link to and are
rendered as plain text instead of warning:

* a name from another library (``anyio.abc.TaskGroup``, ``datetime.datetime``): the build is offline, so
  there is no intersphinx;
* a private name of ours that a public signature or docstring mentions (``layers_async._otel.TracerProviderLike``,
  a type alias such as ``AuthStyle``, a type variable): it is defined in a ``layers_async`` module but exported
  by no public ``__all__``.

Every other missing target stays a warning, so an error: a public name that is not in the reference, a typo,
a name that no longer exists.

Names exported twice (``layers_async.APIError`` and ``layers_async.errors.APIError``) are one object: the short
entry is marked as an alias, so an unqualified reference picks the full description instead of being ambiguous.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
import types
from typing import Any

PACKAGE = "layers_async"


def _is_private_of_ours(target: str) -> bool:
    parts = target.split(".")
    if parts[-1].startswith("_") and not parts[-1].startswith("__"):  # `_exchange`: a private helper
        return True
    if parts[0] == PACKAGE:
        return any(p.startswith("_") and not p.startswith("__") for p in parts[1:])
    if len(parts) > 1:
        return False
    ours = _our_modules()
    defined = any(hasattr(m, target) for m in ours)
    public = any(target in getattr(m, "__all__", ()) for m in ours if "._" not in m.__name__)
    return defined and not public


@functools.cache
def _our_modules() -> tuple[types.ModuleType, ...]:
    """Every module of the package, imported (names imported only for type checking are found in their home)."""
    package = importlib.import_module(PACKAGE)
    found = [package]
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{PACKAGE}."):
        if info.name.endswith(".__main__"):  # a command, run on import
            continue
        try:
            found.append(importlib.import_module(info.name))
        except ImportError:  # an optional dependency that is not installed: its names cannot be linked anyway
            continue
    return tuple(found)


def _is_foreign(target: str) -> bool:
    """A dotted name from another package (``anyio.abc.TaskGroup``), installed or not (optional extras)."""
    head = target.split(".")[0]
    return head != PACKAGE and bool(head) and "." in target


def _suppress(app: Any, domain: Any, node: Any) -> bool | None:
    if domain is None or domain.name != "py":
        return None
    target = node.get("reftarget", "")
    if _is_private_of_ours(target) or _is_foreign(target):
        return True
    return None


def _resolve_by_suffix(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """Link a short name (`JobTracker`, `Container.format`) written in a docstring of another module.

    Sphinx looks a short name up only in the referencing object's own module and class; our docstrings live in
    private modules and name public objects by their short name. The one public description whose full name
    ends with the short name is the target (a short re-export entry only when nothing else matches).
    """
    if node.get("refdomain") != "py":
        return None
    from sphinx.util.nodes import make_refnode

    target = node["reftarget"].lstrip("~.")
    objects = env.get_domain("py").objects
    # `Container.format` names a field described in its class's docstring: the class is the target.
    for candidate in (target, target.rpartition(".")[0]):
        found = [(name, entry) for name, entry in objects.items() if candidate and name.endswith(f".{candidate}")]
        best = [(name, entry) for name, entry in found if not entry.aliased] or found
        if len({entry.node_id for _, entry in best}) == 1:
            name, entry = best[0]
            return make_refnode(app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, name)
    return None


def _mark_aliases(app: Any, env: Any) -> None:
    from layers_reference import ALIASES

    objects = env.get_domain("py").objects
    for name in ALIASES:
        if name in objects:
            objects[name] = objects[name]._replace(aliased=True)


_SHARED_ENTRY = re.compile(r"^(?P<indent>\s+)(?P<names>[A-Za-z_]\w*(?:, [A-Za-z_]\w*)+): (?P<text>.*)$")


def _split_shared_entries(app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    """``a, b: text`` in an ``Args:``/``Attributes:`` section becomes one entry per name, each with ``text``.

    Our docstrings describe fields that go together on one line; napoleon would read the names as a type.
    Runs before napoleon (a lower priority number).
    """
    out = []
    for line in lines:
        match = _SHARED_ENTRY.match(line)
        if match is None:
            out.append(line)
            continue
        out.extend(f"{match['indent']}{each}: {match['text']}" for each in match["names"].split(", "))
    lines[:] = out


def setup(app: Any) -> dict[str, Any]:
    app.connect("autodoc-process-docstring", _split_shared_entries, priority=100)
    app.connect("missing-reference", _resolve_by_suffix)
    app.connect("warn-missing-reference", _suppress)
    app.connect("env-check-consistency", _mark_aliases)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
