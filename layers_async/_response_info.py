"""What a successful response said besides its body: status, headers, request id, rate limit, replay.

Built only when asked for (`Client.with_response_info`, `Paginator.last_response`): a call that
nobody asks about keeps one reference at most, and reads no header for it.
"""

from __future__ import annotations

from datetime import datetime, timezone

import attrs

from layers_async._public import publish
from layers_async._transport import Response

__all__ = ["RateLimit", "ResponseInfo", "ResponseSlot", "response_info"]


@attrs.frozen(kw_only=True)
class RateLimit:
    """The rate-limit state one response reported for its endpoint class.

    Attributes:
        endpoint_class: ``read-light``, ``write-light`` or ``long-running`` (``X-RateLimit-Endpoint-Class``).
        limit: Requests per minute allowed for the class (``X-RateLimit-Limit``).
        remaining: Requests left this minute (``X-RateLimit-Remaining``).
        reset: When the minute ends (``X-RateLimit-Reset``, an aware UTC datetime).
    """

    endpoint_class: str | None
    limit: int
    remaining: int
    reset: datetime


@attrs.frozen(kw_only=True)
class ResponseInfo:
    """The metadata of one successful (2xx or 304) response.

    Attributes:
        status_code: The HTTP status (``304`` for a ``jobs.get(etag=...)`` that found no change).
        headers: Every response header, in order, as ``(name, value)`` pairs.
        request_id: ``X-Request-Id``: quote it to the vendor's support.
        rate_limit: The ``X-RateLimit-*`` headers, or ``None`` when the response had none.
        replayed: ``True`` when the server answered from its idempotency store (``Idempotent-Replayed``):
            the call had already been made with this ``Idempotency-Key``, and nothing new happened.
    """

    status_code: int
    headers: tuple[tuple[str, str], ...]
    request_id: str | None
    rate_limit: RateLimit | None
    replayed: bool

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or ``None``."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


def _rate_limit(response: Response) -> RateLimit | None:
    try:
        limit = int(response.header("x-ratelimit-limit") or "")
        remaining = int(response.header("x-ratelimit-remaining") or "")
        reset = datetime.fromtimestamp(float(response.header("x-ratelimit-reset") or ""), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
    return RateLimit(
        endpoint_class=response.header("x-ratelimit-endpoint-class"), limit=limit, remaining=remaining, reset=reset
    )


def response_info(response: Response) -> ResponseInfo:
    """Read the metadata of ``response``."""
    return ResponseInfo(
        status_code=response.status_code,
        headers=tuple(response.headers),
        request_id=response.header("x-request-id"),
        rate_limit=_rate_limit(response),
        replayed=(response.header("idempotent-replayed") or "").lower() == "true",
    )


class ResponseSlot:
    """Holds the last response of something (a recording client, a paginator); read it as `info`."""

    __slots__ = ("_info", "response")

    def __init__(self) -> None:
        self.response: Response | None = None
        self._info: ResponseInfo | None = None

    def set(self, response: Response) -> None:
        """Keep ``response`` (its metadata is read only if `info` is asked for)."""
        self.response = response
        self._info = None

    @property
    def info(self) -> ResponseInfo | None:
        """The kept response's metadata, or ``None`` before the first response."""
        if self._info is None and self.response is not None:
            self._info = response_info(self.response)
        return self._info


publish("layers_async", RateLimit, ResponseInfo)
