"""One serializer for JSON out: `to_dict` and `to_json` turn any SDK value into JSON-ready data.

One document never mixes two namings; what the root value is decides which one it uses:

* a model (anything in `layers_async.models`, or a page of them) comes out as the converter writes it for the
  wire: the API's camelCase keys, optional fields left at their default omitted; the converter reads
  it back into the same model;
* anything else (workflow reports, tracker results, configs, and the models inside them) comes out
  under its Python attribute names, every field included.

Either way datetimes are RFC 3339 instants in UTC, enums (open ones too) their value, tuples lists, and
exceptions ``{"type": ..., "message": ...}``.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from layers_async._converter import format_timestamp, unstructure

__all__ = ["to_dict", "to_json"]

_MODELS = "layers_async.models"


def _is_model(cls: type) -> bool:
    module = cls.__module__
    return module == _MODELS or module.startswith(_MODELS + ".") or cls.__qualname__ == "Page"


def _plain(obj: Any, *, wire: bool) -> Any:
    if isinstance(obj, enum.Enum):  # before str: our enums are str subclasses; JSON wants the plain value
        return _plain(obj.value, wire=wire)
    if obj is None or type(obj) in (str, int, float, bool):
        return obj
    for kind in (bool, str, int, float):
        if isinstance(obj, kind):
            return kind(obj)
    if isinstance(obj, datetime):
        return format_timestamp(obj)
    if attrs.has(type(obj)):
        if wire and _is_model(type(obj)):
            return _plain(unstructure(obj), wire=True)
        data = {f.name: _plain(getattr(obj, f.name), wire=False) for f in attrs.fields(type(obj))}
        extra = getattr(obj, "_json_extra", None)  # computed values a report adds (``clones_started``)
        if callable(extra):
            data.update({key: _plain(value, wire=False) for key, value in extra().items()})
        return data
    if isinstance(obj, Mapping):
        return {str(key): _plain(value, wire=wire) for key, value in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [_plain(value, wire=wire) for value in obj]
    if isinstance(obj, BaseException):
        return {"type": type(obj).__name__, "message": str(obj)}
    return repr(obj)  # something no JSON can carry: named, never dropped silently


def to_dict(obj: Any) -> Any:
    """JSON-ready data for ``obj``: a model, a report, a tracker result, or lists and dicts of them.

    Args:
        obj: Any value the SDK returns (plain JSON values pass through).

    Returns:
        Dicts, lists, strings, numbers, booleans and ``None`` only.
    """
    return _plain(obj, wire=True)


def to_json(obj: Any, *, indent: int | None = None) -> str:
    """`to_dict` as a JSON document (UTF-8 text, non-ASCII kept)."""
    return json.dumps(to_dict(obj), indent=indent, ensure_ascii=False)
