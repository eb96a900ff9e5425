"""Public names look public: a re-exported class names its public module, as trio and httpx do.

Reprs, tracebacks and the documentation then show ``layers_async.JobTracker`` rather than
``layers_async._tracker.JobTracker``.
"""

from __future__ import annotations

import inspect
import typing

import attrs

__all__ = ["publish"]


def _private(module: str) -> bool:
    return any(part.startswith("_") for part in module.split("."))


def publish(module: str, *objects: object) -> None:
    """Set ``__module__`` of every class in ``objects`` defined in a private module to ``module``.

    String annotations are resolved first, against the module the class was written in, and stored
    resolved: afterwards ``typing.get_type_hints`` (and attrs, cattrs) would look the names up in
    ``module`` and no longer find them.
    """
    for obj in objects:
        if not isinstance(obj, type) or not _private(obj.__module__):
            continue
        if attrs.has(obj):
            attrs.resolve_types(obj)
        own = inspect.get_annotations(obj)
        if own:
            try:
                hints = typing.get_type_hints(obj, include_extras=True)
            except (NameError, TypeError):
                hints = {}
            obj.__annotations__ = {name: hints.get(name, hint) for name, hint in own.items()}
        obj.__module__ = module
