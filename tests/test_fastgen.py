"""The generated structure functions of the fast converter agree with the detailed converter."""

from __future__ import annotations

import enum
import pickle
import typing
import weakref
from datetime import datetime
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layers_async import _converter, models
from layers_async._converter import wire_name
from layers_async._fastgen import optional_arg
from layers_async._pagination import Page

MODELS: list[Any] = [
    m for m in (getattr(models, n) for n in models.__all__) if attrs.has(m) and not getattr(m, "__parameters__", ())
]
MODELS += [Page[models.Container], Page[models.ScheduledPost]]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner, max_size=2),
    max_leaves=4,
)
TIMESTAMPS = st.sampled_from(
    [
        "2026-05-11T09:30:02Z",
        "2026-05-11T09:30:02.25Z",
        "2026-05-11T11:30:00+02:00",
        "2026-02-30T09:30:00Z",
        "2026-05-11",
    ]
)


def _fields(cls: Any) -> list[tuple[attrs.Attribute, Any]]:  # type: ignore[type-arg]
    origin = typing.get_origin(cls) or cls
    hints = typing.get_type_hints(origin)
    args = dict(zip(getattr(origin, "__parameters__", ()), typing.get_args(cls), strict=False))
    return [(f, args.get(hints[f.name], hints[f.name])) for f in attrs.fields(origin)]


