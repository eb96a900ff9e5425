"""The documented job-polling cadence (the wait loop lives with `Jobs.wait`)."""

from __future__ import annotations

import random

import attrs

__all__ = ["PollPolicy"]


def _non_negative(instance: object, attribute: attrs.Attribute, value: float) -> None:  # type: ignore[type-arg]
    if value < 0:
        raise ValueError(f"{attribute.name} must not be negative")


@attrs.frozen(kw_only=True)
class PollPolicy:
    """When to poll a job (contract §7).

    The wait before poll *n* (n = 0, 1, ...) is::

        delay(n) = min(first * multiplier**n, maximum) + uniform(0, jitter)

    so by default 2 s before the first poll, then ×1.3 per poll up to 10 s, plus 0–500 ms of jitter.
    A 304 follows the same schedule.
    """

    first: float = attrs.field(default=2.0, validator=_non_negative)
    multiplier: float = attrs.field(default=1.3, validator=attrs.validators.ge(1.0))
    maximum: float = attrs.field(default=10.0, validator=_non_negative)
    jitter: float = attrs.field(default=0.5, validator=_non_negative)

    def delay(self, n: int) -> float:
        """The wait before poll ``n``."""
        base = min(self.first * self.multiplier**n, self.maximum)
        return base + (random.uniform(0.0, self.jitter) if self.jitter else 0.0)
