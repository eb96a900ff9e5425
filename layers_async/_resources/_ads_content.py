"""``client.ads_content``: the scoring pool and human overrides (API reference: Ads content)."""

from __future__ import annotations

from layers_async._checks import (
    check_bool,
    check_choice,
    check_choices,
    check_int_range,
    check_number_range,
    check_optional_str,
    path_id,
)
from layers_async._pagination import Paginator
from layers_async._resources._base import Many, Resource
from layers_async.models._ads import AdsContent, AdsContentSort, AdsOverride, AdsOverrideRequest, ScoringPool

__all__ = ["AdsContents"]

_POOLS = frozenset(p.value for p in ScoringPool)
_OVERRIDES = frozenset(o.value for o in AdsOverride)
_OVERRIDE_FILTERS = _OVERRIDES | {"none"}
_SORTS = frozenset(s.value for s in AdsContentSort)


class AdsContents(Resource):
    """The ads-content scoring pool: which creatives are eligible for ad rotation."""

    __slots__ = ()

    def list(
        self,
        project_id: str,
        *,
        scoring_pool: Many[ScoringPool] | None = None,
        min_score: float = 0,
        override: AdsOverride | str | None = None,
        eligible: bool | None = None,
        sort: AdsContentSort | str = "score_desc",
        limit: int = 50,
        cursor: str | None = None,
    ) -> Paginator[AdsContent]:
        """List a project's scoring pool lazily.

        Args:
            project_id: The project.
            scoring_pool: ``generated``, ``ugc`` and/or ``manual``.
            min_score: 0–10; above 0 leaves out unscored rows.
            override: ``"include"``, ``"exclude"`` or ``"none"`` (rows without an override).
            eligible: Only eligible (``True``) or ineligible (``False``) rows.
            sort: ``score_desc``, ``score_asc`` or ``scored_at_desc``.
            limit: Page size, 1–200.
            cursor: Resume from a page's ``next_cursor``.

        Raises:
            InvalidRequestError: A bad argument (raised here, before iteration).
        """
        path = f"/v1/projects/{path_id('project_id', project_id)}/ads-content"
        query = {
            "scoringPool": check_choices("scoring_pool", scoring_pool, _POOLS),
            "minScore": check_number_range("min_score", min_score, 0, 10),
            "override": None if override is None else check_choice("override", override, _OVERRIDE_FILTERS),
            "eligible": None if eligible is None else check_bool("eligible", eligible),
            "sort": check_choice("sort", sort, _SORTS),
            "limit": check_int_range("limit", limit, 1, 200),
        }
        return self._paginate(path, query, AdsContent, cursor)

    async def set_override(
        self,
        project_id: str,
        ads_content_id: str,
        *,
        override: AdsOverride | str | None,
        note: str | None = None,
        idempotency_key: str | None = None,
    ) -> AdsContent:
        """Set or clear a human override; use sparingly, and only on an explicit human request.

        Args:
            project_id: The project.
            ads_content_id: The ads-content row.
            override: ``"include"`` (eligible however the score decays), ``"exclude"`` (ineligible now)
                or ``None`` (sent as ``null``: eligibility follows the score again).
            note: Optional, at most 280 characters.
            idempotency_key: Your own key; one is minted otherwise and reused on every retry.

        Raises:
            InvalidRequestError: A bad argument (before any request).
        """
        path = (
            f"/v1/projects/{path_id('project_id', project_id)}/ads-content/{path_id('ads_content_id', ads_content_id)}"
        )
        body = AdsOverrideRequest(
            override=None if override is None else AdsOverride(check_choice("override", override, _OVERRIDES)),
            note=check_optional_str("note", note, min_len=0, max_len=280),
        )
        return await self._call("PATCH", path, AdsContent, body=body, idempotency_key=idempotency_key)
