"""Helpers shared by the agent tool tests."""

from __future__ import annotations

from typing import Any


def clone_args(project_id: str, post_id: str, **overrides: Any) -> dict[str, Any]:
    """``start_clone`` arguments with every key present (nulls for the defaults)."""
    args: dict[str, Any] = {
        "project_id": project_id,
        "post_id": post_id,
        "mode": None,
        "variations": None,
        "dry_run": None,
        "request_key": None,
    }
    args.update(overrides)
    return args
