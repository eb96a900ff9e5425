"""The compiled decoder (msgspec, ``[speedups]``) never disagrees with the reference path (cattrs).

Differential: for any body, when the compiled decoder succeeds its result is exactly what the reference
path (orjson + the converter) gives, tolerances and open enums included; when it fails, `decode_body`
(what every resource call uses) still returns the reference result or raises its `ResponseDecodeError`.
"""

from __future__ import annotations

import json
import typing
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layers_async import _compiled, _converter, models
from layers_async._converter import _compiled_decoder, decode_body
from layers_async._fastgen import resolved_fields
from layers_async._transport import Response
from layers_async._wire_in import pre_hook
from layers_async.errors import ResponseDecodeError

from .test_fastgen import JSON, MODELS, wire_object

pytestmark = pytest.mark.skipif(not _compiled.AVAILABLE, reason="the [speedups] extra (msgspec) is not installed")

RESPONSE = Response(200, (("x-request-id", "req_1"),), b"")
NUMBERS = st.sampled_from([0, -1, 3.0, 2.5, -0.0, 2**53 + 1, 2**63 - 1, 2**63, 2**64 - 1, 2**64, 10**30, -(2**63) - 1])
TIMESTAMPS = st.sampled_from(
    [
        "2026-05-11T09:30:02Z",
        "2026-05-11t09:30:02z",
        "2026-05-11 09:30:02Z",
        "2026-05-11T09:30:02.1234567Z",
        "2026-05-11T11:30:00+02:00",
        "2026-05-11T09:30:02",
        "2026-05-11T23:59:60Z",
        "2026-05-11",
    ]
)


def _dumps(value: Any) -> bytes:
    """JSON bytes of any value (the standard library writes integers of any size, and Infinity)."""
    return json.dumps(value).encode()


def reference(body: bytes, cls: Any) -> tuple[str, str]:
    """What the reference path gives: orjson, then the converter (fast hook, detailed on failure)."""
    try:
        return "ok", repr(_converter.structure(orjson.loads(body), cls))
    except (ResponseDecodeError, ValueError):  # orjson's JSONDecodeError is a ValueError
        return "error", ""


def bodies(cls: Any) -> st.SearchStrategy[bytes]:
    """Mostly well-typed objects for ``cls``, with numbers, timestamps and junk mixed in."""
    return (wire_object(cls) | JSON).map(_dumps)


def _mutated(cls: Any) -> st.SearchStrategy[bytes]:
    """A well-typed object with one field replaced by an edge number or timestamp."""

    def replace(obj: dict[str, Any], key_index: int, new: Any) -> bytes:
        if obj:
            key = sorted(obj)[key_index % len(obj)]
            obj = {**obj, key: new}
        return _dumps(obj)

    return st.builds(replace, wire_object(cls), st.integers(0, 40), NUMBERS | TIMESTAMPS)


@pytest.mark.parametrize("cls", MODELS, ids=str)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_compiled_decoder_never_disagrees_with_the_reference_path(cls: Any, data: st.DataObject) -> None:
    body = data.draw(bodies(cls) | _mutated(cls))
    expected = reference(body, cls)
    compiled = _compiled_decoder(cls)
    if compiled is not None:
        try:
            actual = ("ok", repr(compiled(body)))
        except Exception:
            actual = expected  # it refused: decode_body takes the reference path (checked below)
        assert expected == actual
    try:
        via_call_path = ("ok", repr(decode_body(body, cls, RESPONSE)))
    except ResponseDecodeError as exc:
        via_call_path = ("error", exc.request_id or "")
    assert expected == (via_call_path if via_call_path[0] == "ok" else ("error", "")), via_call_path
    assert via_call_path[0] == "ok" or "req_1" == via_call_path[1]


def _has_rewriting_pre_hook(t: Any, seen: frozenset[Any] = frozenset()) -> bool:
    """Whether ``t`` or a model inside it has a pre-hook other than the container's key-only one."""
    if t in seen:
        return False
    origin = typing.get_origin(t) or t
    if attrs.has(origin):
        if pre_hook(origin) is not None and origin is not models.Container:
            return True
        return any(_has_rewriting_pre_hook(ft, seen | {t}) for _, ft in resolved_fields(t) or [])
    return any(_has_rewriting_pre_hook(a, seen | {t}) for a in typing.get_args(t))


@pytest.mark.parametrize("cls", MODELS, ids=str)
def test_every_model_without_a_rewriting_pre_hook_is_compiled(cls: Any) -> None:
    assert (not _has_rewriting_pre_hook(cls)) == (_compiled_decoder(cls) is not None)


CONTAINER = {"id": "cnt_1", "status": "completed", "approvalStatus": "pending", "format": "video_remix"}


@pytest.mark.parametrize(
    "extra",
    [
        {"caption": "hi"},
        {"assets": [{"assetId": "a", "kind": "image"}]},
        {"primaryAsset": {"assetId": "a", "kind": "video", "durationMs": 3}},
        {"someFutureField": 1},
        {"status": "some_new_status", "approvalStatus": "escalated", "cloneMode": "remix"},
        {"status": "generating"},
    ],
)
def test_tolerated_container_shapes_and_open_enums_decode_as_the_reference_does(extra: dict[str, Any]) -> None:
    body = orjson.dumps({**CONTAINER, **extra})
    assert reference(body, models.Container) == _outcome(body, models.Container)


def test_a_compiled_decode_is_exactly_the_model_class() -> None:
    compiled = _compiled_decoder(models.Container)
    assert compiled is not None
    body = orjson.dumps(
        {**CONTAINER, "mediaAssets": [{"id": "a", "kind": "video"}], "createdAt": "2026-05-11T11:30:00+02:00"}
    )
    container = compiled(body)
    assert (models.Container, models.MediaAsset, "2026-05-11 09:30:00+00:00") == (
        type(container),
        type(container.media_assets[0]),
        str(container.created_at),
    )


def test_a_wrong_field_is_named_by_the_reference_path() -> None:
    body = orjson.dumps({**CONTAINER, "outputCount": "two"})
    with pytest.raises(ResponseDecodeError) as info:
        decode_body(body, models.Container, RESPONSE)
    assert ("$.outputCount", "req_1") == (info.value.path, info.value.request_id)


@pytest.mark.parametrize("number", [3.0, 2**63, 2**64, 10**30, -(2**63) - 1])
def test_numbers_beyond_64_bits_and_integral_floats_read_as_the_reference_reads_them(number: Any) -> None:
    text = f'{{"rank":{number},"sourceType":"platform_post","metricValue":{number}}}'
    body = b'{"metric":"views","window":"7d","items":[' + text.encode() + b"]}"  # orjson writes no 2**64
    assert reference(body, models.TopPerformers) == _outcome(body, models.TopPerformers)


def _outcome(body: bytes, cls: Any) -> tuple[str, str]:
    try:
        return "ok", repr(decode_body(body, cls, RESPONSE))
    except ResponseDecodeError:
        return "error", ""


@settings(max_examples=100, deadline=None)
@given(body=wire_object(models.Container))
def test_the_container_pre_hook_changes_no_body_without_a_key_outside_the_model(body: dict[str, Any]) -> None:
    hook = pre_hook(models.Container)
    assert hook is not None
    assert body is hook(body)
