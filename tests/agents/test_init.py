"""The public surface of ``layers_async.agents``: pinned, sorted, and light to import."""

from __future__ import annotations

import subprocess
import sys

import layers_async.agents as agents
from layers_async.agents import ToolAnnotations, ToolError


def test_all_is_pinned_sorted_and_importable() -> None:
    expected = [
        "Tool",
        "ToolAnnotations",
        "ToolError",
        "build_tools",
        "clone_identity",
        "input_schema",
        "mcp_server",
        "output_schema",
        "to_langchain",
        "to_openai_agents",
        "to_pydantic_ai",
    ]
    assert (agents.__all__, all(hasattr(agents, name) for name in expected)) == (expected, True)


def test_importing_agents_loads_no_optional_dependency() -> None:
    code = (
        "import sys, layers_async.agents; "
        "print(sorted(m for m in ('mcp', 'agents', 'pydantic_ai', 'langchain_core', 'hypercorn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_annotations_use_mcp_names() -> None:
    hints = ToolAnnotations(read_only=True, destructive=False, idempotent=True, open_world=False).to_mcp()
    assert hints == {"readOnlyHint": True, "destructiveHint": False, "idempotentHint": True, "openWorldHint": False}


def test_tool_error_text_starts_with_its_kind() -> None:
    assert str(ToolError("rate_limited", "wait 5 seconds", retry_after=5)) == "rate_limited: wait 5 seconds"
