"""A minimal HTTP/1.1 server on raw sockets, for `bench_transports.py` (not uvicorn, not h11).

Keep-alive, no pipelining: it reads a request head (and a ``Content-Length`` body), answers
``GET /v1/jobs/{id}`` with a job envelope rendered once by FakeLayers (so the SDK decodes a real job), and
anything else with a 404 error envelope. Every answer is bytes prepared up front.

Two serving models (``--model``):

* ``threads`` (the default, what `bench_transports.py` uses): one blocking thread per connection, the
  classic ``socketserver.ThreadingTCPServer`` model of many small Python servers. Each connection costs
  the server a thread, and the threads take turns on one GIL: with 100 connections open, a request waits
  behind the others' switches, so a client that opens 100 connections (raw httpx at 100 in flight) gets
  a fraction of the throughput it gets with 10.
* ``selector``: one thread, one ``selectors`` loop; cost per request does not grow with connections.

Run standalone: ``python benchmarks/rawserver.py [--model threads|selector] [--backlog N]`` prints
``{"port": ..., "job": ...}``.
"""

from __future__ import annotations

import argparse
import json
import selectors
import socket
import threading

__all__ = ["serve_forever"]

_HEAD_END = b"\r\n\r\n"


def _render_job() -> tuple[str, bytes]:
    """A completed content job's envelope, rendered by FakeLayers once: ``(job id, JSON bytes)``."""
    from layers_async.testing import FakeLayers

    fake = FakeLayers(seed=0)
    org = fake.create_org("bench", credits=10**9)
    fake.default_key = fake.create_key(org, tier="partner")
    project = fake.create_project(org, "bench")
    status, body = fake.request("POST", f"/v1/projects/{project}/content", json_body={})
    assert status == 202, body
    job_id = body["jobId"]
    status, job = fake.request("GET", f"/v1/jobs/{job_id}")
    assert status == 200, job
    return job_id, json.dumps(job, separators=(",", ":")).encode()


def _response(status: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        "X-Request-Id: req_rawserver\r\n\r\n"
    )
    return head.encode() + body


class _Conn:
    __slots__ = ("buf", "out")

    def __init__(self) -> None:
        self.buf = b""
        self.out = b""


def serve_forever(sock: socket.socket, job_id: str, job_body: bytes) -> None:
    """Serve ``sock`` (already listening) until the process is killed."""
    ok = _response("200 OK", job_body)
    missing = _response("404 Not Found", b'{"error":{"code":"NOT_FOUND","message":"no such route"}}')
    job_path = f"/v1/jobs/{job_id}".encode()
    sel = selectors.DefaultSelector()
    sock.setblocking(False)
    sel.register(sock, selectors.EVENT_READ, None)
    while True:
        for key, _ in sel.select():
            if key.data is None:  # the listening socket: accept everything queued
                while True:
                    try:
                        conn, _addr = sock.accept()
                    except BlockingIOError:
                        break
                    conn.setblocking(False)
                    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    sel.register(conn, selectors.EVENT_READ, _Conn())
                continue
            conn, state = key.fileobj, key.data
            assert isinstance(conn, socket.socket)
            try:
                chunk = conn.recv(65536)
            except (ConnectionError, OSError):
                chunk = b""
            if not chunk:
                sel.unregister(conn)
                conn.close()
                continue
            state.buf += chunk
            out = []
            while True:
                end = state.buf.find(_HEAD_END)
                if end < 0:
                    break
                head = state.buf[:end]
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                if len(state.buf) < end + 4 + length:
                    break
                state.buf = state.buf[end + 4 + length :]
                parts = head.split(b" ", 2)
                target = parts[1] if len(parts) > 1 else b""
                path = target.split(b"?", 1)[0]
                out.append(ok if parts[0] == b"GET" and path.endswith(job_path) else missing)
            if out:
                try:
                    conn.sendall(b"".join(out))
                except (ConnectionError, OSError):
                    sel.unregister(conn)
                    conn.close()


def _serve_connection(conn: socket.socket, ok: bytes, missing: bytes, job_path: bytes) -> None:
    """One connection, blocking, in its own thread: the classic ``socketserver`` threading model."""
    buf = b""
    with conn:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        while True:
            end = buf.find(_HEAD_END)
            if end < 0:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    return
                if not chunk:
                    return
                buf += chunk
                continue
            head = buf[:end]
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            while len(buf) < end + 4 + length:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buf += chunk
            buf = buf[end + 4 + length :]
            parts = head.split(b" ", 2)
            path = (parts[1] if len(parts) > 1 else b"").split(b"?", 1)[0]
            try:
                conn.sendall(ok if parts[0] == b"GET" and path.endswith(job_path) else missing)
            except OSError:
                return


def serve_threads(sock: socket.socket, job_id: str, job_body: bytes) -> None:
    """Serve ``sock`` with one thread per connection until the process is killed."""
    ok = _response("200 OK", job_body)
    missing = _response("404 Not Found", b'{"error":{"code":"NOT_FOUND","message":"no such route"}}')
    job_path = f"/v1/jobs/{job_id}".encode()
    while True:
        conn, _addr = sock.accept()
        threading.Thread(target=_serve_connection, args=(conn, ok, missing, job_path), daemon=True).start()


def listen(backlog: int) -> socket.socket:
    """A TCP socket on 127.0.0.1, an ephemeral port, listening with ``backlog``."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(backlog)
    return sock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backlog", type=int, default=8, help="listen backlog (accept queue length)")
    parser.add_argument("--model", choices=("threads", "selector"), default="threads")
    args = parser.parse_args()
    job_id, body = _render_job()
    sock = listen(args.backlog)
    print(json.dumps({"port": sock.getsockname()[1], "job": job_id}), flush=True)
    (serve_threads if args.model == "threads" else serve_forever)(sock, job_id, body)


if __name__ == "__main__":
    main()
