"""`build_tools`: the tool set for one client, read-only unless writes or approvals are enabled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from layers_async.agents._approve import approval_tools
from layers_async.agents._jobs import job_tools
from layers_async.agents._read import read_tools
from layers_async.agents._spec import Tool
from layers_async.agents._write import write_tools

if TYPE_CHECKING:
    from layers_async import Client

__all__ = ["build_tools"]


def build_tools(client: Client, *, allow_writes: bool = False, allow_approvals: bool = False) -> list[Tool]:
    """The Layers tools for an agent, bound to ``client``.

    The default set only reads: ``list_projects``, ``rank_top_posts``, ``get_post_metrics``,
    ``find_breakouts``, ``check_saturation``, ``get_job_status``, ``wait_for_job`` and
    ``list_pending_approvals``.

    Args:
        client: The client every tool calls (its key's scopes still apply).
        allow_writes: Add ``start_clone`` and ``run_daily_loop``, which start content jobs (and spend credits).
        allow_approvals: Add ``decide_approval`` and ``schedule_post``, which carry out a human's review
            decision. A switch of its own: the vendor's rule is that agents never approve content themselves.

    Returns:
        The tools, in a stable order.
    """
    tools = read_tools(client) + job_tools(client)
    if allow_writes:
        tools += write_tools(client)
    if allow_approvals:
        tools += approval_tools(client)
    return tools