def wire_value(t: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Mostly well-typed wire values for ``t``, sometimes junk (to reach the slow paths)."""
    junk = JSON if depth < 2 else st.none()
    inner = optional_arg(t)
    if inner is not None:
        return st.none() | wire_value(inner, depth)
    origin, args = typing.get_origin(t), typing.get_args(t)
    good: st.SearchStrategy[Any]
    if t is str:
        good = st.text(max_size=4)
    elif t is bool:
        good = st.booleans()
    elif t is int:
        good = st.integers() | st.integers(-5, 5).map(float)
    elif t is float or t == (int | float):
        good = st.floats(allow_nan=False) | st.integers()
    elif t is datetime:
        good = TIMESTAMPS
    elif isinstance(t, type) and issubclass(t, enum.Enum):
        good = st.sampled_from([m.value for m in t]) | st.text(max_size=3)
    elif attrs.has(origin or t):
        good = wire_object(t, depth + 1) if depth < 2 else st.just({})
    elif origin is tuple:
        good = st.lists(wire_value(args[0], depth + 1), max_size=2)
    elif origin is dict:
        good = st.dictionaries(st.text(max_size=3), st.integers() | st.floats(allow_nan=False), max_size=2)
    else:
        good = JSON
    return st.one_of(good, good, good, junk)


def wire_object(cls: Any, depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """A JSON object for ``cls``: every key may be missing, each value mostly well typed."""
    return st.fixed_dictionaries({}, optional={wire_name(f): wire_value(t, depth) for f, t in _fields(cls)})


def detailed(data: Any, cls: Any) -> tuple[str, Any]:
    try:
        return "ok", _converter._detailed.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError, AttributeError, IndexError):
        return "error", None


@pytest.mark.parametrize("cls", MODELS, ids=str)
def test_every_model_gets_a_generated_function(cls: Any) -> None:
    assert True is hasattr(_converter._converter.get_structure_hook(cls), "__fast_source__")


@pytest.mark.parametrize("cls", MODELS, ids=str)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_generated_function_never_disagrees_with_the_detailed_converter(cls: Any, data: st.DataObject) -> None:
    value = data.draw(wire_object(cls) | JSON)
    fast = _converter._converter.get_structure_hook(cls)
    try:
        result = ("ok", fast(value, cls))
    except Exception:
        return
    assert repr(detailed(value, cls)) == repr(result)


@pytest.mark.parametrize("cls", MODELS, ids=str)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_structure_returns_what_the_detailed_converter_returns(cls: Any, data: st.DataObject) -> None:
    value = data.draw(wire_object(cls))
    expected = detailed(value, cls)
    try:
        actual: tuple[str, Any] = ("ok", _converter.structure(value, cls))
    except _converter.ResponseDecodeError:
        actual = ("error", None)
    assert repr(expected) == repr(actual)


def test_well_typed_bodies_take_the_fast_path() -> None:
    body = {
        "id": "c",
        "status": "generating",
        "approvalStatus": "pending",
        "format": "video_remix",
        "caption": "hi",
        "primaryAsset": {"assetId": "a", "kind": "image", "width": 2.0},
        "createdAt": "2026-05-11T09:30:02.250Z",
        "brief": {"hook": "x"},
    }
    fast = _converter._converter.get_structure_hook(models.Container)(body, models.Container)
    assert repr(_converter._detailed.structure(body, models.Container)) == repr(fast)


@attrs.frozen(kw_only=True)
class _SelfFactory:
    a: int = 1
    b: int = attrs.field(default=attrs.Factory(lambda self: self.a, takes_self=True))


@attrs.define(kw_only=True, slots=False)
class _SelfFactoryNoSlots:
    a: int = 1
    b: int = attrs.field(default=attrs.Factory(lambda self: self.a, takes_self=True))


def test_a_derived_default_is_generated_from_the_fields_before_it() -> None:
    hook = _converter._converter.get_structure_hook(_SelfFactory)
    assert (True, _SelfFactory(a=2, b=2), _SelfFactory(a=2, b=5)) == (
        hasattr(hook, "__fast_source__"),
        hook({"a": 2}, _SelfFactory),
        hook({"a": 2, "b": 5}, _SelfFactory),
    )


def test_an_unsupported_class_keeps_the_cattrs_function() -> None:
    hook = _converter._converter.get_structure_hook(_SelfFactoryNoSlots)
    assert (False, _SelfFactoryNoSlots(a=2, b=2)) == (
        hasattr(hook, "__fast_source__"),
        hook({"a": 2}, _SelfFactoryNoSlots),
    )


def _decoded_container() -> models.Container:
    body = {
        "id": "cnt_6d2f8a14-b39e-4c71-8f05-2ae9c7d41b58",
        "status": "completed",
        "approvalStatus": "pending",
        "format": "video_remix",
        "mediaAssets": [{"id": "asset_01JQ7N2B5D8G1K4M7P0R3T6W9Y", "kind": "video", "durationMs": 12400}],
        "createdAt": "2026-05-11T09:30:02Z",
    }
    return _converter.structure(body, models.Container)


def test_a_decoded_model_is_exactly_its_class_never_the_builder() -> None:
    container = _decoded_container()
    assert (models.Container, models.MediaAsset) == (type(container), type(container.media_assets[0]))


def test_a_decoded_model_stays_frozen() -> None:
    container = _decoded_container()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        container.hook = "changed"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del container.hook  # type: ignore[misc]


def test_a_decoded_model_equals_the_one_its_constructor_builds() -> None:
    container = _decoded_container()
    rebuilt = models.Container(**{f.name: getattr(container, f.name) for f in attrs.fields(models.Container)})
    assert (rebuilt, hash(rebuilt.media_assets)) == (container, hash(container.media_assets))


def test_a_decoded_model_pickles_and_is_weakly_referenceable() -> None:
    container = _decoded_container()
    assert (pickle.loads(pickle.dumps(container)), container) == (container, weakref.ref(container)())


def test_a_decoded_subclass_model_is_exactly_its_class() -> None:
    body = {
        "jobId": "job_01JQ7M4K9XW2RTB6HNC3PVDE5F",
        "kind": "content_generate",
        "status": "running",
        "projectId": "prj_3e8b1f6a-92d4-4c07-8a5e-d41c7f2b9e60",
        "containerId": "cnt_6d2f8a14-b39e-4c71-8f05-2ae9c7d41b58",
        "locationUrl": "/v1/jobs/job_01JQ7M4K9XW2RTB6HNC3PVDE5F",
        "startedAt": "2026-05-11T09:30:02Z",
    }
    job = _converter.structure(body, models.AcceptedJob)
    assert (models.AcceptedJob, ("cnt_6d2f8a14-b39e-4c71-8f05-2ae9c7d41b58",)) == (type(job), job.container_ids)


@attrs.frozen(kw_only=True, slots=False)
class _DictBacked:
    a: int
    b: str = "x"


def test_a_class_without_slots_is_built_by_its_constructor() -> None:
    hook = _converter._converter.get_structure_hook(_DictBacked)
    built = hook({"a": 2}, _DictBacked)
    assert ("_cls" in hook.__fast_source__, "_builder" in hook.__fast_source__, built) == (
        True,
        False,
        _DictBacked(a=2),
    )
