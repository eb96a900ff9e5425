"""Serve the emulator over HTTP on loopback: ``python -m layers_async.testing serve --port 8000``.

Needs the ``sandbox`` extra (uvicorn).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from layers_async.testing._fake._clock import RealClock
from layers_async.testing._fake._fake import FakeLayers

__all__ = ["main", "serve"]


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    seed: int = 0,
    speed: float = 1.0,
    demo: bool = True,
    fake: FakeLayers | None = None,
) -> None:
    """Run the emulator under uvicorn until interrupted.

    Args:
        host: Interface to bind (loopback by default).
        port: TCP port.
        seed: Seed for ids and faults.
        speed: Clock seconds per real second (jobs, syncs and publications move that much faster).
        demo: Build the "acme-todo" demo world and print its key.
        fake: Serve this emulator instead of building one.
    """
    try:
        import uvicorn
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise SystemExit("serving needs uvicorn: pip install 'layers-async[sandbox]'") from exc
    if fake is None:
        fake = FakeLayers(seed=seed, clock=RealClock(speed=speed))
    if demo:
        handles = fake.demo()
        print(f"FakeLayers demo on http://{host}:{port}  key={handles.key.secret}  project={handles.project_id}")
    uvicorn.run(fake.asgi_app, host=host, port=port, log_level="warning")


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point: ``serve [--host H] [--port N] [--seed S] [--speed X] [--no-demo]``."""
    parser = argparse.ArgumentParser(prog="python -m layers_async.testing", description="Serve FakeLayers.")
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("serve", help="serve the emulator on 127.0.0.1")
    cmd.add_argument("--host", default="127.0.0.1")
    cmd.add_argument("--port", type=int, default=8000)
    cmd.add_argument("--seed", type=int, default=0)
    cmd.add_argument("--speed", type=float, default=1.0)
    cmd.add_argument("--no-demo", action="store_true")
    args = parser.parse_args(argv)
    serve(args.host, args.port, seed=args.seed, speed=args.speed, demo=not args.no_demo)
