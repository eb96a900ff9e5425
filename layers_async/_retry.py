"""When and how long to wait before trying again: the one place the SDK computes backoff.

Every schedule (the client's retries, the tracker's clone resubmissions, the job-polling cadence) is
read from `backoff`'s generators or from `capped_exponential`, the closed form of ``backoff.expo``
that never overflows.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import attrs
import backoff

__all__ = ["RetryPolicy", "capped_exponential", "sane_retry_after"]


def capped_exponential(n: int, *, first: float, multiplier: float, maximum: float) -> float:
    """``min(first * multiplier**n, maximum)``: the ``n``-th value of ``backoff.expo(multiplier, first, maximum)``.

    Computed without overflow for any ``n`` (``multiplier**n`` is never formed once it would pass the cap).
    """
    if n <= 0 or first <= 0 or multiplier <= 1.0:
        return min(first, maximum)
    if first >= maximum:
        return maximum
    # The smallest n at which the cap is reached: below it, multiplier**n stays under maximum / first.
    if n >= math.log(maximum / first) / math.log(multiplier):
        return maximum
    return min(first * multiplier**n, maximum)


def sane_retry_after(value: float | None) -> float | None:
    """A server's ``Retry-After`` made safe to sleep on: negative → 0, NaN → ``None`` (ignored).

    Infinity is kept, so that it compares above any ``max_retry_after`` and makes the caller give up.
    """
    if value is None or math.isnan(value):
        return None
    return max(0.0, value)


def _positive(instance: object, attribute: attrs.Attribute, value: float | None) -> None:  # type: ignore[type-arg]
    if value is not None and value < 0:
        raise ValueError(f"{attribute.name} must not be negative")


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How the client retries a failed request.

    The wait before retry *n* (n = 0, 1, ...) is drawn with full jitter::

        wait(n) = uniform(0, min(initial * 2**n, maximum))

    computed by ``backoff.full_jitter(backoff.expo(base=2, factor=initial, max_value=maximum))``.
    A ``Retry-After`` (or ``retry-after-ms``) answer replaces that wait exactly; when it asks for more
    than ``max_retry_after`` seconds, the error is raised at once with ``retry_after`` set. The call
    gives up after ``attempts`` attempts in all or once the next wait would end past ``deadline``
    seconds from the first attempt.

    Args:
        attempts: Attempts in all, the first one included (``1`` disables retries).
        initial: The first backoff ceiling, in seconds.
        maximum: The largest backoff ceiling, in seconds.
        deadline: Seconds after which no new attempt starts; ``None`` for no deadline.
        max_retry_after: The longest ``Retry-After`` the client waits out by itself.
        jitter: ``False`` waits the full ceiling (useful to reason about timing; keep it on in production).
    """

    attempts: int = attrs.field(default=4, validator=attrs.validators.ge(1))
    initial: float = attrs.field(default=0.5, validator=_positive)
    maximum: float = attrs.field(default=8.0, validator=_positive)
    deadline: float | None = attrs.field(default=60.0, validator=_positive)
    max_retry_after: float = attrs.field(default=60.0, validator=_positive)
    jitter: bool = True

    @classmethod
    def disabled(cls) -> RetryPolicy:
        """A policy that never retries."""
        return cls(attempts=1)

    def waits(self) -> Iterator[float]:
        """The backoff waits, one per retry, from backoff's own generators."""
        gen = backoff.expo(base=2, factor=self.initial, max_value=self.maximum)
        gen.send(None)  # prime: backoff's generators yield None first
        for ceiling in gen:
            yield backoff.full_jitter(ceiling) if self.jitter else float(ceiling)
