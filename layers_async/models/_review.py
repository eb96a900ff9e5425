"""Content review: approve, reject and the project's review policy (API reference: Content review)."""

from __future__ import annotations

from datetime import datetime

import attrs

from layers_async.models._base import OpenEnum
from layers_async.models._content import ApprovalStatus

__all__ = [
    "ApproveRequest",
    "Approval",
    "PendingSchedulePromotion",
    "PromotionStatus",
    "RejectRequest",
    "Rejection",
    "ReviewPolicy",
    "ReviewPolicySettings",
    "ReviewPolicyUpdate",
]


class ReviewPolicy(OpenEnum):
    """How new containers start: ``not_required``, always ``pending``, or ``pending`` for the first N."""

    AUTO_APPROVE = "auto_approve"
    REVIEW_FIRST_N = "review_first_n"
    REVIEW_ALL = "review_all"


@attrs.frozen(kw_only=True)
class ApproveRequest:
    """The body of ``POST /v1/content/{containerId}/approve``."""

    note: str | None = None


@attrs.frozen(kw_only=True)
class RejectRequest:
    """The body of ``POST /v1/content/{containerId}/reject``."""

    reason: str


class PromotionStatus(OpenEnum):
    """Whether an approval released a held schedule request."""

    OK = "ok"
    FAILED = "failed"


@attrs.frozen(kw_only=True)
class PendingSchedulePromotion:
    """A held schedule request released by an approval (a tolerated form)."""

    status: PromotionStatus
    scheduled_post_ids: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Approval:
    """The answer to approve: the container is now ``approved``."""

    id: str
    approval_status: ApprovalStatus = ApprovalStatus.APPROVED
    approved_at: datetime | None = None
    approved_by: str | None = None
    pending_schedule_promotion: PendingSchedulePromotion | None = None


@attrs.frozen(kw_only=True)
class Rejection:
    """The answer to reject: the container is now ``rejected`` (final)."""

    id: str
    approval_status: ApprovalStatus = ApprovalStatus.REJECTED
    rejected_at: datetime | None = None
    rejected_by: str | None = None
    reason: str | None = None


@attrs.frozen(kw_only=True)
class ReviewPolicySettings:
    """A project's review policy as ``GET``/``PATCH …/content-review-policy`` return it.

    Attributes:
        first_n: Set only for ``review_first_n``.
        pending_count: Live count of the project's ``pending`` containers.
        updated_at: ``None`` when the policy was never set (``auto_approve``).
    """

    project_id: str
    policy: ReviewPolicy
    first_n: int | None = None
    pending_count: int = 0
    approved_count: int | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class ReviewPolicyUpdate:
    """The body of ``PATCH …/content-review-policy`` (``first_n`` only with ``review_first_n``)."""

    policy: ReviewPolicy
    first_n: int | None = None
