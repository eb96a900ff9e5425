"""A raw TCP server on 127.0.0.1 that misbehaves on purpose, one way per scenario.

Requests whose path contains ``/bad`` get the scenario's misbehaviour; every other request gets a plain
``200 {}``, so a test can check that the next call on the same client still works.
"""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import anyio
import anyio.abc

__all__ = ["SCENARIOS", "Hostile", "Seen", "serving"]

Stream = anyio.abc.ByteStream
Behave = Callable[["Hostile", Stream], Awaitable[bool]]  # returns whether to keep the connection

OK = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
JOB = b'{"jobId":"job_bad","status":"running"}'
_CLOSED = (anyio.BrokenResourceError, anyio.ClosedResourceError, anyio.EndOfStream, OSError)


@dataclass
class Seen:
    """One request as the server read it."""

    method: str
    path: str
    headers: dict[str, str]


@dataclass
class Hostile:
    """The server's state: what it saw, and where a redirect points (a second listener)."""

    behave: Behave
    seen: list[Seen] = field(default_factory=list)
    port: int = 0
    other_port: int = 0
    other_seen: list[Seen] = field(default_factory=list)

    @property
    def bad(self) -> list[Seen]:
        return [s for s in self.seen if "/bad" in s.path]


async def _read_request(stream: Stream, buf: bytes) -> tuple[Seen | None, bytes]:
    while b"\r\n\r\n" not in buf:
        try:
            chunk = await stream.receive(65_536)
        except _CLOSED:
            return None, b""
        buf += chunk
    head, _, buf = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _version = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(buf) < length:
        try:
            buf += await stream.receive(65_536)
        except _CLOSED:
            return None, b""
    return Seen(method, path, headers), buf[length:]


async def _serve_one(hostile: Hostile, stream: Stream, seen: list[Seen], good_only: bool) -> None:
    buf = b""
    try:
        async with stream:
            while True:
                request, buf = await _read_request(stream, buf)
                if request is None:
                    return
                seen.append(request)
                if good_only or "/bad" not in request.path:
                    await stream.send(OK)
                elif not await hostile.behave(hostile, stream):
                    return
    except _CLOSED:
        return


@asynccontextmanager
async def serving(behave: Behave) -> AsyncIterator[Hostile]:
    """Run the hostile server (and a second, well-behaved listener) for the duration of the block."""
    hostile = Hostile(behave)
    main = await anyio.create_tcp_listener(local_host="127.0.0.1")
    other = await anyio.create_tcp_listener(local_host="127.0.0.1")
    hostile.port = main.extra(anyio.abc.SocketAttribute.local_port)
    hostile.other_port = other.extra(anyio.abc.SocketAttribute.local_port)
    async with anyio.create_task_group() as tg:
        tg.start_soon(main.serve, lambda s: _serve_one(hostile, s, hostile.seen, False))
        tg.start_soon(other.serve, lambda s: _serve_one(hostile, s, hostile.other_seen, True))
        try:
            yield hostile
        finally:
            tg.cancel_scope.cancel()
    await main.aclose()
    await other.aclose()


# -- the misbehaviours -------------------------------------------------------------------------------


async def close_before_headers(h: Hostile, s: Stream) -> bool:
    return False


async def close_after_headers(h: Hostile, s: Stream) -> bool:
    await s.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
    return False


async def short_body(h: Hostile, s: Stream) -> bool:
    await s.send(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"jobId"')
    return False


async def trickle(h: Hostile, s: Stream) -> bool:
    await s.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n")
    for _ in range(200):  # one byte every 50 ms: each read is quick, the whole body takes 10 s
        await anyio.sleep(0.05)
        await s.send(b" ")
    return False


async def slow_headers(h: Hostile, s: Stream) -> bool:
    for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n":
        await anyio.sleep(0.05)
        await s.send(bytes([byte]))
    return False


async def garbage_status_line(h: Hostile, s: Stream) -> bool:
    await s.send(b"HELLO THERE \x00\xff\r\n\r\n")
    return False


async def corrupt_gzip(h: Hostile, s: Stream) -> bool:
    body = b"\x1f\x8b\x08\x00not really gzip at all"
    await s.send(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    return False


BOMB = gzip.compress(b"[" + b"0," * (4 * 1024 * 1024) + b"0]", compresslevel=9)


async def gzip_bomb(h: Hostile, s: Stream) -> bool:
    await s.send(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
        + f"Content-Length: {len(BOMB)}\r\n\r\n".encode()
        + BOMB
    )
    return True


async def endless_chunked(h: Hostile, s: Stream) -> bool:
    await s.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"x" * 65_536
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    for _ in range(10_000):  # ~650 MB if nobody stops reading
        await s.send(framed)
    return False


async def large_plain_body(h: Hostile, s: Stream) -> bool:
    body = b"[" + b"0," * (1024 * 1024) + b"0]"  # 2 MiB, plainly declared
    await s.send(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    await s.send(body)
    return False


async def redirect_elsewhere(h: Hostile, s: Stream) -> bool:
    location = f"http://127.0.0.1:{h.other_port}/steal"
    await s.send(f"HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n".encode())
    return True


async def not_modified(h: Hostile, s: Stream) -> bool:
    await s.send(b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\n\r\n')
    return True


async def no_content(h: Hostile, s: Stream) -> bool:
    await s.send(b"HTTP/1.1 204 No Content\r\n\r\n")
    return True


async def non_ascii_etag(h: Hostile, s: Stream) -> bool:
    await s.send(
        b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nETag: "caf\xe9"\r\n'
        + f"Content-Length: {len(JOB)}\r\n\r\n".encode()
        + JOB
    )
    return True


SCENARIOS: dict[str, Behave] = {
    "close_before_headers": close_before_headers,
    "close_after_headers": close_after_headers,
    "short_body": short_body,
    "trickle": trickle,
    "slow_headers": slow_headers,
    "garbage_status_line": garbage_status_line,
    "corrupt_gzip": corrupt_gzip,
    "gzip_bomb": gzip_bomb,
    "endless_chunked": endless_chunked,
    "large_plain_body": large_plain_body,
    "redirect_elsewhere": redirect_elsewhere,
    "not_modified": not_modified,
    "no_content": no_content,
    "non_ascii_etag": non_ascii_etag,
}
