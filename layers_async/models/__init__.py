"""Typed request and response models (frozen attrs classes)."""

from layers_async.models._base import OpenEnum
from layers_async.models._content import (
    ApprovalStatus,
    CaptionVariant,
    CloneFromPostRequest,
    CloneMode,
    CloneOverrides,
    Container,
    ContainerStatus,
    MediaAsset,
    MediaKind,
    OrganicPlatform,
)
from layers_async.models._jobs import AcceptedJob, CancelResult, Job, JobErrorInfo, JobResult, JobStatus

__all__ = [
    "AcceptedJob",
    "ApprovalStatus",
    "CancelResult",
    "CaptionVariant",
    "CloneFromPostRequest",
    "CloneMode",
    "CloneOverrides",
    "Container",
    "ContainerStatus",
    "Job",
    "JobErrorInfo",
    "JobResult",
    "JobStatus",
    "MediaAsset",
    "MediaKind",
    "OpenEnum",
    "OrganicPlatform",
]
