"""Raw-HTTP harness for the emulator suite: every behaviour test runs in process and over loopback HTTP."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn

from layers_async.testing import FakeLayers
from layers_async.testing._fake._faults import InjectedDisconnect
from layers_async.testing._fake._http import HttpRequest


class Dropped(Exception):
    """The connection dropped (injected reset or lost response), seen from the raw client."""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    content: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.content) if self.content else None

    @property
    def code(self) -> str | None:
        body = self.json
        return body["error"]["code"] if isinstance(body, dict) and "error" in body else None

    @property
    def details(self) -> dict[str, Any]:
        return dict(self.json["error"].get("details") or {})


class _Switch:
    """An ASGI app that forwards to the current test's emulator (one server for the whole module)."""

    def __init__(self) -> None:
        self.app: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


@pytest.fixture(scope="session")
def loopback() -> Iterator[tuple[_Switch, str]]:
    switch = _Switch()
    config = uvicorn.Config(
        switch, host="127.0.0.1", port=0, log_level="critical", lifespan="off", http="h11", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield switch, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


class Api:
    """Sends raw HTTP requests to a `FakeLayers`, in process or over loopback."""

    def __init__(self, fake: FakeLayers, base: str | None) -> None:
        self.fake = fake
        self.base = base
        self.key = fake.default_key.secret
        self.h: Any = None

    async def call(
        self,
        method: str,
        path: str,
        *,
        key: Any = "default",
        body: Any = None,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        hdrs = dict(headers or {})
        if key == "default":
            key = self.key
        if key is not None:
            hdrs.setdefault("Authorization", f"Bearer {key}")
        content = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        if content:
            hdrs["Content-Type"] = "application/json"
        if self.base is None:
            try:
                r = await self.fake.handle_async(HttpRequest.build(method, path, hdrs.items(), content))
            except InjectedDisconnect as exc:
                raise Dropped(str(exc)) from exc
            return Answer(r.status, {k.lower(): v for k, v in r.headers}, r.body)
        async with httpx.AsyncClient(base_url=self.base) as client:
            try:
                res = await client.request(method, path, headers=hdrs, content=content)
            except httpx.TransportError as exc:
                raise Dropped(str(exc)) from exc
        return Answer(res.status_code, {k.lower(): v for k, v in res.headers.items()}, res.content)


@pytest.fixture(params=["inproc", "loopback"])
def api(request: pytest.FixtureRequest) -> Api:
    fake = FakeLayers(seed=7)
    handles = fake.demo()
    if request.param == "inproc":
        result = Api(fake, None)
    else:
        switch, base = request.getfixturevalue("loopback")
        switch.app = fake.asgi_app
        result = Api(fake, base)
    result.h = handles
    return result
