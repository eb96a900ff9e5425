"""layers-async: the async Python SDK for the Layers Partner API."""

from layers_async import errors, models
from layers_async._client import Client
from layers_async._clock import AnyioClock, Clock
from layers_async._httpx import HttpxTransport
from layers_async._pagination import Paginator
from layers_async._polling import PollPolicy
from layers_async._retry import RetryPolicy
from layers_async._tracker import JobTracker
from layers_async._tracker_state import ProgressEvent, TrackedJob, TrackerCounts
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

__all__ = [
    "APIError",
    "AnyioClock",
    "Client",
    "ClientClosedError",
    "Clock",
    "HttpxTransport",
    "InvalidRequestError",
    "JobTracker",
    "LayersError",
    "Paginator",
    "PollPolicy",
    "ProgressEvent",
    "Request",
    "Response",
    "ResponseDecodeError",
    "RetryPolicy",
    "TrackedJob",
    "TrackerCounts",
    "Transport",
    "TransportError",
    "__version__",
    "errors",
    "models",
]
