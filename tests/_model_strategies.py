"""Hypothesis strategies that build any SDK model from its type annotations (for round-trip tests)."""

from __future__ import annotations

import enum
import types
import typing
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
from hypothesis import strategies as st

import layers_async.models as models
from layers_async._enums import OpenEnum
from layers_async.models import Job, Page

OFFSETS = st.sampled_from([timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-7))])
INSTANTS = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(9998, 1, 1), timezones=OFFSETS)
# Keys a flattened mapping (metric values) can hold on the wire: never one of its model's own fields.
METRIC_NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8).filter(
    lambda k: k not in ("bucket", "post_count", "ad_count")
)


def strategy_for(tp: Any) -> st.SearchStrategy[Any]:
    """Any value of a model field's type (unknown open-enum values included)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is type(None):
        return st.none()
    if origin in (typing.Union, types.UnionType):
        return st.one_of([strategy_for(a) for a in args])
    if origin is tuple:
        return st.lists(strategy_for(args[0]), max_size=3).map(tuple)
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin is not None and getattr(origin, "__name__", "") in ("dict", "Mapping"):
        return st.dictionaries(METRIC_NAMES, strategy_for(args[1]), max_size=3)
    if tp is Any:  # free-form JSON the API passes through
        return st.none() | st.integers() | st.text(max_size=4)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        bool: st.booleans(),
        int: st.integers(-(2**53), 2**53),
        float: st.floats(allow_nan=False, allow_infinity=False),
        str: st.text(max_size=8),
        datetime: INSTANTS,
    }
    if tp in simple:
        return simple[tp]
    if isinstance(tp, type) and issubclass(tp, OpenEnum):
        return st.sampled_from(list(tp)) | st.sampled_from(["brand_new", "later_value"]).map(tp)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from(list(tp))
    if attrs.has(origin or tp):
        return instances(tp)
    raise TypeError(f"no strategy for {tp!r}")


def instances(cls: Any) -> st.SearchStrategy[Any]:
    """Instances of an attrs model, every field drawn from its type (``Page[Job]``: items are jobs)."""
    base = typing.get_origin(cls) or cls
    fields = attrs.fields(base)
    if any(isinstance(f.type, str) for f in fields):
        attrs.resolve_types(base)  # string annotations, read in the module that defines the class
        fields = attrs.fields(base)
    hints = {f.name: f.type for f in fields}
    if base is not cls:
        hints = {**hints, "items": tuple[typing.get_args(cls)[0], ...]}
    kwargs = {f.name: st.deferred(lambda t=hints[f.name]: strategy_for(t)) for f in fields if f.init}
    return st.builds(base, **kwargs)


MODELS: list[Any] = [
    *(
        obj
        for name in models.__all__
        if isinstance(obj := getattr(models, name), type) and attrs.has(obj) and obj is not Page
    ),
    Page[Job],
]
"""Every model `layers_async.models` exports (a page of jobs standing for `Page`)."""
