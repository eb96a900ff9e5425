"""Optional OpenTelemetry tracing: one span per call and one per attempt (the ``[otel]`` extra).

Imported only when a client is built with ``tracing=``; without it nothing here is loaded and a call
pays one attribute check. Spans follow OpenTelemetry's stable HTTP client conventions:

* the call span (kind ``INTERNAL``: the logical operation, retries and waits included) and each
  attempt span (kind ``CLIENT``: one physical HTTP request) are named ``"{method} {url.template}"``;
* both carry ``http.request.method``, ``url.template`` (ids replaced by ``{projectId}``, ...),
  ``url.full``, ``server.address``, ``server.port``, ``http.response.status_code``, ``error.type``
  (the status as text, or the exception's class), ``http.request.resend_count`` (retries made),
  ``layers.request_id`` and ``layers.idempotency_key``.

Headers are never recorded, so the API key never reaches a span.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol
from urllib.parse import urlsplit

from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from layers_async._transport import Request, Response
from layers_async._version import __version__
from layers_async.errors import APIError, LayersError, TransportError

__all__ = ["Tracing", "TracerProviderLike", "url_template"]

# The collections whose next path segment is an id, and the name the vendor's reference gives it.
_ID_AFTER = {
    "projects": "{projectId}",
    "content": "{containerId}",
    "jobs": "{jobId}",
    "scheduled-posts": "{scheduledPostId}",
    "ads-content": "{adsContentId}",
}

Outcome = Response | tuple[APIError | TransportError, float | None]


class TracerProviderLike(Protocol):
    """What ``tracing=`` accepts besides ``True``: an OpenTelemetry ``TracerProvider``."""

    def get_tracer(self, instrumenting_module_name: str, instrumenting_library_version: str | None = None) -> Any:
        """Return a tracer."""
        ...


def url_template(path: str) -> str:
    """The route of ``path`` with its ids replaced: ``/v1/jobs/job_1/cancel`` → ``/v1/jobs/{jobId}/cancel``."""
    parts = path.split("/")
    for i in range(len(parts) - 1):
        name = _ID_AFTER.get(parts[i])
        if name is not None and parts[i + 1]:
            parts[i + 1] = name
    return "/".join(parts)


def _error_type(exc: BaseException) -> str:
    if isinstance(exc, APIError):
        return str(exc.status_code)
    cls = type(exc)
    return f"{cls.__module__}.{cls.__qualname__}" if isinstance(exc, LayersError) else cls.__qualname__


class Tracing:
    """Opens the call and attempt spans for one client.

    Args:
        provider: A ``TracerProvider``, or ``None`` for the globally configured one.
    """

    __slots__ = ("_tracer",)

    def __init__(self, provider: TracerProviderLike | None) -> None:
        self._tracer = trace.get_tracer("layers_async", __version__, tracer_provider=provider)  # type: ignore[arg-type]

    def _start(self, request: Request, path: str, idempotency_key: str | None, kind: SpanKind) -> Any:
        template = url_template(path)
        url = urlsplit(request.url)
        attributes: dict[str, str | int] = {
            "http.request.method": request.method,
            "url.template": template,
            "url.full": request.url,
            "server.address": url.hostname or "",
            "server.port": url.port or (443 if url.scheme == "https" else 80),
        }
        if idempotency_key is not None:
            attributes["layers.idempotency_key"] = idempotency_key
        return self._tracer.start_as_current_span(
            f"{request.method} {template}",
            kind=kind,
            attributes=attributes,
            record_exception=False,
            set_status_on_exception=False,
        )

    async def call(
        self, request: Request, path: str, idempotency_key: str | None, run: Callable[[], Awaitable[Response]]
    ) -> Response:
        """Run one logical call (every attempt and wait) inside its span."""
        with self._start(request, path, idempotency_key, SpanKind.INTERNAL) as span:
            try:
                response = await run()
            except BaseException as exc:
                _end_with_error(span, exc)
                raise
            _end_with_response(span, response)
            return response

    async def attempt(
        self,
        request: Request,
        path: str,
        attempt: int,
        idempotency_key: str | None,
        run: Callable[[], Awaitable[Outcome]],
    ) -> Outcome:
        """Run one attempt inside its span; records the retry count on the enclosing call span."""
        if attempt > 1:
            trace.get_current_span().set_attribute("http.request.resend_count", attempt - 1)
        with self._start(request, path, idempotency_key, SpanKind.CLIENT) as span:
            if attempt > 1:
                span.set_attribute("http.request.resend_count", attempt - 1)
            try:
                outcome = await run()
            except BaseException as exc:
                _end_with_error(span, exc)
                raise
            if isinstance(outcome, Response):
                _end_with_response(span, outcome)
            else:
                _end_with_error(span, outcome[0])
            return outcome


def _end_with_response(span: Any, response: Response) -> None:
    span.set_attribute("http.response.status_code", response.status_code)
    request_id = response.header("x-request-id")
    if request_id is not None:
        span.set_attribute("layers.request_id", request_id)


def _end_with_error(span: Any, exc: BaseException) -> None:
    if isinstance(exc, APIError):
        span.set_attribute("http.response.status_code", exc.status_code)
        if exc.request_id is not None:
            span.set_attribute("layers.request_id", exc.request_id)
    error_type = _error_type(exc)
    span.set_attribute("error.type", error_type)
    span.set_status(Status(StatusCode.ERROR, error_type))
