"""Every async test runs on asyncio and on trio."""

from __future__ import annotations

import pytest

from tests.contrib.redis_server import redis_server  # noqa: F401 - a session fixture: a real redis-server


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)
