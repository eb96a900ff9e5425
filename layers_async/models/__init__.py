"""Typed request and response models (frozen attrs classes).

Response models are tolerant readers. A field is required only when the SDK cannot work without it: a
job's ``jobId`` and ``status``, a container's ``id``, ``status`` and ``approvalStatus``, a page's
``items``, an entity's own id, and the values a workflow ranks or branches on. Every other field is
optional: absent or ``null`` reads as ``None`` (or an empty tuple, or a stated default), unknown fields are
ignored and unknown enum values kept. Where a missing value is obvious it is derived rather than left
empty: a job's ``location_url`` is ``/v1/jobs/{job_id}``, the accepted job of a clone names the container
of its path, an approval is ``approved`` and a rejection ``rejected``, credits without ``available`` have
all their ``balance`` available.
"""

from layers_async._pagination import Page
from layers_async._public import publish as _publish
from layers_async.models._account import CreditPeriod, Credits, RateLimitTier, Whoami
from layers_async.models._ads import (
    ActivePromotion,
    AdsContent,
    AdsContentSort,
    AdsOverride,
    AdsOverrideRequest,
    ScoringPool,
)
from layers_async.models._base import OpenEnum
from layers_async.models._content import (
    ApprovalStatus,
    CaptionVariant,
    CloneFromPostRequest,
    CloneMode,
    CloneOverrides,
    Container,
    ContainerStatus,
    ContentBrief,
    ContentFormat,
    CreativeType,
    GenerateRequest,
    MediaAsset,
    MediaKind,
    OrganicPlatform,
)
from layers_async.models._jobs import AcceptedJob, CancelReason, CancelResult, Job, JobErrorInfo, JobResult, JobStatus
from layers_async.models._metrics import (
    AdsMetric,
    AdsMetricsScope,
    AdsPlatform,
    Granularity,
    MetricsBucket,
    MetricsReport,
    MetricsScope,
    MetricsTotals,
    MetricsWindow,
    OrganicBlock,
    OrganicMetric,
    PaidBlock,
    RankingMetric,
    RankingWindow,
    SourceType,
    TopPerformer,
    TopPerformers,
)
from layers_async.models._projects import (
    BrandContext,
    LayerKind,
    Project,
    ProjectLayer,
    ProjectStatus,
    ProjectSummary,
    SocialAccount,
    SocialAccountStatus,
)
from layers_async.models._publishing import (
    GateStatus,
    PublishMode,
    ScheduledPost,
    ScheduledPostStatus,
    ScheduleRequest,
    ScheduleResult,
    ScheduleTarget,
)
from layers_async.models._review import (
    Approval,
    ApproveRequest,
    PendingSchedulePromotion,
    PromotionStatus,
    Rejection,
    RejectRequest,
    ReviewPolicy,
    ReviewPolicySettings,
    ReviewPolicyUpdate,
)

__all__ = [
    "AcceptedJob",
    "ActivePromotion",
    "AdsContent",
    "AdsContentSort",
    "AdsMetric",
    "AdsMetricsScope",
    "AdsOverride",
    "AdsOverrideRequest",
    "AdsPlatform",
    "Approval",
    "ApprovalStatus",
    "ApproveRequest",
    "BrandContext",
    "CancelReason",
    "CancelResult",
    "CaptionVariant",
    "CloneFromPostRequest",
    "CloneMode",
    "CloneOverrides",
    "Container",
    "ContainerStatus",
    "ContentBrief",
    "ContentFormat",
    "CreativeType",
    "CreditPeriod",
    "Credits",
    "GateStatus",
    "GenerateRequest",
    "Granularity",
    "Job",
    "JobErrorInfo",
    "JobResult",
    "JobStatus",
    "LayerKind",
    "MediaAsset",
    "MediaKind",
    "MetricsBucket",
    "MetricsReport",
    "MetricsScope",
    "MetricsTotals",
    "MetricsWindow",
    "OpenEnum",
    "OrganicBlock",
    "OrganicMetric",
    "OrganicPlatform",
    "Page",
    "PaidBlock",
    "PendingSchedulePromotion",
    "Project",
    "ProjectLayer",
    "ProjectStatus",
    "ProjectSummary",
    "PromotionStatus",
    "PublishMode",
    "RankingMetric",
    "RankingWindow",
    "RateLimitTier",
    "RejectRequest",
    "Rejection",
    "ReviewPolicy",
    "ReviewPolicySettings",
    "ReviewPolicyUpdate",
    "ScheduleRequest",
    "ScheduleResult",
    "ScheduleTarget",
    "ScheduledPost",
    "ScheduledPostStatus",
    "ScoringPool",
    "SocialAccount",
    "SocialAccountStatus",
    "SourceType",
    "TopPerformer",
    "TopPerformers",
    "Whoami",
]

# Reprs and tracebacks name the public module (attrs annotations resolved first).
_publish(__name__, *(globals()[name] for name in __all__ if name in globals()))
