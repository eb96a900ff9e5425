"""The ``layers-async`` command line: demo, top, clone, watch, loop, weekly, sandbox, mcp.

Needs the ``cli`` extra (rich), imported only here so that ``import layers_async`` never loads it.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
from collections.abc import Sequence
from functools import partial
from typing import Any, NoReturn

import anyio

from layers_async._resources._metrics import DEFAULT_RANKING_METRIC
from layers_async._version import __version__
from layers_async.errors import LayersError

__all__ = ["build_parser", "main"]

_PROG = "layers-async"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr (exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _command(sub: Any, name: str, summary: str, examples: Sequence[str], **kwargs: Any) -> argparse.ArgumentParser:
    """A subcommand whose help ends with examples."""
    epilog = "examples:\n" + "\n".join(f"  {_PROG} {e}" for e in examples)
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=summary, description=summary, epilog=epilog, formatter_class=_FORMAT, **kwargs
    )
    return parser


_FORMAT = argparse.RawDescriptionHelpFormatter


def _parents() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser, argparse.ArgumentParser]:
    """The option groups the commands share: common, remote (API or sandbox) and workflow options."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--backend",
        choices=("asyncio", "trio"),
        default="asyncio",
        help="event loop to run on (e.g. --backend trio; trio needs: pip install 'layers-async[trio]')",
    )
    common.add_argument(
        "--json", action="store_true", help="print one JSON document instead of tables (e.g. top --sandbox --json)"
    )
    common.add_argument("--debug", action="store_true", help="show tracebacks (e.g. top prj_x --debug)")
    remote = _Parser(add_help=False, parents=[common])
    remote.add_argument(
        "--sandbox",
        action="store_true",
        help="use the local sandbox world instead of the API; it is kept between commands, so ids printed by "
        "one command work in the next (e.g. top --sandbox)",
    )
    remote.add_argument(
        "--sandbox-state",
        metavar="PATH",
        help="file the sandbox world is kept in (default: <user cache dir>/layers-async/sandbox.json; "
        "e.g. --sandbox-state /tmp/sandbox.json)",
    )
    remote.add_argument(
        "--speed", type=float, default=None, help="sandbox clock speed factor, default 10 (e.g. --speed 100)"
    )
    remote.add_argument(
        "--allow-http",
        action="store_true",
        help="accept a plain http:// LAYERS_BASE_URL on a host that is not loopback "
        "(e.g. LAYERS_BASE_URL=http://sandbox.lan:8000 ... --allow-http)",
    )
    workflow = _Parser(add_help=False)
    _window_option(workflow)
    workflow.add_argument(
        "--max-clones",
        type=int,
        choices=(4, 5),
        default=4,
        help="a source with more clones than this, none better, is saturated (e.g. --max-clones 5)",
    )
    _html_option(workflow, "report.html")
    return common, remote, workflow


def _window_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--window", choices=("7d", "30d", "90d"), default="30d", help="ranking window (e.g. --window 7d)"
    )


def _html_option(parser: argparse.ArgumentParser, example: str) -> None:
    parser.add_argument(
        "--html", metavar="PATH", help=f"also write the report as a self-contained web page (e.g. --html {example})"
    )


def _id_argument(
    parser: argparse.ArgumentParser,
    name: str,
    metavar: str,
    what: str,
    demo: str,
    example: str,
    nargs: str | None = "?",
) -> None:
    """An id argument that may be left out with --sandbox, which then takes the demo world's."""
    parser.add_argument(
        name, nargs=nargs, metavar=metavar, help=f"{what}; with --sandbox {demo} by default (e.g. {example})"
    )


