"""Projects: the tenancy boundary inside an org (API reference: Projects)."""

from __future__ import annotations

from datetime import datetime

import attrs

from layers_async.models._base import OpenEnum
from layers_async.models._content import OrganicPlatform

__all__ = [
    "BrandContext",
    "LayerKind",
    "Project",
    "ProjectLayer",
    "ProjectStatus",
    "ProjectSummary",
    "SocialAccount",
    "SocialAccountStatus",
]


class ProjectStatus(OpenEnum):
    """A project's status."""

    ACTIVE = "active"
    ARCHIVED = "archived"


class LayerKind(OpenEnum):
    """What a project layer does; only ``CONTENT`` layers produce containers."""

    CONTENT = "content"
    ENGAGEMENT = "engagement"
    ADS = "ads"


class SocialAccountStatus(OpenEnum):
    """Whether a social account can publish."""

    CONNECTED = "connected"
    REAUTH_REQUIRED = "reauth_required"
    DISCONNECTED = "disconnected"


@attrs.frozen(kw_only=True)
class ProjectSummary:
    """One project as listed by ``GET /v1/projects``."""

    id: str
    name: str | None = None
    status: ProjectStatus = ProjectStatus.ACTIVE
    customer_external_id: str | None = None
    timezone: str | None = None
    primary_language: str | None = None
    owner_email: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class BrandContext:
    """What the project's brand says about itself; every member may be ``None``."""

    app_name: str | None = None
    app_description: str | None = None
    tagline: str | None = None
    audience: str | None = None
    icp: str | None = None
    brand_voice: str | None = None
    keywords: tuple[str, ...] | None = None
    primary_language: str | None = None
    logo_url: str | None = None


@attrs.frozen(kw_only=True)
class ProjectLayer:
    """A layer of a project (``kind == CONTENT`` for content layers)."""

    project_layer_id: str
    name: str | None = None
    kind: LayerKind | None = None


@attrs.frozen(kw_only=True)
class SocialAccount:
    """A social account linked to a project."""

    social_account_id: str
    platform: OrganicPlatform | None = None
    handle: str | None = None
    status: SocialAccountStatus | None = None


@attrs.frozen(kw_only=True)
class Project(ProjectSummary):
    """One project as ``GET /v1/projects/{projectId}`` returns it."""

    organization_id: str | None = None
    brand_context: BrandContext | None = None
    layers: tuple[ProjectLayer, ...] = ()
    social_accounts: tuple[SocialAccount, ...] = ()

    @property
    def content_layers(self) -> tuple[ProjectLayer, ...]:
        """The layers that produce containers (pass one as ``project_layer_id`` when there are several)."""
        return tuple(layer for layer in self.layers if layer.kind is LayerKind.CONTENT)
