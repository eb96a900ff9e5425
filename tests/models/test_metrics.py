"""Metrics models: metric names stay keys; counts split out; decode errors name the wire path."""

from __future__ import annotations

import pytest

from layers_async._converter import structure
from layers_async.errors import ResponseDecodeError
from layers_async.models import MetricsTotals, TopPerformers


def test_totals_split_counts_from_metric_values() -> None:
    totals = structure({"views": 10, "engagement_rate": 0.5, "post_count": 2}, MetricsTotals)
    assert MetricsTotals(values={"views": 10, "engagement_rate": 0.5}, post_count=2) == totals


def test_a_bad_nested_value_names_its_wire_path() -> None:
    row = {"rank": 1, "sourceType": "manual", "metricValue": 1.0, "paid": {"spendCents": "lots"}}
    with pytest.raises(ResponseDecodeError) as info:
        structure({"metric": "roas", "window": "7d", "items": [row]}, TopPerformers)
    assert info.value.path.startswith("$.items[0].paid.")


def test_unknown_enum_values_are_kept() -> None:
    top = structure({"metric": "saves", "window": "14d", "items": []}, TopPerformers)
    assert ("saves", "14d", False) == (top.metric.value, top.window.value, top.metric.is_known)


def test_a_string_is_not_an_array() -> None:
    with pytest.raises(ResponseDecodeError) as info:
        structure({"metric": "views", "window": "7d", "items": "abc"}, TopPerformers)
    assert "$.items" == info.value.path
