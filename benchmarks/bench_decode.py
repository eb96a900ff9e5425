"""Decode cost, bytes → model, side by side: layers-async (cattrs) vs pydantic v2 vs msgspec.

Run: ``.venv/bin/python benchmarks/bench_decode.py`` (needs the ``bench`` extra: pydantic, msgspec).

Two payloads: a 25-row ``/top-performers`` page and a completed container. Each library decodes the same
bytes into equivalent models (camelCase keys, timestamps into aware datetimes, enums, nested blocks).
"""

from __future__ import annotations

import json
import timeit
from datetime import datetime

import msgspec
import pydantic
from pydantic.alias_generators import to_camel

from layers_async._converter import decode_json, structure
from layers_async.models import Container, TopPerformers

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


# --- pydantic v2 -------------------------------------------------------------------------------------------
class PModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(alias_generator=to_camel, frozen=True)


class POrganic(PModel):
    views: int
    engagement_rate: float
    watch_time_ms: int
    platforms: tuple[str, ...] = ()


class PPaid(PModel):
    spend_cents: int
    conversions: int
    roas: float
    impressions: int
    clicks: int
    platforms: tuple[str, ...] = ()


class PRow(PModel):
    rank: int
    source_type: str
    source_id: str | None = None
    platform_post_id: str | None = None
    ads_content_id: str | None = None
    title: str | None = None
    thumbnail_url: str | None = None
    metric_value: float
    organic: POrganic | None = None
    paid: PPaid | None = None


class PTop(PModel):
    metric: str
    window: str
    items: tuple[PRow, ...] = ()


class PCaption(PModel):
    text: str
    platform: str | None = None
    variation: int | None = None


class PAsset(PModel):
    id: str
    kind: str
    duration_ms: int | None = None
    variation: int | None = None


class PError(PModel):
    code: str
    message: str = ""


class PContainer(PModel):
    id: str
    status: str
    approval_status: str
    format: str
    hook: str | None = None
    caption_variants: tuple[PCaption, ...] = ()
    media_assets: tuple[PAsset, ...] = ()
    source_platform_post_id: str | None = None
    project_id: str | None = None
    clone_mode: str | None = None
    output_count: int | None = None
    created_at: datetime | None = None
    completed_at: datetime | None = None
    failed_at: datetime | None = None
    last_error: PError | None = None


# --- msgspec -----------------------------------------------------------------------------------------------
class MOrganic(msgspec.Struct, rename="camel", frozen=True):
    views: int
    engagement_rate: float
    watch_time_ms: int
    platforms: tuple[str, ...] = ()


class MPaid(msgspec.Struct, rename="camel", frozen=True):
    spend_cents: int
    conversions: int
    roas: float
    impressions: int
    clicks: int
    platforms: tuple[str, ...] = ()


class MRow(msgspec.Struct, rename="camel", frozen=True):
    rank: int
    source_type: str
    metric_value: float
    source_id: str | None = None
    platform_post_id: str | None = None
    ads_content_id: str | None = None
    title: str | None = None
    thumbnail_url: str | None = None
    organic: MOrganic | None = None
    paid: MPaid | None = None


class MTop(msgspec.Struct, rename="camel", frozen=True):
    metric: str
    window: str
    items: tuple[MRow, ...] = ()


class MCaption(msgspec.Struct, rename="camel", frozen=True):
    text: str
    platform: str | None = None
    variation: int | None = None


class MAsset(msgspec.Struct, rename="camel", frozen=True):
    id: str
    kind: str
    duration_ms: int | None = None
    variation: int | None = None


class MError(msgspec.Struct, frozen=True):
    code: str
    message: str = ""


class MContainer(msgspec.Struct, rename="camel", frozen=True):
    id: str
    status: str
    approval_status: str
    format: str
    hook: str | None = None
    caption_variants: tuple[MCaption, ...] = ()
    media_assets: tuple[MAsset, ...] = ()
    source_platform_post_id: str | None = None
    project_id: str | None = None
    clone_mode: str | None = None
    output_count: int | None = None
    created_at: datetime | None = None
    completed_at: datetime | None = None
    failed_at: datetime | None = None
    last_error: MError | None = None


def per_call_us(fn: object, number: int) -> float:
    """Best of 5 runs, in µs per call."""
    timer = timeit.Timer(fn)  # type: ignore[arg-type]
    return min(timer.repeat(repeat=5, number=number)) / number * 1e6


def main() -> None:
    top = top_performers_payload()
    cases = [
        (
            "top-performers, 25 rows",
            top,
            lambda: structure(decode_json(top), TopPerformers),
            lambda: PTop.model_validate_json(top),
            msgspec.json.Decoder(MTop).decode,
            300,
        ),
        (
            "completed container",
            CONTAINER,
            lambda: structure(decode_json(CONTAINER), Container),
            lambda: PContainer.model_validate_json(CONTAINER),
            msgspec.json.Decoder(MContainer).decode,
            3000,
        ),
    ]
    print(f"{'payload':<26}{'layers-async':>14}{'pydantic v2':>14}{'msgspec':>10}{'ours/pydantic':>15}")
    for name, payload, ours, pyd, msg_decode, number in cases:
        ours_us = per_call_us(ours, number)
        pyd_us = per_call_us(pyd, number)
        msg_us = per_call_us(lambda p=payload, d=msg_decode: d(p), number)
        print(f"{name:<26}{ours_us:>11.1f} µs{pyd_us:>11.1f} µs{msg_us:>7.1f} µs{ours_us / pyd_us:>14.2f}×")


if __name__ == "__main__":
    main()
