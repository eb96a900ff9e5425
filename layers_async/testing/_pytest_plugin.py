"""pytest plugin: the `fake_layers` and `layers_client` fixtures.

``fake_layers`` is a fresh `FakeLayers` (seed 0, virtual clock) per test; ``layers_client`` is a ready
`layers_async.Client` on it, for tests marked ``@pytest.mark.anyio``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import pytest

from layers_async.testing._fake._fake import FakeLayers

if TYPE_CHECKING:
    from layers_async._client import Client


@pytest.fixture
def fake_layers() -> FakeLayers:
    """A fresh emulator with a virtual clock (advance it with ``fake_layers.advance(seconds)``)."""
    return FakeLayers(seed=0)


@pytest.fixture
async def layers_client(fake_layers: FakeLayers, anyio_backend: object) -> AsyncIterator[Client]:
    """A `layers_async.Client` wired to ``fake_layers`` with a full-access key."""
    async with fake_layers.client() as client:
        yield client
