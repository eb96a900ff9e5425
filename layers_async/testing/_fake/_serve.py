"""Serve the emulator over HTTP on loopback: ``python -m layers_async.testing serve --port 8000``.

Needs the ``sandbox`` extra (uvicorn). The emulator is a test double with well-known behaviour, so it
binds to loopback only unless told otherwise (``--allow-remote``), and without ``--seed`` its keys are
fresh and random on every start (a fixed seed gives the same keys on every machine).
"""

from __future__ import annotations

import argparse
import ipaddress
import secrets
import sys
from collections.abc import Sequence

from layers_async.testing._fake._clock import RealClock
from layers_async.testing._fake._fake import FakeLayers

__all__ = ["check_host", "main", "serve"]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, *, allow_remote: bool) -> None:
    """Refuse a non-loopback ``host`` unless ``allow_remote``; then warn on stderr.

    Raises:
        SystemExit: ``host`` is not a loopback address and ``allow_remote`` is false.
    """
    if _is_loopback(host):
        return
    if not allow_remote:
        raise SystemExit(
            f"refusing to serve the emulator on {host!r}: it is reachable from other machines. "
            "Use 127.0.0.1, or pass --allow-remote if you really mean it."
        )
    print(
        f"WARNING: serving the emulator on {host!r}, reachable from other machines; "
        "anyone who can reach it can use the keys printed below.",
        file=sys.stderr,
    )


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    seed: int | None = None,
    speed: float = 1.0,
    demo: bool = True,
    fake: FakeLayers | None = None,
    allow_remote: bool = False,
) -> None:
    """Run the emulator under uvicorn until interrupted.

    Args:
        host: Interface to bind (loopback by default; anything else needs ``allow_remote``).
        port: TCP port.
        seed: Seed for ids, keys and faults; ``None`` draws a fresh random one (so fresh keys), printed.
        speed: Clock seconds per real second (jobs, syncs and publications move that much faster).
        demo: Build the "acme-todo" demo world and print its key.
        fake: Serve this emulator instead of building one.
        allow_remote: Allow a non-loopback ``host`` (a warning is printed).
    """
    check_host(host, allow_remote=allow_remote)
    try:
        import uvicorn
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise SystemExit("serving needs uvicorn: pip install 'layers-async[sandbox]'") from exc
    if fake is None:
        if seed is None:
            seed = secrets.randbits(63)
            print(f"FakeLayers: fresh random keys (seed {seed}; pass --seed to get the same ones again)")
        fake = FakeLayers(seed=seed, clock=RealClock(speed=speed))
    if demo:
        handles = fake.demo()
        print(f"FakeLayers demo on http://{host}:{port}  key={handles.key.secret}  project={handles.project_id}")
    uvicorn.run(fake.asgi_app, host=host, port=port, log_level="warning")


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point: ``serve [--host H] [--port N] [--seed S] [--speed X] [--no-demo] [--allow-remote]``."""
    parser = argparse.ArgumentParser(prog="python -m layers_async.testing", description="Serve FakeLayers.")
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("serve", help="serve the emulator on 127.0.0.1")
    cmd.add_argument("--host", default="127.0.0.1")
    cmd.add_argument("--port", type=int, default=8000)
    cmd.add_argument("--seed", type=int, default=None, help="same ids and keys on every start (default: random)")
    cmd.add_argument("--speed", type=float, default=1.0)
    cmd.add_argument("--no-demo", action="store_true")
    cmd.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host (prints a warning)")
    args = parser.parse_args(argv)
    serve(
        args.host,
        args.port,
        seed=args.seed,
        speed=args.speed,
        demo=not args.no_demo,
        allow_remote=args.allow_remote,
    )
