"""`WorkflowConfig`: the thresholds of the workflow rules (the vendor's workflow guide), with its defaults."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import attrs

from layers_async.errors import InvalidRequestError

__all__ = ["Window", "WorkflowConfig"]

Window = Literal["7d", "30d", "90d"]


_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _at_least(minimum: float) -> _Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and (not isinstance(value, (int, float)) or isinstance(value, bool) or value < minimum):
            raise InvalidRequestError(f"{attribute.name} must be a number >= {minimum}", argument=attribute.name)

    return check


def _one_of(*choices: object) -> _Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in choices:
            raise InvalidRequestError(f"{attribute.name} must be one of {choices!r}", argument=attribute.name)

    return check


def _int_range(low: int, high: int) -> _Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise InvalidRequestError(f"{attribute.name} must be an integer {low}-{high}", argument=attribute.name)

    return check


@attrs.frozen(kw_only=True)
class WorkflowConfig:
    """Thresholds for the publish-to-learn workflows; every default is the vendor's.

    Attributes:
        min_posts: Live posts a project needs before its ranking is trusted.
        min_avg_views: Average views per post the project needs.
        provisional_max_posts: Up to this many posts (inclusive) the ranking is provisional: shown,
            never acted on (the vendor's "5–10 posts").
        min_row_views: Rows with fewer organic views never count, nor enter the median.
        breakout_multiplier: A breakout's engagement rate is more than this times the median.
        ranking_limit: Rows read from ``/top-performers`` (the contract's 100).
        window: The ranking window (``7d``, ``30d`` or ``90d``).
        clone_mode: ``fork`` (the contract's choice for breakouts) or ``reimagine``.
        clone_variations: Outputs per breakout clone (2, as the vendor's breakout rule says).
        max_clones: A source with more clones than this, none beating it, is saturated (4 or 5).
        top_n: Rows shown per project each day; these are also checked for saturation.
        max_concurrent_projects: Projects `run_daily` works on at once.
        job_timeout: Seconds (client clock) a clone or generation job may take; ``None`` waits for ever.
        min_paid_spend_cents: The paid noise floor: a creative counts in the weekly read only with at
            least this much spend over the 7 days (integer cents; default 2,000).
        min_paid_conversions: ...and at least this many conversions over the 7 days (default 3).
        weekly_briefs: Top converters that get a brief for next week (`run_weekly`).
    """

    min_posts: int = attrs.field(default=5, validator=_at_least(1))
    min_avg_views: float = attrs.field(default=50.0, validator=_at_least(0))
    provisional_max_posts: int = attrs.field(default=10, validator=_at_least(0))
    min_row_views: int = attrs.field(default=50, validator=_at_least(0))
    breakout_multiplier: float = attrs.field(default=2.0, validator=_at_least(1))
    ranking_limit: int = attrs.field(default=100, validator=_int_range(1, 100))
    window: Window = attrs.field(default="30d", validator=_one_of("7d", "30d", "90d"))
    clone_mode: Literal["fork", "reimagine"] = attrs.field(default="fork", validator=_one_of("fork", "reimagine"))
    clone_variations: int = attrs.field(default=2, validator=_int_range(1, 10))
    max_clones: int = attrs.field(default=4, validator=_int_range(4, 5))
    top_n: int = attrs.field(default=3, validator=_at_least(0))
    max_concurrent_projects: int = attrs.field(default=4, validator=_at_least(1))
    job_timeout: float | None = attrs.field(default=600.0, validator=_at_least(1))
    min_paid_spend_cents: int = attrs.field(default=2_000, validator=_int_range(0, 10**12))
    min_paid_conversions: int = attrs.field(default=3, validator=_int_range(0, 10**9))
    weekly_briefs: int = attrs.field(default=3, validator=_int_range(0, 25))
