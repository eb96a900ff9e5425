"""A client wired to a scripted MockTransport, and helpers to read what it sent."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from layers_async import Client, Request, Response
from layers_async.testing import MockTransport, RecordingClock, json_response


class Api:
    """Answers each request with the next scripted response and records what was sent."""

    def __init__(self) -> None:
        self.replies: list[Response] = []
        self.transport = MockTransport(self._handle)
        self.client = Client(api_key="lp_test_9f2c1e", transport=self.transport, clock=RecordingClock())

    def reply(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self.replies.append(json_response(status, body, headers or {"x-request-id": "req_01JTEST"}))

    def _handle(self, request: Request) -> Response:
        if not self.replies:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        return self.replies.pop(0)

    @property
    def requests(self) -> list[Request]:
        return self.transport.requests

    def sent(self, index: int = -1) -> tuple[str, str, list[tuple[str, str]], Any]:
        """(method, path, query pairs in order, parsed JSON body or None) of one request."""
        request = self.requests[index]
        parts = urlsplit(request.url)
        body = json.loads(request.content) if request.content else None
        return request.method, parts.path, parse_qsl(parts.query, keep_blank_values=True), body


@pytest.fixture
def api() -> Api:
    return Api()


@pytest.fixture
def make_api() -> type[Api]:
    """A fresh `Api` per call (for Hypothesis tests, where one fixture serves many examples)."""
    return Api
