"""Every error layers-async raises, under one root.

The tree::

    LayersError
    ├── InvalidRequestError (also ValueError)   bad argument, raised before any I/O
    ├── ClientClosedError (also RuntimeError)   the client was used after aclose()
    ├── ResponseDecodeError                     a response did not match the contract; names the field
    ├── TransportError                          the HTTP exchange failed; may have reached the server
    │   ├── ConnectError                        the request never left: always safe to retry
    │   ├── RequestTimeoutError                 timed out; ``request_sent`` says whether it may have arrived
    │   └── ResponseTooLargeError               the body exceeded ``max_response_bytes`` (``limit``)
    ├── APIError                                the server answered with an error envelope
    │   ├── AuthenticationError                 401 UNAUTHENTICATED
    │   ├── PermissionDeniedError               403 FORBIDDEN_SCOPE
    │   ├── ApprovalRequiredError               403 APPROVAL_REQUIRED
    │   ├── NotFoundError                       404 NOT_FOUND
    │   ├── ConflictError                       409 CONFLICT (``subcode``, ``layer_count``)
    │   ├── IdempotencyConflictError            409 IDEMPOTENCY_CONFLICT
    │   ├── ContentRejectedError                409 CONTENT_REJECTED
    │   ├── ValidationError                     400/422 VALIDATION (``issues``)
    │   ├── RateLimitedError                    429 RATE_LIMITED (``retry_after``, ``endpoint_class``, ``limit_type``)
    │   ├── KillSwitchError                     503 KILL_SWITCH (never retried)
    │   └── ServerError                         500/502/503/504, PLATFORM_ERROR
    ├── JobError                                a waited-for job ended badly (carries ``job``)
    │   ├── JobFailedError
    │   ├── JobCanceledError
    │   └── PollTimeoutError                    the wait gave up before the job ended
    ├── TrackerError                            the job tracker itself broke; ``__cause__`` says why
    ├── JobStoreError                           a job store could not read or write; ``__cause__`` says why
    └── RateLimiterError                        a shared rate limiter could not be reached; ``__cause__`` says why

Errors are chosen by the envelope's ``code``; an unknown code falls back to its HTTP status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "APIError",
    "ApprovalRequiredError",
    "AuthenticationError",
    "ClientClosedError",
    "ConflictError",
    "ConnectError",
    "ContentRejectedError",
    "IdempotencyConflictError",
    "InvalidRequestError",
    "JobCanceledError",
    "JobError",
    "JobFailedError",
    "JobStoreError",
    "KillSwitchError",
    "LayersError",
    "NotFoundError",
    "PermissionDeniedError",
    "PollTimeoutError",
    "RateLimitedError",
    "RateLimiterError",
    "RequestTimeoutError",
    "ResponseDecodeError",
    "ResponseTooLargeError",
    "ServerError",
    "TrackerError",
    "TransportError",
    "ValidationError",
]


def _restore(cls: type[LayersError], args: tuple[Any, ...], state: dict[str, Any]) -> LayersError:
    """Rebuild a pickled error without calling ``__init__`` (whose keyword-only fields pickle cannot pass)."""
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class LayersError(Exception):
    """Root of every error raised by layers-async.

    Every error pickles with all its fields (process pools, multiprocessing, pytest-xdist).

    Its ``repr`` names the fields a caller acts on (``NotFoundError(status=404, code='NOT_FOUND', ...)``);
    no field ever holds the API key.
    """

    def _repr_fields(self) -> tuple[tuple[str, object], ...]:
        return (("message", str(self)),)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self._repr_fields() if value is not None)
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self.args, self.__dict__))


class InvalidRequestError(LayersError, ValueError):
    """An argument is invalid; raised before any request is sent.

    Attributes:
        argument: The name of the offending argument (``None`` when several are involved).
    """

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument

    def _repr_fields(self) -> tuple[tuple[str, object], ...]:
        return (("argument", self.argument), ("message", str(self)))


class ClientClosedError(LayersError, RuntimeError):
    """The client (or its transport) was used after ``aclose()``."""


class ResponseDecodeError(LayersError):
    """A response body did not match the contract.

    Attributes:
        path: Where decoding failed, e.g. ``"$.items[3].organic.views"`` (``"$"`` for the whole body).
        status_code: The HTTP status of the response.
        request_id: The ``X-Request-Id`` of the response, when present.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str = "$",
        status_code: int | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.status_code = status_code
        self.request_id = request_id

    def _repr_fields(self) -> tuple[tuple[str, object], ...]:
        return (
            ("status", self.status_code),
            ("path", self.path),
            ("message", str(self)),
            ("request_id", self.request_id),
        )


class TransportError(LayersError):
    """The HTTP exchange failed without a response.

    Attributes:
        request_sent: ``False`` when the request certainly never reached the server (safe to retry
            any request), ``True`` when it may have reached it.
    """

    def __init__(self, message: str, *, request_sent: bool = True) -> None:
        super().__init__(message)
        self.request_sent = request_sent

    def _repr_fields(self) -> tuple[tuple[str, object], ...]:
        return (("message", str(self)), ("request_sent", self.request_sent))


class ConnectError(TransportError):
    """The connection could not be made (or no pooled connection was free): the request never left."""

    def __init__(self, message: str) -> None:
        super().__init__(message, request_sent=False)


class RequestTimeoutError(TransportError):
    """The request timed out. ``request_sent`` is ``False`` for connect and pool timeouts."""


class ResponseTooLargeError(TransportError):
    """The response body (after decompression) exceeded ``Client(max_response_bytes=...)``; never retried.

    Attributes:
        limit: The limit in bytes.
    """

    def __init__(self, message: str, *, limit: int) -> None:
        super().__init__(message, request_sent=True)
        self.limit = limit

    def _repr_fields(self) -> tuple[tuple[str, object], ...]:
        return (("message", str(self)), ("limit", self.limit))


