"""Write the API reference pages from the code: one page per public module, one entry per name in ``__all__``.

The pages are regenerated on every build (``builder-inited``) into ``docs/reference/api/`` as reStructuredText
(autodoc writes reST), so the reference cannot drift from the code: a name added to an ``__all__`` appears, a
name removed disappears. A public module is ``layers_async`` itself and each of its submodules whose name has
no leading underscore. The client's namespaces (``client.content``...) get a page of their own.

A name exported twice (``layers_async.APIError`` and ``layers_async.errors.APIError``) is described in full
on its subpackage's page; the top-level page holds a short entry that links to it, so both spellings resolve.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import types
from pathlib import Path
from typing import Any

PACKAGE = "layers_async"
OUT = Path(__file__).parent.parent / "reference" / "api"
ALIASES: set[str] = set()  # the short re-export entries, which cross-references skip in favour of the full one


def public_modules() -> list[str]:
    """``layers_async`` and its public submodules, in the order the reference lists them."""
    package = importlib.import_module(PACKAGE)
    subs = [f"{PACKAGE}.{m.name}" for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_")]
    for name in list(subs):  # public packages nested in a public package (layers_async.contrib.redis)
        module = importlib.import_module(name)
        nested = getattr(module, "__path__", None)
        if nested is not None:
            subs += [f"{name}.{m.name}" for m in pkgutil.iter_modules(nested) if m.ispkg and not m.name.startswith("_")]
    subs.sort()
    return [PACKAGE, *subs]


def _kind(obj: Any) -> str:
    if isinstance(obj, types.ModuleType):
        return "module"
    if inspect.isclass(obj):
        return "exception" if issubclass(obj, BaseException) else "class"
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return "function"
    return "data"


def _homes(modules: list[str]) -> dict[int, str]:
    """Where each re-exported object is described in full: the most specific public module exporting it."""
    homes: dict[int, str] = {}
    for modname in modules:  # subpackages come after the package, so they win
        module = importlib.import_module(modname)
        for name in module.__all__:
            obj = getattr(module, name)
            if _kind(obj) in ("class", "exception", "function"):
                homes[id(obj)] = f"{modname}.{name}"
    return homes


def _private_bases(cls: type, homes: dict[int, str]) -> list[type]:
    """Bases of ours that no public module exports (``FakeLayers``' fixture and inspection mixins)."""
    return [b for b in cls.__bases__ if b.__module__.startswith(f"{PACKAGE}.") and id(b) not in homes]


def _entry(modname: str, name: str, obj: Any, homes: dict[int, str]) -> str:
    home = homes.get(id(obj))
    kind = _kind(obj)
    if kind == "module":
        return f"``{name}``: the public module :py:mod:`{obj.__name__}`.\n"
    if home is not None and home != f"{modname}.{name}":
        ALIASES.add(f"{modname}.{name}")
        return f".. py:{kind}:: {name}\n   :no-contents-entry:\n\n   The same object as :py:{_role(kind)}:`{home}`.\n"
    options = ""
    if kind in ("class", "exception"):
        options = "   :members:\n"
        if _private_bases(obj, homes):
            # A user cannot import a private base, so naming it says nothing; what the class gets from it
            # is part of the class's own surface and is described on its entry.
            options += "   :inherited-members:\n"
        elif obj.__bases__ != (object,):  # "Bases: object" says nothing
            options += "   :show-inheritance:\n"
        if _is_enum(obj):
            options += "   :undoc-members:\n"
    return f".. auto{kind}:: {modname}.{name}\n{options}"


def _role(kind: str) -> str:
    return {"function": "func", "exception": "exc", "class": "class"}.get(kind, "data")


def _is_enum(obj: Any) -> bool:
    import enum

    return isinstance(obj, type) and issubclass(obj, enum.Enum)


def _title(text: str) -> str:
    return f"{text}\n{'=' * len(text)}\n"


def _page(modname: str, homes: dict[int, str]) -> str:
    module = importlib.import_module(modname)
    lines = [_title(f"``{modname}``"), f".. automodule:: {modname}\n"]  # the module's docstring, in full
    for name in module.__all__:
        obj = getattr(module, name)
        lines.append(_entry(modname, name, obj, homes))
    return "\n".join(lines)


def resource_namespaces() -> list[tuple[str, str]]:
    """``(attribute, class path)`` for each namespace on the client (``client.content`` ...), in client order."""
    import functools

    client = importlib.import_module(PACKAGE).Client
    resources = importlib.import_module(f"{PACKAGE}._resources")
    classes = {}
    for info in pkgutil.iter_modules(resources.__path__):
        module = importlib.import_module(f"{resources.__name__}.{info.name}")
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and obj.__module__ == module.__name__:
                classes[name] = f"{module.__name__}.{name}"
    out = []
    for attr, prop in vars(client).items():
        if isinstance(prop, functools.cached_property):
            returned = str(prop.func.__annotations__.get("return", ""))
            if returned in classes:
                out.append((attr, classes[returned]))
    return out


def _resources_page() -> str:
    lines = [
        _title("Resource namespaces"),
        "Each API area is a namespace on the :py:class:`~layers_async.Client`: ``client.content.get(...)``. "
        "Path ids are positional, everything else keyword-only.\n",
    ]
    for attr, path in resource_namespaces():
        heading = f"``client.{attr}``"
        lines.append(f"{heading}\n{'-' * len(heading)}\n")
        lines.append(f".. autoclass:: {path}\n   :members:\n")
    return "\n".join(lines)


def write_reference(*_: object) -> None:
    """Regenerate ``docs/reference/api/*.rst`` (a ``builder-inited`` handler; also callable by hand)."""
    OUT.mkdir(parents=True, exist_ok=True)
    modules = public_modules()
    homes = _homes(modules)
    wanted = {f"{m}.rst": _page(m, homes) for m in modules}
    wanted["resources.rst"] = _resources_page()
    for stale in OUT.glob("*.rst"):
        if stale.name not in wanted:
            stale.unlink()
    for filename, text in wanted.items():
        path = OUT / filename
        if not path.exists() or path.read_text() != text:  # unchanged pages keep their mtime: fast rebuilds
            path.write_text(text)


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", write_reference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
