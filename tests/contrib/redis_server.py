"""A real ``redis-server`` (>= 7) started for the test session on 127.0.0.1, without persistence.

With ``CI=true`` a missing server or coredis fails the tests that need them; elsewhere they skip,
saying why. ``.ci/run`` installs the Debian package when it is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

__all__ = ["redis_server"]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the Redis tests must run; .ci/run installs redis-server)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _start(exe: str, workdir: Path) -> tuple[subprocess.Popen[bytes], int]:
    for _ in range(3):  # another process may take the free port between our probe and the bind
        port = _free_port()
        args = [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        args += ["--dir", str(workdir), "--daemonize", "no", "--logfile", str(workdir / "redis.log")]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            if _answers(port):
                return proc, port
            time.sleep(0.05)
        proc.kill()
        proc.wait()
    raise RuntimeError(f"redis-server did not start; see {workdir / 'redis.log'}")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a fresh redis-server that lives as long as the test session."""
    try:
        import coredis  # noqa: F401
    except ImportError:
        _unavailable("coredis is not installed (pip install -e '.[dev]')")
    exe = shutil.which("redis-server")
    if exe is None:
        _unavailable("redis-server is not installed (apt-get install -y redis-server)")
        raise AssertionError("unreachable")
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False).stdout
    found = re.search(r"v=(\d+)\.", version)
    if found is None or int(found.group(1)) < 7:
        _unavailable(f"redis-server >= 7 is needed, found {version.strip()!r}")
    proc, port = _start(exe, tmp_path_factory.mktemp("redis"))
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
