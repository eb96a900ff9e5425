"""The workflows subpackage exports a sorted, pinned list of names."""

from __future__ import annotations

import pytest

import layers_async.workflows as workflows
from layers_async.errors import InvalidRequestError
from layers_async.workflows import WorkflowConfig


def test_all_is_sorted() -> None:
    assert sorted(workflows.__all__) == workflows.__all__


def test_every_export_exists() -> None:
    assert [] == [name for name in workflows.__all__ if not hasattr(workflows, name)]


def test_saturation_threshold_must_be_four_or_five() -> None:
    with pytest.raises(InvalidRequestError) as info:
        WorkflowConfig(max_clones=6)
    assert "max_clones" == info.value.argument


def test_defaults_are_the_contracts() -> None:
    config = WorkflowConfig()
    assert (5, 50.0, 2.0, 100, 2, 4) == (
        config.min_posts,
        config.min_avg_views,
        config.breakout_multiplier,
        config.ranking_limit,
        config.clone_variations,
        config.max_clones,
    )
