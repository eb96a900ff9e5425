"""The tools that carry out a human's decision (only with approvals enabled, a switch apart from writes).

The vendor's rule: agents never approve clones on their own; a human decides. These tools exist for
an assistant that relays a decision a person has just made.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import attrs

from layers_async._converter import parse_timestamp
from layers_async.agents._args import choice, ident, instant, text
from layers_async.agents._results import ApprovalDecision, ScheduledItem, ScheduleResultOut, iso
from layers_async.agents._spec import Progress, Tool, ToolAnnotations, make_tool
from layers_async.models import PublishMode, ScheduleTarget

if TYPE_CHECKING:
    from layers_async import Client

__all__ = ["approval_tools"]

_NAMESPACE = uuid.UUID("9a4c1e07-3b2d-4f58-8e61-c0d7b5a2f394")
_HUMAN_ONLY = (
    "Only call it to carry out a decision a human has just stated explicitly for this container; never decide "
    "yourself, never approve because a policy or a metric suggests it."
)
_FINAL = ToolAnnotations(read_only=False, destructive=True, idempotent=True, open_world=False)
_PUBLISH = ToolAnnotations(read_only=False, destructive=True, idempotent=True, open_world=True)


@attrs.frozen(kw_only=True)
class DecideArgs:
    container_id: str = ident("The container under review (from list_pending_approvals).")
    decision: str = choice("approve or reject, as the human said.", ["approve", "reject"], required=True)
    reason: str = text(
        "The human's reason in their words, 1-1024 characters (kept as the approval note or rejection reason).",
        max_len=1024,
    )


@attrs.frozen(kw_only=True)
class ScheduleArgs:
    container_id: str = ident("An approved (or review-free) container.")
    social_account_id: str = ident("The social account to publish to (sa_...).", in_path=False)
    mode: str = choice(
        "TikTok: direct_publish or draft_to_device; Instagram: reels, feed or draft_to_device.",
        [m.value for m in PublishMode],
        required=True,
    )
    publish_at: str = instant("When to publish, a future UTC instant such as 2026-05-11T09:30:00Z.")
    caption_override: str | None = text(
        "Caption to use instead of the generated one (null: keep it).", min_len=0, optional=True
    )


def approval_tools(client: Client) -> list[Tool]:
    """`decide_approval` and `schedule_post`, bound to ``client``."""

    async def decide(args: DecideArgs, progress: Progress | None) -> ApprovalDecision:
        # A retried call replays the first answer instead of failing on the state it already changed.
        basis = f"review/{args.container_id}/{args.decision}/{args.reason}"
        key = f"layers-agents-review-{uuid.uuid5(_NAMESPACE, basis)}"
        if args.decision == "approve":
            approved = await client.review.approve(args.container_id, note=args.reason, idempotency_key=key)
            return ApprovalDecision(
                container_id=approved.id,
                approval_status=str(approved.approval_status.value),
                decided_at=iso(approved.approved_at),
                decided_by=approved.approved_by,
            )
        rejected = await client.review.reject(args.container_id, reason=args.reason, idempotency_key=key)
        return ApprovalDecision(
            container_id=rejected.id,
            approval_status=str(rejected.approval_status.value),
            decided_at=iso(rejected.rejected_at),
            decided_by=rejected.rejected_by,
        )

    async def schedule(args: ScheduleArgs, progress: Progress | None) -> ScheduleResultOut:
        basis = f"{args.container_id}/{args.social_account_id}/{args.mode}/{args.publish_at}/{args.caption_override}"
        result = await client.publishing.schedule(
            args.container_id,
            scheduled_for=parse_timestamp(args.publish_at),
            targets=[
                ScheduleTarget(
                    social_account_id=args.social_account_id,
                    mode=PublishMode(args.mode),
                    caption_override=args.caption_override,
                )
            ],
            idempotency_key=f"layers-agents-schedule-{uuid.uuid5(_NAMESPACE, basis)}",
        )
        posts = tuple(
            ScheduledItem(
                scheduled_post_id=p.id,
                social_account_id=p.social_account_id,
                platform=None if p.platform is None else str(p.platform.value),
                mode=None if p.mode is None else str(p.mode.value),
                status=str(p.status.value),
                scheduled_for=iso(p.scheduled_for),
            )
            for p in result.scheduled_posts
        )
        gate = None if result.gate_status is None else str(result.gate_status.value)
        return ScheduleResultOut(container_id=result.container_id, scheduled_posts=posts, gate_status=gate)

    return [
        make_tool(
            "decide_approval",
            "Record a human's review decision",
            "Approve or reject content awaiting review, on a human's explicit instruction. " + _HUMAN_ONLY + " "
            "Final: a rejection cannot be undone, and rejecting does not regenerate. Retrying the same call is "
            "safe. One write.",
            DecideArgs,
            ApprovalDecision,
            decide,
            annotations=_FINAL,
        ),
        make_tool(
            "schedule_post",
            "Schedule a post",
            "Schedule approved content to publish on one social account at a UTC time. Publishes publicly when "
            "the time comes. " + _HUMAN_ONLY + " Retrying with the same arguments creates no second post. "
            "One write. Returns the scheduled post.",
            ScheduleArgs,
            ScheduleResultOut,
            schedule,
            annotations=_PUBLISH,
        ),
    ]