class APIError(LayersError):
    """The server answered with an error envelope.

    Attributes:
        status_code: The HTTP status.
        code: The stable error code (``"NOT_FOUND"``, ...); what callers branch on.
        message: The server's human-readable message.
        request_id: ``error.requestId`` or the ``X-Request-Id`` header.
        details: ``error.details`` (empty when absent).
        idempotency_key: The ``Idempotency-Key`` the failed call carried, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str,
        request_id: str | None = None,
        details: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.code = code
        self.request_id = request_id
        self.details: Mapping[str, Any] = dict(details or {})
        self.idempotency_key = idempotency_key

    def __str__(self) -> str:
        rid = f", request_id={self.request_id}" if self.request_id else ""
        return f"{self.code} ({self.status_code}): {self.message}{rid}"

    def _repr_fields(self) -> tuple[tuple[str, object], ...]:
        return (
            ("status", self.status_code),
            ("code", self.code),
            ("message", self.message),
            ("request_id", self.request_id),
        )


class AuthenticationError(APIError):
    """401 ``UNAUTHENTICATED``: the key is missing, malformed or unknown."""


class PermissionDeniedError(APIError):
    """403 ``FORBIDDEN_SCOPE``: the key lacks ``required_scope``."""

    @property
    def required_scope(self) -> str | None:
        """The scope the route needs (``details.requiredScope``)."""
        value = self.details.get("requiredScope")
        return value if isinstance(value, str) else None


class ApprovalRequiredError(APIError):
    """403 ``APPROVAL_REQUIRED``: the container is still ``pending`` review."""


class NotFoundError(APIError):
    """404 ``NOT_FOUND``: unknown id, or an id owned by another organization."""


class ConflictError(APIError):
    """409 ``CONFLICT``: the resource's state forbids the call.

    A ``CONFLICT`` without a subcode but with ``details.layerCount > 1`` reads as ``LAYER_AMBIGUOUS``.
    """

    @property
    def subcode(self) -> str | None:
        """``details.subcode`` (``LAYER_AMBIGUOUS``, ``CONTAINER_ID_IN_USE``, ...), or ``None``."""
        value = self.details.get("subcode")
        if isinstance(value, str):
            return value
        count = self.layer_count
        return "LAYER_AMBIGUOUS" if count is not None and count > 1 else None

    @property
    def layer_count(self) -> int | None:
        """``details.layerCount`` when the project has several content layers."""
        value = self.details.get("layerCount")
        return value if isinstance(value, int) and not isinstance(value, bool) else None


class IdempotencyConflictError(APIError):
    """409 ``IDEMPOTENCY_CONFLICT``: the key was used with another body. Retry only with a new key."""


class ContentRejectedError(APIError):
    """409 ``CONTENT_REJECTED``: the container was rejected in review."""


class ValidationError(APIError):
    """400/422 ``VALIDATION``: the server refused the path, query or body."""

    @property
    def issues(self) -> list[tuple[str, str]]:
        """``(path, message)`` pairs from ``details.issues``."""
        raw = self.details.get("issues")
        out: list[tuple[str, str]] = []
        if isinstance(raw, Sequence):
            for item in raw:
                if isinstance(item, Mapping):
                    out.append((str(item.get("path", "")), str(item.get("message", ""))))
        return out


class RateLimitedError(APIError):
    """429 ``RATE_LIMITED``.

    Attributes:
        retry_after: Seconds the server asked us to wait (``Retry-After``), or ``None``.
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after

    def _repr_fields(self) -> tuple[tuple[str, object], ...]:
        return (*super()._repr_fields(), ("retry_after", self.retry_after))

    @property
    def endpoint_class(self) -> str | None:
        """``read-light``, ``write-light`` or ``long-running``."""
        value = self.details.get("endpointClass")
        return value if isinstance(value, str) else None

    @property
    def limit_type(self) -> str | None:
        """``minute``, ``day`` or ``concurrent_jobs``."""
        value = self.details.get("limitType")
        return value if isinstance(value, str) else None


class KillSwitchError(APIError):
    """503 ``KILL_SWITCH``: the key or organization is disabled. Never retried."""


class ServerError(APIError):
    """A 5xx answer (``INTERNAL``, ``BAD_GATEWAY``, ``UNAVAILABLE``, ``TIMEOUT``, ``PLATFORM_ERROR``)."""


class JobError(LayersError):
    """A job did not end the way the caller asked for.

    Attributes:
        job: The last job envelope seen (a `layers_async.models.Job`), or ``None``.
        job_id: The job's id.
    """

    def __init__(self, message: str, *, job_id: str, job: Any = None) -> None:
        super().__init__(message)
        self.job_id = job_id
        self.job = job

    def _repr_fields(self) -> tuple[tuple[str, object], ...]:
        return (("job_id", self.job_id), ("message", str(self)))


class JobFailedError(JobError):
    """The job ended ``failed``; ``job.error`` says why."""


class JobCanceledError(JobError):
    """The job ended ``canceled``."""


class PollTimeoutError(JobError):
    """Waiting for the job took longer than the timeout; the job may still be running."""


class TrackerError(LayersError):
    """The job tracker itself broke (a bug or misuse), as opposed to a job failing; see ``__cause__``."""


class JobStoreError(LayersError):
    """A job store could not read or write (its database was locked past its wait cap, closed, ...)."""


class RateLimiterError(LayersError):
    """A shared rate limiter (such as the Redis one) could not be reached; the request was not sent."""
