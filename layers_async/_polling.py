"""The documented job-polling cadence (the wait loop lives with `Jobs.wait`)."""

from __future__ import annotations

import math
import random

import attrs

from layers_async._public import publish
from layers_async._retry import capped_exponential

__all__ = ["PollPolicy"]


def _non_negative(instance: object, attribute: attrs.Attribute, value: float) -> None:  # type: ignore[type-arg]
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value >= 0):
        raise ValueError(f"{attribute.name} must be a finite number, not negative")


@attrs.frozen(kw_only=True)
class PollPolicy:
    """When to poll a job (the cadence the API reference asks for: start at 2 s, back off to 10 s).

    The wait before poll *n* (n = 0, 1, ...) is::

        delay(n) = min(first * multiplier**n, maximum) + uniform(0, jitter)

    so by default 2 s before the first poll, then ×1.3 per poll up to 10 s, plus 0–500 ms of jitter.
    A 304 follows the same schedule.
    """

    first: float = attrs.field(default=2.0, validator=_non_negative)
    multiplier: float = attrs.field(default=1.3, validator=[_non_negative, attrs.validators.ge(1.0)])
    maximum: float = attrs.field(default=10.0, validator=_non_negative)
    jitter: float = attrs.field(default=0.5, validator=_non_negative)

    def delay(self, n: int) -> float:
        """The wait before poll ``n`` (any ``n``: it never overflows)."""
        base = capped_exponential(n, first=self.first, multiplier=self.multiplier, maximum=self.maximum)
        return base + (random.uniform(0.0, self.jitter) if self.jitter else 0.0)


publish("layers_async", PollPolicy)
