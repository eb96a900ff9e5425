"""The emulator's minimal-shapes switch: job envelopes with only the vendor's example fields."""

from __future__ import annotations

import json

from layers_async.testing import FakeLayers, VirtualClock
from layers_async.testing._fake._http import HttpRequest


def _call(fake: FakeLayers, secret: str, method: str, path: str, body: object = None) -> tuple[int, dict[str, object]]:
    headers = [("Authorization", f"Bearer {secret}"), ("Content-Type", "application/json")]
    raw = json.dumps(body).encode() if body is not None else b""
    response = fake.handle(HttpRequest.build(method, path, headers, raw))
    return response.status, json.loads(response.body)


def _clone_then_poll(minimal: bool) -> tuple[dict[str, object], dict[str, object], dict[str, object]]:
    fake = FakeLayers(seed=5, clock=VirtualClock(), minimal_shapes=minimal)
    h = fake.demo()
    body = {"projectId": h.project_id, "sourcePlatformPostId": h.breakout_post_id}
    cnt = "cnt_6d2f8a14-b39e-4c71-8f05-2ae9c7d41b58"
    status, accepted = _call(fake, h.key.secret, "POST", f"/v1/content/{cnt}/clone-from-post", body)
    assert status == 202
    _, running = _call(fake, h.key.secret, "GET", f"/v1/jobs/{accepted['jobId']}")
    fake.advance(3_600)
    _, done = _call(fake, h.key.secret, "GET", f"/v1/jobs/{accepted['jobId']}")
    return accepted, running, done


def test_a_clone_202_has_only_the_vendors_fields() -> None:
    accepted, _, _ = _clone_then_poll(minimal=True)
    assert ["containerId", "jobId", "kind", "locationUrl", "status"] == sorted(accepted)


def test_a_poll_has_only_the_vendors_fields() -> None:
    _, running, done = _clone_then_poll(minimal=True)
    assert ["jobId", "kind", "progress", "stage", "startedAt", "status"] == sorted(running)
    assert {"jobId", "kind", "status", "finishedAt", "result"} <= set(done)
    assert not {"projectId", "containerId", "locationUrl"} & set(done)


def test_the_switch_is_off_by_default() -> None:
    accepted, running, _ = _clone_then_poll(minimal=False)
    assert {"projectId", "startedAt", "stage"} <= set(accepted)
    assert {"projectId", "containerId", "locationUrl"} <= set(running)
