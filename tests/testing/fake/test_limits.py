"""Emulator hardening: body and nesting limits on every route, loopback-only serving, fresh keys."""

from __future__ import annotations

from typing import Any

import pytest

from layers_async.errors import APIError, InvalidRequestError, ValidationError
from layers_async.testing import FakeLayers, VirtualClock
from layers_async.testing._fake import _serve
from layers_async.testing._fake._limits import MAX_BODY_BYTES, MAX_JSON_DEPTH, too_deep
from tests.testing.fake.conftest import Api

ROUTES = [
    ("POST", "/v1/projects/{project}/content"),
    ("POST", "/v1/jobs/job_x/cancel"),
    ("PATCH", "/v1/projects/{project}/content-review-policy"),
    ("GET", "/v1/whoami"),
    ("POST", "/v1/nowhere"),
]


def _path(api: Api, template: str) -> str:
    return template.format(project=api.h.project_id)


@pytest.mark.anyio
@pytest.mark.parametrize(("method", "template"), ROUTES)
async def test_a_body_over_one_mebibyte_is_a_413_envelope(api: Api, method: str, template: str) -> None:
    answer = await api.call(method, _path(api, template), raw=b'{"a":"' + b"x" * MAX_BODY_BYTES + b'"}')
    assert (413, "PAYLOAD_TOO_LARGE") == (answer.status, answer.code)


@pytest.mark.anyio
@pytest.mark.parametrize(("method", "template"), ROUTES)
@pytest.mark.parametrize("raw", [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 5_000 + b"1" + b"}" * 5_000])
async def test_json_nested_too_deep_is_a_422_envelope(api: Api, method: str, template: str, raw: bytes) -> None:
    answer = await api.call(method, _path(api, template), raw=raw)
    assert (422, "VALIDATION") == (answer.status, answer.code)


@pytest.mark.anyio
async def test_a_body_within_the_limits_is_served(api: Api) -> None:
    path = f"/v1/projects/{api.h.project_id}/content"
    answer = await api.call(
        "POST", path, raw=b'{"brief": {"hook": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}}'
    )
    assert 202 == answer.status


@pytest.mark.parametrize(
    ("body", "deep"),
    [
        (b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH, False),
        (b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1), True),
        (b'["' + b"[" * 1000 + b'"]', False),
        (b'["\\"' + b"[" * 1000 + b'"]', False),
        (b"[{}]" * 1000, False),
    ],
)
def test_nesting_depth_skips_strings(body: bytes, deep: bool) -> None:
    assert deep == too_deep(body)


@pytest.mark.anyio
async def test_the_sdk_gets_a_typed_error_through_the_in_process_transport() -> None:
    fake = FakeLayers(seed=2, clock=VirtualClock())
    h = fake.demo()
    async with fake.client(key=h.key) as client:
        with pytest.raises(ValidationError):
            await client.send("POST", f"/v1/projects/{h.project_id}/content", json=_deep(500))
        with pytest.raises(APIError) as info:
            await client.send("POST", f"/v1/projects/{h.project_id}/content", json={"a": "x" * MAX_BODY_BYTES})
        with pytest.raises(InvalidRequestError):
            await client.send("POST", f"/v1/projects/{h.project_id}/content", json=_deep(100_000))
    assert 413 == info.value.status_code


def _deep(n: int) -> Any:
    value: Any = 1
    for _ in range(n):
        value = [value]
    return value


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"])
def test_loopback_hosts_are_served(host: str) -> None:
    _serve.check_host(host, allow_remote=False)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.4", "example.test"])
def test_a_remote_host_is_refused_without_allow_remote(host: str) -> None:
    with pytest.raises(SystemExit, match="--allow-remote"):
        _serve.check_host(host, allow_remote=False)


def test_allow_remote_serves_with_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    _serve.check_host("0.0.0.0", allow_remote=True)
    assert "WARNING" in capsys.readouterr().err


def _served_key(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    _serve.main(argv)
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "key=" in ln)
    return line.split("key=")[1].split()[0]


def test_without_a_seed_every_start_mints_fresh_keys(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _served_key(monkeypatch, capsys, ["serve"])
    assert first != _served_key(monkeypatch, capsys, ["serve"])


def test_a_seed_gives_the_same_keys(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    first = _served_key(monkeypatch, capsys, ["serve", "--seed", "4"])
    assert first == _served_key(monkeypatch, capsys, ["serve", "--seed", "4"])


def test_main_refuses_a_remote_host(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SystemExit):
        _serve.main(["serve", "--host", "0.0.0.0"])
