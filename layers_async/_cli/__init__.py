"""The ``layers-async`` command line: ``demo``, ``top``, ``clone``, ``watch``, ``loop``, ``sandbox serve``.

Needs the ``cli`` extra (rich), imported only here so that ``import layers_async`` never loads it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from functools import partial
from typing import NoReturn

import anyio

from layers_async._resources._metrics import DEFAULT_RANKING_METRIC
from layers_async.errors import LayersError

__all__ = ["build_parser", "main"]

_PROG = "layers-async"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr (exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The CLI's argument parser."""
    common = _Parser(add_help=False)
    common.add_argument("--backend", choices=("asyncio", "trio"), default="asyncio", help="event loop to run on")
    common.add_argument("--json", action="store_true", help="print one JSON document instead of tables")
    common.add_argument("--debug", action="store_true", help="show tracebacks")
    remote = _Parser(add_help=False, parents=[common])
    remote.add_argument("--sandbox", action="store_true", help="use an in-process FakeLayers demo world")
    remote.add_argument("--speed", type=float, default=None, help="sandbox clock speed factor (default 10)")
    workflow = _Parser(add_help=False)
    workflow.add_argument("--window", choices=("7d", "30d", "90d"), default="30d")
    workflow.add_argument("--max-clones", type=int, choices=(4, 5), default=4, help="saturation threshold")

    parser = _Parser(prog=_PROG, description="Layers Partner API from the terminal (LAYERS_API_KEY, LAYERS_BASE_URL).")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    demo = sub.add_parser("demo", parents=[common, workflow], help="run the daily loop on an in-process demo world")
    demo.add_argument("--speed", type=float, default=None, help="clock speed factor (default 10)")
    top = sub.add_parser("top", parents=[remote], help="top performers of a project")
    top.add_argument("project_id", nargs="?", metavar="PROJECT_ID")
    top.add_argument(
        "--metric",
        default=DEFAULT_RANKING_METRIC.value,
        choices=("engagement_rate", "views", "watch_time_ms", "conversions", "roas"),
    )
    top.add_argument("--window", choices=("7d", "30d", "90d"), default="30d")
    top.add_argument("--limit", type=int, default=10)
    clone = sub.add_parser("clone", parents=[remote], help="clone one post")
    clone.add_argument("source", nargs="?", metavar="SOURCE_POST_ID")
    clone.add_argument("--project", metavar="PROJECT_ID")
    clone.add_argument("--mode", choices=("fork", "reimagine"), default="fork")
    clone.add_argument("--variations", type=int, default=1)
    clone.add_argument("--wait", action="store_true", help="follow the job to its end")
    watch = sub.add_parser("watch", parents=[remote], help="live progress of jobs")
    watch.add_argument("job_ids", nargs="+", metavar="JOB_ID")
    loop = sub.add_parser("loop", parents=[remote, workflow], help="run the daily publish-to-learn loop")
    loop.add_argument("project_ids", nargs="*", metavar="PROJECT_ID")
    sandbox = sub.add_parser("sandbox", help="the FakeLayers emulator")
    sandbox_sub = sandbox.add_subparsers(dest="sandbox_command", required=True, metavar="COMMAND", parser_class=_Parser)
    serve = sandbox_sub.add_parser("serve", help="serve FakeLayers over HTTP on 127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--seed", type=int, default=0)
    serve.add_argument("--speed", type=float, default=1.0)
    serve.add_argument("--no-demo", action="store_true", help="start empty instead of with the demo world")
    serve.add_argument("--debug", action="store_true")
    return parser


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 failed, 2 usage)."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "sandbox":
            from layers_async.testing._fake._serve import serve

            serve("127.0.0.1", args.port, seed=args.seed, speed=args.speed, demo=not args.no_demo)
            return 0
        try:
            from layers_async._cli._commands import COMMANDS
            from layers_async._cli._render import Renderer
        except ImportError as exc:  # pragma: no cover - depends on the install
            print(f"{_PROG}: error: the CLI needs rich: pip install 'layers-async[cli]' ({exc})", file=sys.stderr)
            return 1
        out = Renderer(json_mode=args.json)
        code: int = anyio.run(partial(COMMANDS[args.command], args, out), backend=args.backend)
        return code
    except KeyboardInterrupt:
        print(f"{_PROG}: interrupted", file=sys.stderr)
        return 130
    except (LayersError, OSError, ValueError) as exc:
        if args.debug:
            raise
        print(f"{_PROG}: error: {_one_line(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"{_PROG}: error: unexpected {type(exc).__name__}: {_one_line(exc)} (rerun with --debug)", file=sys.stderr
        )
        return 1