def build_parser() -> argparse.ArgumentParser:
    """The CLI's argument parser."""
    common, remote, workflow = _parents()
    parser = _Parser(
        prog=_PROG,
        description="Layers Partner API from the terminal (LAYERS_API_KEY, LAYERS_BASE_URL), or --sandbox.",
        epilog=f"examples:\n  {_PROG} demo\n  {_PROG} top --sandbox\n  {_PROG} COMMAND --help",
        formatter_class=_FORMAT,
    )
    parser.add_argument("--version", action="version", version=f"{_PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    demo = _command(
        sub,
        "demo",
        "run the daily loop on a fresh in-process demo world",
        ["demo", "demo --backend trio --speed 50", "demo --html demo.html"],
        parents=[common, workflow],
    )
    demo.add_argument("--speed", type=float, default=None, help="clock speed factor, default 10 (e.g. --speed 50)")
    top = _command(
        sub,
        "top",
        "top performers of a project",
        ["top --sandbox", "top prj_… --metric views --window 7d --limit 5"],
        parents=[remote],
    )
    _id_argument(top, "project_id", "PROJECT_ID", "project to rank", "the demo project", "prj_…")
    top.add_argument(
        "--metric",
        default=DEFAULT_RANKING_METRIC.value,
        choices=("engagement_rate", "views", "watch_time_ms", "conversions", "roas"),
        help="what to rank by (e.g. --metric views)",
    )
    _window_option(top)
    top.add_argument("--limit", type=int, default=10, help="rows to show (e.g. --limit 3)")
    clone = _command(
        sub,
        "clone",
        "clone one post (the clone is held for review)",
        ["clone --sandbox --wait", "clone pp_… --project prj_… --variations 2 --wait"],
        parents=[remote],
    )
    _id_argument(clone, "source", "SOURCE_POST_ID", "post to clone, as `top` prints it", "the demo's breakout", "pp_…")
    _id_argument(
        clone, "--project", "PROJECT_ID", "project of the post", "the demo project", "--project prj_…", nargs=None
    )
    clone.add_argument(
        "--mode", choices=("fork", "reimagine"), default="fork", help="how close to stay (e.g. --mode reimagine)"
    )
    clone.add_argument("--variations", type=int, default=1, help="outputs to make (e.g. --variations 2)")
    clone.add_argument("--wait", action="store_true", help="follow the job to its end (e.g. clone --sandbox --wait)")
    watch = _command(
        sub,
        "watch",
        "live progress of jobs until they end",
        ["watch --sandbox job_…", "watch job_… job_…"],
        parents=[remote],
    )
    watch.add_argument(
        "job_ids", nargs="+", metavar="JOB_ID", help="jobs to follow, as `clone` prints them (e.g. job_…)"
    )
    loop = _command(
        sub,
        "loop",
        "run the daily publish-to-learn loop",
        ["loop --sandbox --html report.html", "loop prj_… prj_… --json"],
        parents=[remote, workflow],
    )
    _id_argument(loop, "project_ids", "PROJECT_ID", "projects to run", "the demo's two", "prj_… prj_…", nargs="*")
    weekly = _command(
        sub,
        "weekly",
        "the weekly read: paid results, divergences and next week's briefs",
        ["weekly --sandbox", "weekly prj_… --generate --json"],
        parents=[remote],
    )
    weekly.add_argument(
        "project_ids",
        nargs="*",
        metavar="PROJECT",
        help="projects to read; every active project of the key by default (e.g. prj_…)",
    )
    weekly.add_argument(
        "--generate",
        action="store_true",
        help="start the briefs' generations, once per ISO week, held for review (e.g. weekly --sandbox --generate)",
    )
    _html_option(weekly, "week.html")
    _sandbox_commands(sub)
    from layers_async._cli._mcp import MCP_EXAMPLES, MCP_SUMMARY, add_mcp_arguments

    add_mcp_arguments(_command(sub, "mcp", MCP_SUMMARY, MCP_EXAMPLES))
    return parser


