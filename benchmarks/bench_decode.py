"""Decode cost, bytes → model, side by side: layers-async (cattrs) vs pydantic v2 vs msgspec.

Run: ``.venv/bin/python benchmarks/bench_decode.py`` (needs the ``bench`` extra: pydantic, msgspec).

Two payloads: a 25-row ``/top-performers`` page and a completed container (the contract's clone example).
Each library decodes the same bytes into models that mirror ours field for field (camelCase keys, aware
datetimes, the same enum classes, nested blocks); the script checks that all three decoded the same values,
then times them in interleaved rounds and keeps each library's best.
"""

from __future__ import annotations

import argparse
import json
import timeit
from datetime import datetime
from typing import Any

import attrs
import msgspec
import pydantic
from pydantic.alias_generators import to_camel

from layers_async._converter import decode_json, structure
from layers_async.models import (
    AdsPlatform,
    ApprovalStatus,
    CloneMode,
    Container,
    ContainerStatus,
    MediaKind,
    OrganicPlatform,
    RankingMetric,
    RankingWindow,
    SourceType,
    TopPerformers,
)

TS = "2026-05-11T09:30:02Z"


def top_performers_payload(n: int = 25) -> bytes:
    rows = []
    for i in range(n):
        paid = (
            {
                "spendCents": 1000 + i,
                "conversions": i,
                "roas": 1.5,
                "impressions": 9000,
                "clicks": 90,
                "platforms": ["tiktok_ads"],
            }
            if i % 2
            else None
        )
        rows.append(
            {
                "rank": i + 1,
                "sourceType": "content_container" if i % 3 else "platform_post",
                "sourceId": None if i % 3 == 0 else f"cnt_b1e47c02-8d39-4a6f-9f15-03c6a2e8d7{i:02d}",
                "platformPostId": f"pp_01JPZ7A4C8E2G6J0M3Q5S9V1{i:02d}",
                "adsContentId": f"adc_01JPZ9F2M8Q4S7W1Y3B6D9GK{i:02d}" if paid else None,
                "title": "Three taps, zero guilt: the list that finishes itself",
                "thumbnailUrl": None,
                "metricValue": 0.1 - i / 1000,
                "organic": {
                    "views": 12810 + i,
                    "engagementRate": 0.064,
                    "watchTimeMs": 70330000,
                    "platforms": ["tiktok"],
                },
                "paid": paid,
            }
        )
    return json.dumps({"metric": "engagement_rate", "window": "7d", "items": rows}).encode()


CONTAINER = json.dumps(
    {
        "id": "cnt_6d2f8a14-b39e-4c71-8f05-2ae9c7d41b58",
        "status": "completed",
        "approvalStatus": "pending",
        "format": "video_remix",
        "hook": "Your to-do list called. It wants to be finished by noon.",
        "captionVariants": [
            {"platform": "instagram", "text": "Inbox zero before lunch. acme-todo does the nagging.", "variation": 1},
            {"platform": "instagram", "text": "Noon. List done. Coffee still warm. #acmetodo", "variation": 2},
        ],
        "mediaAssets": [
            {"id": "asset_01JQ7N2B5D8G1K4M7P0R3T6W9Y", "kind": "video", "durationMs": 12400, "variation": 1},
            {"id": "asset_01JQ7N3C6E9H2M5P8R1T4W7Y0A", "kind": "video", "durationMs": 11800, "variation": 2},
        ],
        "sourcePlatformPostId": "pp_01JPZ8D3R6T9V2XB4NQ7KM5HCA",
        "cloneMode": "fork",
        "outputCount": 2,
        "projectId": "prj_3e8b1f6a-92d4-4c07-8a5e-d41c7f2b9e60",
        "createdAt": TS,
        "completedAt": "2026-05-11T09:33:47.250Z",
        "failedAt": None,
        "lastError": None,
    }
).encode()


# The peers decode into models that mirror ours field for field: the same names, types, defaults and
# enum classes (our OpenEnums: pydantic and msgspec both call their ``_missing_`` for unknown values).
# What they do not mirror is our ``_wire_in`` tolerance for the contract's alternative container shapes.


# --- pydantic v2 -------------------------------------------------------------------------------------------
class PModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(alias_generator=to_camel, frozen=True)


class POrganic(PModel):
    views: int
    engagement_rate: float
    watch_time_ms: int
    platforms: tuple[OrganicPlatform, ...] = ()


class PPaid(PModel):
    spend_cents: int
    conversions: int
    roas: float
    impressions: int
    clicks: int
    platforms: tuple[AdsPlatform, ...] = ()


class PRow(PModel):
    rank: int
    source_type: SourceType
    source_id: str | None = None
    platform_post_id: str | None = None
    ads_content_id: str | None = None
    title: str | None = None
    thumbnail_url: str | None = None
    metric_value: float
    organic: POrganic | None = None
    paid: PPaid | None = None


class PTop(PModel):
    metric: RankingMetric
    window: RankingWindow
    items: tuple[PRow, ...] = ()


class PCaption(PModel):
    text: str
    platform: OrganicPlatform | None = None
    variation: int | None = None


class PAsset(PModel):
    id: str
    kind: MediaKind
    duration_ms: int | None = None
    variation: int | None = None
    url: str | None = None
    thumbnail_url: str | None = None
    width: int | None = None
    height: int | None = None
    mime_type: str | None = None


class PError(PModel):
    code: str
    message: str = ""


