"""The emulator's demo world served over HTTP on 127.0.0.1 by uvicorn in a thread, for subprocess clients."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from layers_async.testing import FakeLayers, RealClock

__all__ = ["served", "served_demo"]


@contextmanager
def served_demo(*, speed: float = 100.0) -> Iterator[tuple[str, str]]:
    """Serve a fresh demo world (its clock ``speed`` times real time); yield ``(base_url, demo key)``."""
    fake = FakeLayers(seed=0, clock=RealClock(speed=speed))
    key = fake.demo().key.secret
    with served(fake) as base_url:
        yield base_url, key


@contextmanager
def served(fake: FakeLayers) -> Iterator[str]:
    """Serve ``fake`` over HTTP on 127.0.0.1 by uvicorn in a thread; yield its base URL."""
    config = uvicorn.Config(
        fake.asgi_app, host="127.0.0.1", port=0, log_level="critical", lifespan="off", http="h11", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
