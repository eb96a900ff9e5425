"""`ToolError`: what a tool call returns to the model instead of a result, worded so it can act on it.

`tool_error_from` turns the SDK's errors into one: a bad argument names the argument and the rule,
a 429 says how long to wait, a kill switch or a missing scope says a human must act.
"""

from __future__ import annotations

import math
from typing import Literal

from layers_async.errors import (
    APIError,
    ApprovalRequiredError,
    AuthenticationError,
    ConflictError,
    ContentRejectedError,
    IdempotencyConflictError,
    InvalidRequestError,
    KillSwitchError,
    LayersError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TransportError,
    ValidationError,
)

__all__ = ["ErrorKind", "ToolError", "tool_error_from"]

ErrorKind = Literal[
    "invalid_argument",
    "not_found",
    "rate_limited",
    "human_required",
    "conflict",
    "temporary",
    "failed",
]


class ToolError(Exception):
    """A tool call that could not give a result; ``str()`` is the text meant for the model.

    Attributes:
        kind: ``invalid_argument`` (fix the argument), ``not_found`` (check the id), ``rate_limited``
            (wait ``retry_after`` seconds), ``human_required`` (stop: a person must act), ``conflict``
            (the resource's state forbids it), ``temporary`` (try again later) or ``failed``.
        argument: The offending argument, for ``invalid_argument``.
        retry_after: Seconds to wait, for ``rate_limited``.
    """

    def __init__(
        self, kind: ErrorKind, message: str, *, argument: str | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.argument = argument
        self.retry_after = retry_after

    def __str__(self) -> str:
        return f"{self.kind}: {self.args[0]}"


def _seconds(value: float | None) -> int:
    return max(1, math.ceil(value)) if value is not None and math.isfinite(value) else 60


def tool_error_from(exc: LayersError) -> ToolError:
    """The `ToolError` for an SDK error (its text never carries the API key)."""
    if isinstance(exc, InvalidRequestError):
        return ToolError("invalid_argument", f"{exc} (fix the argument and call again)", argument=exc.argument)
    if isinstance(exc, RateLimitedError):
        wait = _seconds(exc.retry_after)
        limit = f" ({exc.limit_type} limit)" if exc.limit_type else ""
        return ToolError(
            "rate_limited", f"rate limited{limit}: wait {wait} seconds before calling again", retry_after=wait
        )
    if isinstance(exc, KillSwitchError):
        scope = exc.details.get("scope") or "key"
        return ToolError(
            "human_required",
            f"the Layers API {scope} is disabled (kill switch). A human must act: ask the account owner "
            "to re-enable it. Do not retry.",
        )
    if isinstance(exc, PermissionDeniedError):
        scope = exc.required_scope or "a scope it lacks"
        return ToolError(
            "human_required",
            f"the API key is not allowed to do this (it needs {scope}). A human must act: ask the account "
            "owner for a key with that scope. Do not retry.",
        )
    if isinstance(exc, AuthenticationError):
        return ToolError("human_required", "the API key was refused. A human must act: check the key. Do not retry.")
    if isinstance(exc, ApprovalRequiredError):
        return ToolError(
            "human_required", "the content is still pending review. A human must approve it first; do not retry."
        )
    if isinstance(exc, ContentRejectedError):
        return ToolError("conflict", "the content was rejected in review and can never be scheduled.")
    if isinstance(exc, NotFoundError):
        return ToolError("not_found", f"{exc.message} Check the id (list_projects and rank_top_posts give valid ids).")
    if isinstance(exc, ValidationError):
        issues = "; ".join(f"{path}: {message}" for path, message in exc.issues) or exc.message
        return ToolError("invalid_argument", f"the server refused the arguments: {issues}")
    if isinstance(exc, (ConflictError, IdempotencyConflictError)):
        sub = getattr(exc, "subcode", None)
        return ToolError("conflict", f"{exc.code}{f'/{sub}' if sub else ''}: {exc.message}")
    if isinstance(exc, (ServerError, TransportError)):
        return ToolError("temporary", f"the Layers API is unavailable right now ({exc}); try again in a minute")
    if isinstance(exc, APIError):
        return ToolError("failed", f"{exc.code}: {exc.message}")
    return ToolError("failed", str(exc) or type(exc).__name__)
