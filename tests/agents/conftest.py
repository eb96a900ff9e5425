"""The demo world on a virtual clock, a client on it, and the tools bound to that client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from layers_async import Client
from layers_async.agents import Tool, build_tools
from layers_async.testing import DemoHandles, FakeLayers, VirtualClock


@pytest.fixture
def fake() -> FakeLayers:
    return FakeLayers(seed=11, clock=VirtualClock())


@pytest.fixture
def demo(fake: FakeLayers) -> DemoHandles:
    return fake.demo()


@pytest.fixture
async def client(fake: FakeLayers, demo: DemoHandles) -> AsyncIterator[Client]:
    made: Any = fake.client(key=demo.key)
    async with made as ready:
        yield ready


@pytest.fixture
def tools(client: Client) -> dict[str, Tool]:
    return {t.name: t for t in build_tools(client, allow_writes=True, allow_approvals=True)}
