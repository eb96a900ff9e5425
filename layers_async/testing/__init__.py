"""Test helpers for code that uses layers-async: MockTransport, the FakeLayers emulator, a transport kit."""

from layers_async._public import publish as _publish
from layers_async.testing._conformance import NETWORK_CHECKS, TRANSPORT_CHECKS, check_transport
from layers_async.testing._fake._clock import RealClock, VirtualClock
from layers_async.testing._fake._demo import DemoHandles
from layers_async.testing._fake._demo_paid import PaidDemoHandles
from layers_async.testing._fake._fake import FakeLayers
from layers_async.testing._fake._faults import FaultPlan, FaultRule
from layers_async.testing._fake._fixtures import FakeKey
from layers_async.testing._fake._inspect import LoggedRequest
from layers_async.testing._fake._store import Config
from layers_async.testing._fake_transport import FakeTransport
from layers_async.testing._mock import MockTransport, RecordingClock, json_response

__all__ = [
    "Config",
    "DemoHandles",
    "FakeKey",
    "FakeLayers",
    "FakeTransport",
    "FaultPlan",
    "FaultRule",
    "LoggedRequest",
    "MockTransport",
    "NETWORK_CHECKS",
    "PaidDemoHandles",
    "RealClock",
    "RecordingClock",
    "TRANSPORT_CHECKS",
    "VirtualClock",
    "check_transport",
    "json_response",
]

# Reprs and tracebacks name the public module (attrs annotations resolved first).
# The emulator's own classes keep their module: its sandbox state file names them by it.
_EMULATOR = f"{__name__}._fake."
_publish(
    __name__,
    *(o for o in map(globals().get, __all__) if not getattr(o, "__module__", "").startswith(_EMULATOR)),
)