class PContainer(PModel):
    id: str
    status: ContainerStatus
    approval_status: ApprovalStatus
    format: str
    hook: str | None = None
    caption_variants: tuple[PCaption, ...] = ()
    media_assets: tuple[PAsset, ...] = ()
    source_platform_post_id: str | None = None
    project_id: str | None = None
    project_layer_id: str | None = None
    job_id: str | None = None
    clone_mode: CloneMode | None = None
    output_count: int | None = None
    creative_type: str | None = None
    brief: dict[str, Any] | None = None
    created_at: datetime | None = None
    completed_at: datetime | None = None
    failed_at: datetime | None = None
    last_error: PError | None = None
    approved_at: datetime | None = None
    approved_by: str | None = None
    rejected_at: datetime | None = None
    rejected_by: str | None = None
    rejection_reason: str | None = None


# --- msgspec -----------------------------------------------------------------------------------------------
class MStruct(msgspec.Struct, rename="camel", frozen=True):
    pass


class MOrganic(MStruct, kw_only=True):
    views: int
    engagement_rate: float
    watch_time_ms: int
    platforms: tuple[OrganicPlatform, ...] = ()


class MPaid(MStruct, kw_only=True):
    spend_cents: int
    conversions: int
    roas: float
    impressions: int
    clicks: int
    platforms: tuple[AdsPlatform, ...] = ()


class MRow(MStruct, kw_only=True):
    rank: int
    source_type: SourceType
    source_id: str | None = None
    platform_post_id: str | None = None
    ads_content_id: str | None = None
    title: str | None = None
    thumbnail_url: str | None = None
    metric_value: float
    organic: MOrganic | None = None
    paid: MPaid | None = None


class MTop(MStruct, kw_only=True):
    metric: RankingMetric
    window: RankingWindow
    items: tuple[MRow, ...] = ()


class MCaption(MStruct, kw_only=True):
    text: str
    platform: OrganicPlatform | None = None
    variation: int | None = None


class MAsset(MStruct, kw_only=True):
    id: str
    kind: MediaKind
    duration_ms: int | None = None
    variation: int | None = None
    url: str | None = None
    thumbnail_url: str | None = None
    width: int | None = None
    height: int | None = None
    mime_type: str | None = None


class MError(MStruct, kw_only=True):
    code: str
    message: str = ""


class MContainer(MStruct, kw_only=True):
    id: str
    status: ContainerStatus
    approval_status: ApprovalStatus
    format: str
    hook: str | None = None
    caption_variants: tuple[MCaption, ...] = ()
    media_assets: tuple[MAsset, ...] = ()
    source_platform_post_id: str | None = None
    project_id: str | None = None
    project_layer_id: str | None = None
    job_id: str | None = None
    clone_mode: CloneMode | None = None
    output_count: int | None = None
    creative_type: str | None = None
    brief: dict[str, Any] | None = None
    created_at: datetime | None = None
    completed_at: datetime | None = None
    failed_at: datetime | None = None
    last_error: MError | None = None
    approved_at: datetime | None = None
    approved_by: str | None = None
    rejected_at: datetime | None = None
    rejected_by: str | None = None
    rejection_reason: str | None = None


def plain(obj: Any) -> Any:
    """Any of the three libraries' models as plain data, to check that they decoded the same thing."""
    if attrs.has(type(obj)):
        return {f.name: plain(getattr(obj, f.name)) for f in attrs.fields(type(obj))}
    if isinstance(obj, pydantic.BaseModel):
        return {name: plain(getattr(obj, name)) for name in type(obj).model_fields}
    if isinstance(obj, msgspec.Struct):
        return {name: plain(getattr(obj, name)) for name in obj.__struct_fields__}
    if isinstance(obj, tuple):
        return [plain(v) for v in obj]
    return obj


def per_call_us(timer: timeit.Timer, number: int) -> float:
    """One timed run, in µs per call."""
    return timer.timeit(number) / number * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds; the best of each is kept")
    args = parser.parse_args()
    top = top_performers_payload()
    cases = [
        ("top-performers, 25 rows", top, TopPerformers, PTop, MTop, 300),
        ("completed container", CONTAINER, Container, PContainer, MContainer, 3000),
    ]
    print(f"{'payload':<26}{'layers-async':>14}{'pydantic v2':>14}{'msgspec':>10}{'ours/pydantic':>15}")
    for name, payload, ours_cls, pyd_cls, msg_cls, number in cases:
        msg_decoder = msgspec.json.Decoder(msg_cls)
        decoders = {
            "ours": lambda p=payload, c=ours_cls: structure(decode_json(p), c),
            "pydantic": lambda p=payload, c=pyd_cls: c.model_validate_json(p),
            "msgspec": lambda p=payload, d=msg_decoder: d.decode(p),
        }
        decoded = [plain(decode()) for decode in decoders.values()]
        assert decoded[0] == decoded[1] == decoded[2], f"{name}: the libraries decoded different values"
        timers = {lib: timeit.Timer(decode) for lib, decode in decoders.items()}
        best = dict.fromkeys(timers, float("inf"))
        for _ in range(args.rounds):  # interleaved, so a busy moment hits every library alike
            for lib, timer in timers.items():
                best[lib] = min(best[lib], per_call_us(timer, number))
        ours_us, pyd_us, msg_us = best["ours"], best["pydantic"], best["msgspec"]
        print(f"{name:<26}{ours_us:>11.1f} µs{pyd_us:>11.1f} µs{msg_us:>7.1f} µs{ours_us / pyd_us:>14.2f}×")


if __name__ == "__main__":
    main()
