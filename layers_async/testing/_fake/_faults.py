"""Deterministic fault injection: latency, 5xx, 429, connection resets and responses lost after commit."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

__all__ = ["FaultKind", "FaultPlan", "FaultRule", "InjectedDisconnect"]

FaultKind = Literal["latency", "error", "rate_limit", "reset", "lost", "connect"]


class InjectedDisconnect(Exception):
    """The connection dropped. ``committed``: the server handled the request before the drop.

    ``sent`` is ``False`` only for a connect failure (the request never left the client).
    """

    def __init__(self, message: str, *, committed: bool, sent: bool = True) -> None:
        super().__init__(message)
        self.committed = committed
        self.sent = sent


@dataclass(slots=True)
class FaultRule:
    """One fault: what happens, to which route, how often.

    Attributes:
        kind: ``latency`` (wait ``seconds`` of clock time, then answer), ``error`` (answer ``status``),
            ``rate_limit`` (429 with ``Retry-After: retry_after``), ``reset`` (drop the connection before
            the request is handled), ``lost`` (handle it, commit the state, then drop the response),
            ``connect`` (the connection is refused; the request never leaves).
        route: ``"GET /v1/jobs/{jobId}"``, ``"/v1/jobs/{jobId}"`` (any method) or ``None`` (every route).
        probability: Chance in [0, 1] that a matching request is hit, drawn from the plan's seeded stream.
        remaining: How many more times the rule may fire; ``None`` for no limit.
    """

    kind: FaultKind
    route: str | None = None
    probability: float = 1.0
    remaining: int | None = None
    seconds: float = 0.0
    status: int = 503
    code: str | None = None
    retry_after: int = 1

    def matches(self, method: str, template: str | None) -> bool:
        """Whether this rule applies to ``method`` on the route ``template``."""
        if self.route is None:
            return True
        if template is None:
            return False
        if " " in self.route:
            want_method, want_path = self.route.split(" ", 1)
            return want_method.upper() == method and want_path == template
        return self.route == template


class FaultPlan:
    """The faults to inject, consulted on every request in rule order.

    Args:
        seed: Seeds the stream used for ``probability`` draws (only drawn when probability < 1).
    """

    def __init__(self, seed: int = 0) -> None:
        self._rng = random.Random(f"faults:{seed}")
        self.rules: list[FaultRule] = []

    def add(
        self,
        kind: FaultKind,
        *,
        route: str | None = None,
        probability: float = 1.0,
        times: int | None = None,
        seconds: float = 0.0,
        status: int = 503,
        code: str | None = None,
        retry_after: int = 1,
    ) -> FaultRule:
        """Add a rule; ``times`` limits it to the next N matching requests."""
        if not 0.0 <= probability <= 1.0:
            raise ValueError("probability must be within [0, 1]")
        rule = FaultRule(kind, route, probability, times, seconds, status, code, retry_after)
        self.rules.append(rule)
        return rule

    def latency(self, seconds: float, **kwargs: object) -> FaultRule:
        """Delay matching requests by ``seconds`` of clock time."""
        return self.add("latency", seconds=seconds, **kwargs)  # type: ignore[arg-type]

    def server_error(self, status: int = 503, code: str | None = None, **kwargs: object) -> FaultRule:
        """Answer matching requests with a 5xx envelope (``code`` defaults from the status)."""
        return self.add("error", status=status, code=code, **kwargs)  # type: ignore[arg-type]

    def rate_limit(self, retry_after: int = 1, **kwargs: object) -> FaultRule:
        """Answer matching requests with 429 ``RATE_LIMITED`` and ``Retry-After``."""
        return self.add("rate_limit", retry_after=retry_after, **kwargs)  # type: ignore[arg-type]

    def reset(self, **kwargs: object) -> FaultRule:
        """Drop the connection before the request is handled (no state change)."""
        return self.add("reset", **kwargs)  # type: ignore[arg-type]

    def lose_response(self, **kwargs: object) -> FaultRule:
        """Handle the request and commit its effects, then drop the response."""
        return self.add("lost", **kwargs)  # type: ignore[arg-type]

    def connect_error(self, **kwargs: object) -> FaultRule:
        """Refuse the connection: the request never reaches the server."""
        return self.add("connect", **kwargs)  # type: ignore[arg-type]

    def clear(self) -> None:
        """Remove every rule."""
        self.rules.clear()

    def draw(self, method: str, template: str | None) -> tuple[float, FaultRule | None]:
        """Decide the faults for one request: total latency, and the first other rule that fires."""
        delay = 0.0
        for rule in self.rules:
            if rule.remaining == 0 or not rule.matches(method, template):
                continue
            if rule.probability < 1.0 and self._rng.random() >= rule.probability:
                continue
            if rule.remaining is not None:
                rule.remaining -= 1
            if rule.kind == "latency":
                delay += rule.seconds
                continue
            return delay, rule
        return delay, None
