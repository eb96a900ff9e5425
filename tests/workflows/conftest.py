"""The demo world on a virtual clock (no real sleeping, jobs move as the tracker polls), and a headless Chromium."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from layers_async import Client
from layers_async.testing import DemoHandles, FakeLayers, VirtualClock
from tests._browser import Browser, browser_page


@pytest.fixture(params=[False, True], ids=["full-shapes", "minimal-shapes"])
def fake(request: pytest.FixtureRequest) -> FakeLayers:
    """The emulator answering full job envelopes, then only the vendor's example fields."""
    return FakeLayers(seed=11, clock=VirtualClock(), minimal_shapes=request.param)


@pytest.fixture
def demo(fake: FakeLayers) -> DemoHandles:
    return fake.demo()


@pytest.fixture
async def client(fake: FakeLayers, demo: DemoHandles) -> AsyncIterator[Client]:
    made: Any = fake.client(key=demo.key)
    async with made as ready:
        yield ready


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium page per test module (the HTML reports' browser tests)."""
    with browser_page() as opened:
        yield opened
