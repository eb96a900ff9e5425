"""pytest plugin: the `fake_layers` and `layers_client` fixtures, for every async test setup.

``fake_layers`` is a fresh `FakeLayers` (seed 0, virtual clock) per test; ``layers_client`` is a
`layers_async.Client` on it. Both are plain (synchronous) fixtures: a client binds to no event loop until
its first request, so it runs on the test's own loop under anyio's plugin (asyncio or trio), pytest-asyncio
(strict or auto mode) or pytest-trio, and asks for no ``anyio_backend`` (so no backend is forced on anyone).

``layers_client`` sends ``fake_layers.default_key`` as it is at each request: after ``fake_layers.demo()``
it speaks for the demo org; assign ``fake_layers.default_key = key`` to switch to a key made later.
"""

from __future__ import annotations

from collections.abc import Coroutine, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from layers_async.testing._fake._fake import FakeLayers

if TYPE_CHECKING:
    from layers_async._client import Client


@pytest.fixture
def fake_layers() -> FakeLayers:
    """A fresh emulator with a virtual clock (advance it with ``fake_layers.advance(seconds)``)."""
    return FakeLayers(seed=0)


@pytest.fixture
def layers_client(fake_layers: FakeLayers) -> Iterator[Client]:
    """A `layers_async.Client` wired to ``fake_layers``, speaking with its default key at each request."""
    from layers_async.testing._fake_transport import FakeTransport, make_client

    client: Client = make_client(fake_layers, follow_default_key=True)
    yield client
    _run_without_loop(client.aclose())
    transport = client.transport
    assert isinstance(transport, FakeTransport)
    transport.close_now()


def _run_without_loop(coro: Coroutine[Any, Any, None]) -> None:
    """Run a coroutine that never suspends (closing a client that does not own its transport) to its end."""
    try:
        coro.send(None)
    except StopIteration:
        return
    coro.close()
    raise RuntimeError("closing the client needed an event loop")  # pragma: no cover - a bug in this plugin
