"""``client.projects``: list and read projects (API reference: Projects)."""

from __future__ import annotations

from layers_async._checks import check_choice, check_int_range, check_optional_str, path_id
from layers_async._pagination import Paginator
from layers_async._resources._base import Resource
from layers_async.models._projects import Project, ProjectStatus, ProjectSummary

__all__ = ["Projects"]

_STATUSES = frozenset(s.value for s in ProjectStatus)


class Projects(Resource):
    """Projects: one per end customer, the tenancy boundary inside an org."""

    __slots__ = ()

    def list(
        self,
        *,
        status: ProjectStatus | str | None = None,
        search: str | None = None,
        customer_external_id: str | None = None,
        limit: int = 25,
        cursor: str | None = None,
    ) -> Paginator[ProjectSummary]:
        """List projects, newest first, lazily (``async for project in client.projects.list()``).

        Args:
            status: ``"active"`` or ``"archived"``; ``None`` for both.
            search: Case-insensitive substring of the name.
            customer_external_id: Exact match on your own customer id.
            limit: Page size, 1–200.
            cursor: Resume from a page's ``next_cursor``.

        Raises:
            InvalidRequestError: A bad argument (raised here, before iteration).
        """
        query = {
            "status": None if status is None else check_choice("status", status, _STATUSES),
            "search": check_optional_str("search", search, min_len=0),
            "customerExternalId": check_optional_str("customer_external_id", customer_external_id),
            "limit": check_int_range("limit", limit, 1, 200),
        }
        return self._paginate("/v1/projects", query, ProjectSummary, cursor)

    async def get(self, project_id: str) -> Project:
        """Read one project: brand context, layers and social accounts.

        Raises:
            NotFoundError: Unknown project, or another org's.
        """
        return await self._call("GET", f"/v1/projects/{path_id('project_id', project_id)}", Project)