def _sandbox_commands(sub: Any) -> None:
    sandbox = _command(sub, "sandbox", "the FakeLayers emulator", ["sandbox serve --port 8000", "sandbox reset"])
    sandbox_sub = sandbox.add_subparsers(dest="sandbox_command", required=True, metavar="COMMAND", parser_class=_Parser)
    serve = _command(
        sandbox_sub,
        "serve",
        "serve FakeLayers over HTTP on 127.0.0.1",
        ["sandbox serve --port 8000 --speed 20"],
    )
    serve.add_argument("--port", type=int, default=8000, help="TCP port (e.g. --port 8080)")
    serve.add_argument(
        "--seed",
        type=int,
        default=None,
        help="seed for ids, keys and faults; without it the keys are fresh and random (e.g. --seed 7)",
    )
    serve.add_argument("--speed", type=float, default=1.0, help="clock speed factor (e.g. --speed 20)")
    serve.add_argument(
        "--no-demo", action="store_true", help="start empty instead of with the demo world (e.g. --no-demo)"
    )
    serve.add_argument("--debug", action="store_true", help="show tracebacks (e.g. --debug)")
    reset = _command(
        sandbox_sub,
        "reset",
        "forget the --sandbox world kept between commands (the next command starts a new one)",
        ["sandbox reset", "sandbox reset --sandbox-state /tmp/sandbox.json"],
    )
    reset.add_argument(
        "--sandbox-state", metavar="PATH", help="the state file to remove (e.g. --sandbox-state /tmp/sandbox.json)"
    )
    reset.add_argument("--debug", action="store_true", help="show tracebacks (e.g. --debug)")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def _leaves(exc: BaseException) -> list[BaseException]:
    """The exceptions inside (nested) exception groups, or ``[exc]``: trio wraps Ctrl-C in a group."""
    inner = getattr(exc, "exceptions", None)
    if isinstance(inner, tuple) and inner and all(isinstance(e, BaseException) for e in inner):
        return [leaf for e in inner for leaf in _leaves(e)]
    return [exc]


def _check_backend(backend: str) -> None:
    """Fail with an install hint, before any work, when ``--backend trio`` is chosen without trio installed."""
    if backend == "trio":
        # The CLI is the one place that picks an event loop. trio is an optional extra, so it is imported
        # here, lazily and only for --backend trio: the library and the asyncio default never load it.
        try:
            import trio  # noqa: F401
        except ImportError:
            raise ValueError("the trio backend needs trio: pip install 'layers-async[trio]'") from None


def _run(args: argparse.Namespace) -> int:
    if args.command == "sandbox":
        return _sandbox(args)
    _check_backend(args.backend)
    if args.command == "mcp":
        from layers_async._cli._mcp import run_mcp

        return run_mcp(args)
    try:
        from layers_async._cli._commands import COMMANDS
        from layers_async._cli._render import Renderer
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ValueError(f"the CLI needs rich: pip install 'layers-async[cli]' ({exc})") from None
    out = Renderer(json_mode=args.json)
    code: int = anyio.run(partial(COMMANDS[args.command], args, out), backend=args.backend)
    return code


def _sandbox(args: argparse.Namespace) -> int:
    if args.sandbox_command == "reset":
        from layers_async._cli._sandbox import default_state_path, reset

        path = pathlib.Path(args.sandbox_state) if args.sandbox_state else default_state_path()
        print(f"sandbox reset: {path} {'removed' if reset(path) else 'did not exist'}")
        return 0
    from layers_async.testing._fake._serve import serve

    serve("127.0.0.1", args.port, seed=args.seed, speed=args.speed, demo=not args.no_demo)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 failed, 2 usage, 130 interrupted)."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except BaseException as exc:
        leaves = _leaves(exc)
        if any(isinstance(e, KeyboardInterrupt) for e in leaves):
            print(f"{_PROG}: interrupted", file=sys.stderr)
            return 130
        if args.debug or not isinstance(exc, Exception):
            raise
        return _report_error(leaves[0] if len(leaves) == 1 else exc)


def _report_error(exc: BaseException) -> int:
    if isinstance(exc, (LayersError, OSError, ValueError)):
        print(f"{_PROG}: error: {_one_line(exc)}", file=sys.stderr)
    else:
        print(
            f"{_PROG}: error: unexpected {type(exc).__name__}: {_one_line(exc)} (rerun with --debug)", file=sys.stderr
        )
    return 1
