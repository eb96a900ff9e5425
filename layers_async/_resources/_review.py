"""``client.review``: approve or reject containers, read and set the review policy (API reference: Content review)."""

from __future__ import annotations

from layers_async._checks import (
    check_choice,
    check_int_range,
    check_optional_str,
    check_str,
    path_id,
)
from layers_async._resources._base import Resource
from layers_async.errors import InvalidRequestError
from layers_async.models._review import (
    Approval,
    ApproveRequest,
    Rejection,
    RejectRequest,
    ReviewPolicy,
    ReviewPolicySettings,
    ReviewPolicyUpdate,
)

__all__ = ["Review"]

_POLICIES = frozenset(p.value for p in ReviewPolicy)


class Review(Resource):
    """Human review: ``pending`` containers cannot be scheduled until approved."""

    __slots__ = ()

    async def approve(
        self, container_id: str, *, note: str | None = None, idempotency_key: str | None = None
    ) -> Approval:
        """Approve a ``pending``, ``completed`` container.

        Args:
            container_id: The container.
            note: Optional note, at most 1024 characters.
            idempotency_key: Your own key; one is minted otherwise and reused on every retry.

        Raises:
            InvalidRequestError: A bad argument (before any request).
            ConflictError: ``CONTAINER_NOT_READY`` or ``APPROVAL_STATE``.
        """
        path = f"/v1/content/{path_id('container_id', container_id)}/approve"
        body = ApproveRequest(note=check_optional_str("note", note, min_len=0, max_len=1024))
        return await self._call("POST", path, Approval, body=body, idempotency_key=idempotency_key)

    async def reject(self, container_id: str, *, reason: str, idempotency_key: str | None = None) -> Rejection:
        """Reject a ``pending`` container; final, and it does not trigger regeneration.

        Args:
            container_id: The container.
            reason: Why, 1–1024 characters.
            idempotency_key: Your own key; one is minted otherwise and reused on every retry.

        Raises:
            InvalidRequestError: A bad argument (before any request).
            ConflictError: ``CONTAINER_NOT_READY`` or ``APPROVAL_STATE``.
        """
        path = f"/v1/content/{path_id('container_id', container_id)}/reject"
        body = RejectRequest(reason=check_str("reason", reason, max_len=1024))
        return await self._call("POST", path, Rejection, body=body, idempotency_key=idempotency_key)

    async def get_policy(self, project_id: str) -> ReviewPolicySettings:
        """Read the project's review policy (``auto_approve`` when never set)."""
        path = f"/v1/projects/{path_id('project_id', project_id)}/content-review-policy"
        return await self._call("GET", path, ReviewPolicySettings)

    async def set_policy(
        self,
        project_id: str,
        *,
        policy: ReviewPolicy | str,
        first_n: int | None = None,
        idempotency_key: str | None = None,
    ) -> ReviewPolicySettings:
        """Set the project's review policy; it applies to new containers only.

        Args:
            project_id: The project.
            policy: ``"auto_approve"``, ``"review_first_n"`` or ``"review_all"``.
            first_n: 1–50; required with ``review_first_n`` and refused with any other policy.
            idempotency_key: Your own key; one is minted otherwise and reused on every retry.

        Raises:
            InvalidRequestError: A bad argument (before any request).
        """
        path = f"/v1/projects/{path_id('project_id', project_id)}/content-review-policy"
        chosen = ReviewPolicy(check_choice("policy", policy, _POLICIES))
        if chosen is ReviewPolicy.REVIEW_FIRST_N:
            if first_n is None:
                raise InvalidRequestError("first_n is required with policy 'review_first_n'", argument="first_n")
            first_n = check_int_range("first_n", first_n, 1, 50)
        elif first_n is not None:
            raise InvalidRequestError("first_n is allowed only with policy 'review_first_n'", argument="first_n")
        body = ReviewPolicyUpdate(policy=chosen, first_n=first_n)
        return await self._call("PATCH", path, ReviewPolicySettings, body=body, idempotency_key=idempotency_key)
