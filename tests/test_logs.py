"""``LAYERS_LOG`` and the log lines retries leave (never the key)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest

from layers_async import Client, Request, Response, RetryPolicy
from layers_async._logs import _EnvHandler, configure_from_env, logger
from layers_async.errors import ServerError
from layers_async.testing import MockTransport, RecordingClock, json_response

KEY = "lp_test_s3cr3t-key-value"


def failing_then_ok(failures: int) -> MockTransport:
    calls = {"n": 0}

    def handler(_: Request) -> Response:
        calls["n"] += 1
        if calls["n"] <= failures:
            body = {"error": {"code": "UNAVAILABLE", "message": "try later", "requestId": f"req_{calls['n']}"}}
            return json_response(503, body)
        return json_response(200, {"ok": True})

    return MockTransport(handler)


@pytest.fixture
def clean_logger() -> Iterator[None]:
    level, handlers = logger.level, list(logger.handlers)
    yield
    logger.setLevel(level)
    logger.handlers[:] = handlers


@pytest.mark.anyio
async def test_each_retry_is_one_info_line_with_reason_attempt_and_wait(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="layers_async")
    retry = RetryPolicy(attempts=4, jitter=False)
    clock = RecordingClock()
    async with Client(api_key=KEY, transport=failing_then_ok(3), retry=retry, clock=clock) as client:
        await client.send("GET", "/v1/whoami")
    lines = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    expected = [
        "GET /v1/whoami: 503 UNAVAILABLE on attempt 1 of 4; retrying in 0.50s",
        "GET /v1/whoami: 503 UNAVAILABLE on attempt 2 of 4; retrying in 1.00s",
        "GET /v1/whoami: 503 UNAVAILABLE on attempt 3 of 4; retrying in 2.00s",
    ]
    assert expected == lines
    assert [0.5, 1.0, 2.0] == clock.sleeps


@pytest.mark.anyio
async def test_the_last_failure_is_raised_not_logged_as_a_retry(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="layers_async")
    retry = RetryPolicy(attempts=2, jitter=False)
    async with Client(api_key=KEY, transport=failing_then_ok(5), retry=retry, clock=RecordingClock()) as client:
        with pytest.raises(ServerError):
            await client.send("GET", "/v1/whoami")
    assert 1 == len([r for r in caplog.records if r.levelno == logging.INFO])
    assert all(KEY not in r.getMessage() for r in caplog.records)


def test_without_layers_log_the_library_adds_no_handler(clean_logger: None) -> None:
    logger.handlers[:] = [h for h in logger.handlers if not isinstance(h, _EnvHandler)]
    assert None is configure_from_env({})
    assert None is configure_from_env({"LAYERS_LOG": "verbose"})
    assert not any(isinstance(h, _EnvHandler) for h in logger.handlers)


@pytest.mark.parametrize(
    ("value", "level"), [("debug", logging.DEBUG), ("INFO", logging.INFO), (" info ", logging.INFO)]
)
def test_layers_log_sets_the_level_and_one_handler(clean_logger: None, value: str, level: int) -> None:
    assert level == configure_from_env({"LAYERS_LOG": value})
    configure_from_env({"LAYERS_LOG": value})  # twice: still one handler
    assert (level, 1) == (logger.level, sum(isinstance(h, _EnvHandler) for h in logger.handlers))


SCRIPT = textwrap.dedent(
    """
    import anyio
    from layers_async import Client, RetryPolicy
    from layers_async.testing import MockTransport, RecordingClock, json_response

    state = {"n": 0}

    def handler(request):
        state["n"] += 1
        return json_response(502 if state["n"] == 1 else 200, {"ok": True}, {"x-request-id": "req_7"})

    async def main():
        retry = RetryPolicy(jitter=False)
        async with Client(api_key=KEY, transport=MockTransport(handler), retry=retry, clock=RecordingClock()) as c:
            await c.send("POST", "/v1/projects/prj_1/content", json={"variantCount": 1})

    anyio.run(main)
    """
)


@pytest.mark.parametrize(("value", "attempt_lines"), [("debug", 2), ("info", 0)])
def test_layers_log_in_a_fresh_process_prints_to_stderr(value: str, attempt_lines: int) -> None:
    env = {**os.environ, "LAYERS_LOG": value}
    env.pop("LAYERS_API_KEY", None)
    script = f"KEY = {KEY!r}\n" + SCRIPT
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert 0 == done.returncode, done.stderr
    lines = done.stderr.splitlines()
    attempts = [line for line in lines if "(attempt " in line]
    retries = [line for line in lines if "retrying in" in line]
    assert attempt_lines == len(attempts), done.stderr
    assert 1 == len(retries) and "INFO layers_async]" in retries[0] and "502 BAD_GATEWAY" in retries[0]
    assert KEY not in done.stderr + done.stdout
