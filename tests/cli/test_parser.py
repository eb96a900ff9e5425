"""The CLI's argument parser, in process."""

from __future__ import annotations

import subprocess
import sys

import pytest

from layers_async._cli import build_parser


def test_backend_defaults_to_asyncio() -> None:
    assert "asyncio" == build_parser().parse_args(["demo"]).backend


def test_clone_mode_is_a_closed_set() -> None:
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args(["clone", "--mode", "copy"])
    assert 2 == info.value.code


def test_importing_layers_async_does_not_load_the_cli() -> None:
    # httpx itself imports rich when it is installed (for its own CLI), so check our modules instead.
    code = "import layers_async, layers_async.workflows, sys; print('layers_async._cli._render' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True)
    assert "False" == out.stdout.strip()


def test_sandbox_serve_mints_fresh_keys_unless_given_a_seed() -> None:
    parser = build_parser()
    seeds = (parser.parse_args(["sandbox", "serve"]).seed, parser.parse_args(["sandbox", "serve", "--seed", "7"]).seed)
    assert (None, 7) == seeds
