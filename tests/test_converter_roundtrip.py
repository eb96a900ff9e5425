"""The wire converter reads back what it writes, for every model (Hypothesis builds the instances)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layers_async._converter import decode_json, encode_json, structure, unstructure
from layers_async.models import MetricsBucket, MetricsTotals
from tests._model_strategies import MODELS, instances


def json_only(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and json_only(v) for k, v in value.items())
    if isinstance(value, list):
        return all(json_only(v) for v in value)
    return value is None or isinstance(value, (str, int, float))  # enums are str subclasses: JSON strings


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: getattr(c, "__name__", str(c)))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_every_model_reads_back_from_its_wire_form(cls: Any, data: st.DataObject) -> None:
    model = data.draw(instances(cls))
    wire = unstructure(model)
    assert json_only(wire)
    assert model == structure(decode_json(encode_json(wire)), cls)


def test_metric_values_sit_beside_their_bucket_on_the_wire() -> None:
    bucket = MetricsBucket(bucket="2026-05-04", values={"views": 2210, "engagement_rate": 0.052})
    totals = MetricsTotals(values={"views": 5595}, post_count=9)
    assert {"bucket": "2026-05-04", "views": 2210, "engagement_rate": 0.052} == unstructure(bucket)
    assert {"views": 5595, "post_count": 9} == unstructure(totals)
    assert '{"bucket":"2026-05-04","views":2210,"engagement_rate":0.052}' == json.dumps(
        unstructure(bucket), separators=(",", ":")
    )
