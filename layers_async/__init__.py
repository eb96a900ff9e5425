"""layers-async: the async Python SDK for the Layers Partner API."""

from typing import TYPE_CHECKING, Any

from layers_async import errors
from layers_async._client import Client
from layers_async._clock import AnyioClock, Clock
from layers_async._json import to_dict, to_json
from layers_async._logs import configure_from_env as _configure_logging
from layers_async._public import publish as _publish
from layers_async._retry import RetryPolicy
from layers_async._transport import Request, Response, Transport
from layers_async._version import __version__
from layers_async.errors import (
    APIError,
    ClientClosedError,
    InvalidRequestError,
    LayersError,
    ResponseDecodeError,
    TransportError,
)
from layers_async.transports._httpx import HttpxTransport

_configure_logging()  # LAYERS_LOG=debug|info; without it the library adds no handler

if TYPE_CHECKING:
    from layers_async import models
    from layers_async._limiter import LocalRateLimiter, RateLimiter
    from layers_async._pagination import Paginator
    from layers_async._polling import PollPolicy
    from layers_async._response_info import RateLimit, ResponseInfo
    from layers_async._store import CloneIntent, JobStore, MemoryJobStore, StoredJob
    from layers_async._store_sqlite import SqliteJobStore
    from layers_async._tracker import JobTracker
    from layers_async._tracker_state import ProgressEvent, TrackedJob, TrackerCounts

# Loaded on first use, so `import layers_async` costs little more than importing its dependencies.
_LAZY = {
    "CloneIntent": "layers_async._store",
    "JobStore": "layers_async._store",
    "LocalRateLimiter": "layers_async._limiter",
    "MemoryJobStore": "layers_async._store",
    "SqliteJobStore": "layers_async._store_sqlite",
    "StoredJob": "layers_async._store",
    "JobTracker": "layers_async._tracker",
    "Paginator": "layers_async._pagination",
    "RateLimiter": "layers_async._limiter",
    "PollPolicy": "layers_async._polling",
    "RateLimit": "layers_async._response_info",
    "ResponseInfo": "layers_async._response_info",
    "ProgressEvent": "layers_async._tracker_state",
    "TrackedJob": "layers_async._tracker_state",
    "TrackerCounts": "layers_async._tracker_state",
}


def __getattr__(name: str) -> Any:
    import importlib

    if name == "models":
        return importlib.import_module("layers_async.models")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'layers_async' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    _publish(__name__, value)
    return value


__all__ = [
    "APIError",
    "AnyioClock",
    "Client",
    "ClientClosedError",
    "Clock",
    "CloneIntent",
    "HttpxTransport",
    "InvalidRequestError",
    "JobStore",
    "JobTracker",
    "LayersError",
    "LocalRateLimiter",
    "MemoryJobStore",
    "Paginator",
    "PollPolicy",
    "ProgressEvent",
    "RateLimit",
    "RateLimiter",
    "Request",
    "Response",
    "ResponseDecodeError",
    "ResponseInfo",
    "RetryPolicy",
    "SqliteJobStore",
    "StoredJob",
    "TrackedJob",
    "TrackerCounts",
    "Transport",
    "TransportError",
    "__version__",
    "errors",
    "models",
    "to_dict",
    "to_json",
]

# Reprs and tracebacks name the public module (attrs annotations resolved first).
_publish(__name__, *(globals()[name] for name in __all__ if name in globals()))
