"""Decode cost on the real call path: layers-async beside pydantic v2 and msgspec, paired per round.

Run: ``.venv/bin/python benchmarks/bench_decode.py`` (needs the ``bench`` extra: pydantic, msgspec). The
script runs itself twice in fresh interpreters: once as installed (with the ``[speedups]`` extra) and once
with the speedups hidden from layers-async (``--no-speedups``: the standard library's ``json``, no
compiled decoder); the peers are the same in both runs.

Two payloads: a completed container (the contract's clone example) and a 25-row ``/top-performers``
page. The peers' models mirror ours field for field (camelCase keys, aware datetimes, the same enum
classes, nested blocks); the script first checks that every decoder gives the same values.

Per payload, these sides run in each round, in a rotating order, and each round's ratios are taken
within the round (a busy moment hits every side alike); the table shows medians over the rounds:

* ``call``: the real call, ``await client.content.get(id)`` / ``await client.metrics.top_performers(...)``
  on an in-memory transport that hands back a fresh `Response` with prepared bytes;
* ``call (pydantic)``: the same request path (``Resource._send``: URL, headers, rate gate, retry loop,
  transport) with pydantic's ``model_validate_json`` of the body in place of our decode;
* ``send``: that request path with no decode at all;
* ``call, no decode``: the real call with the decode step replaced by handing back a model decoded
  beforehand (the resource method's checks and path, ``Resource._call``, the request path);
* ``decode``: ``decode_body(body, Model, response)``, the decode the call runs (with ``[speedups]`` the
  compiled decoder, else the converter), no call;
* ``cattrs``: ``structure(decode_json(body), Model)``, the reference path (cattrs) alone;
* ``parse``: the converter's JSON parser alone on the body (``orjson.loads`` with ``[speedups]``, else
  the standard library's ``json.loads``): the part of ``cattrs`` that is not ours;
* ``pydantic``: ``Model.model_validate_json(body)``;  ``msgspec``: ``msgspec.json.Decoder(Model).decode(body)``.

``ratio`` is call ÷ call pyd (the target: ≤ 1.0× with speedups, ≤ 1.2× without). ``fixed`` is
call, no decode − send: what a call adds to the request path besides the decode (the resource method's
argument checks and path, the ``_call`` layer; the target: ≤ 0.5 µs). ``in call`` is call − call, no
decode: the decode step as it runs inside the call (cold caches included), beside ``decode`` timed alone.
(Before 2026-12-03 22:00 ``fixed`` was call − send − decode, which charged the difference between a
decode timed alone with warm caches and the same decode inside a call to the call path.) Times are this
process's CPU time (``time.process_time``), µs per call, medians over the rounds; each ratio and
difference is the median of the per-round values.
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

if "--no-speedups" in sys.argv:  # hide the speedups from layers-async only (the peers import them later)
    _HIDDEN = ("orjson", "msgspec")
    for _name in _HIDDEN:
        sys.modules[_name] = None  # type: ignore[assignment]
    importlib.import_module("layers_async._converter")  # binds the standard library's json
    for _name in _HIDDEN:
        del sys.modules[_name]

import anyio
import attrs
import msgspec
import pydantic
from pydantic.alias_generators import to_camel

from layers_async import Client, Request, Response, RetryPolicy, _converter
from layers_async._converter import decode_body, decode_json, structure
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
    format: str | None = None
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
    format: str | None = None
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


TOP = top_performers_payload()
CONTAINER_ID = "cnt_6d2f8a14-b39e-4c71-8f05-2ae9c7d41b58"
PROJECT_ID = "prj_3e8b1f6a-92d4-4c07-8a5e-d41c7f2b9e60"
RESPONSE_HEADERS = (
    ("content-type", "application/json"),
    ("x-request-id", "req_01JQ7N2B5D8G1K4M7P0R3T6W9Y"),
    ("etag", 'W/"v1"'),
    ("x-ratelimit-limit", "600"),
    ("x-ratelimit-remaining", "599"),
    ("x-ratelimit-reset", "1778491860"),
)


class BytesTransport:
    """An in-memory transport: a fresh `Response` with the prepared body for the request's path."""

    def __init__(self, bodies: dict[str, bytes]) -> None:
        self.bodies = bodies

    async def handle_request(self, request: Request) -> Response:
        path = request.url.split("://", 1)[1].split("/", 1)[1].split("?", 1)[0]
        return Response(200, RESPONSE_HEADERS, self.bodies["/" + path])

    async def aclose(self) -> None:
        pass


def cases(client: Client) -> list[tuple[str, bytes, int, dict[str, Callable[[], Awaitable[Any]]]]]:
    """Per payload: its name, its bytes, calls per side per round, and the sides (async callables)."""
    out = []
    response = Response(200, RESPONSE_HEADERS, b"")
    content, metrics = client.content, client.metrics
    container_path = f"/v1/content/{CONTAINER_ID}"
    top_path = f"/v1/projects/{PROJECT_ID}/top-performers"
    top_query = {"metric": "engagement_rate", "window": "7d", "sourceType": None, "platform": None, "limit": 25}
    for name, body, number, call, path, query, ours, pyd, msg in (
        (
            "completed container",
            CONTAINER,
            2000,
            lambda: content.get(CONTAINER_ID),
            container_path,
            None,
            Container,
            PContainer,
            MContainer,
        ),
        (
            "top-performers, 25 rows",
            TOP,
            200,
            lambda: metrics.top_performers(PROJECT_ID, metric="engagement_rate", window="7d"),
            top_path,
            top_query,
            TopPerformers,
            PTop,
            MTop,
        ),
    ):
        msg_decoder = msgspec.json.Decoder(msg)

        async def call_pydantic(path: str = path, query: Any = query, pyd: Any = pyd) -> Any:
            reply = await content._send("GET", path, query=query)
            return pyd.model_validate_json(reply.response.content)

        async def send_only(path: str = path, query: Any = query) -> Any:
            return await content._send("GET", path, query=query)

        no_decode = call_without_decode(client, name, decode_body(body, ours, response))

        async def decode_alone(body: bytes = body, ours: Any = ours) -> Any:
            return decode_body(body, ours, response)

        async def structure_alone(body: bytes = body, ours: Any = ours) -> Any:
            return structure(decode_json(body), ours)

        async def parse_alone(body: bytes = body) -> Any:
            return _converter._loads(body)

        async def pydantic_alone(body: bytes = body, pyd: Any = pyd) -> Any:
            return pyd.model_validate_json(body)

        async def msgspec_alone(body: bytes = body, decoder: Any = msg_decoder) -> Any:
            return decoder.decode(body)

        sides = {
            "call": call,
            "call (pydantic)": call_pydantic,
            "send only": send_only,
            "call, no decode": no_decode,
            "decode": decode_alone,
            "structure": structure_alone,
            "parse": parse_alone,
            "pydantic": pydantic_alone,
            "msgspec": msgspec_alone,
        }
        out.append((name, body, number, sides))
    return out


def call_without_decode(client: Client, name: str, decoded: Any) -> Callable[[], Awaitable[Any]]:
    """The same call as the ``call`` side, whose decode step hands back ``decoded`` (no parsing)."""

    def _decode(reply: Any, model: Any) -> Any:
        return decoded

    if "top" in name:
        metrics = type("NoDecodeMetrics", (type(client.metrics),), {"_decode": staticmethod(_decode)})(client)
        return lambda: metrics.top_performers(PROJECT_ID, metric="engagement_rate", window="7d")
    content = type("NoDecodeContent", (type(client.content),), {"_decode": staticmethod(_decode)})(client)
    return lambda: content.get(CONTAINER_ID)


async def per_call_us(side: Callable[[], Awaitable[Any]], number: int) -> float:
    """One timed run of ``number`` awaited calls, in µs per call."""
    t0 = time.process_time()
    for _ in range(number):
        await side()
    return (time.process_time() - t0) / number * 1e6


async def run(rounds: int) -> None:
    bodies = {f"/v1/content/{CONTAINER_ID}": CONTAINER, f"/v1/projects/{PROJECT_ID}/top-performers": TOP}
    transport = BytesTransport(bodies)
    async with Client(api_key="sk_bench", transport=transport, retry=RetryPolicy.disabled()) as client:
        for name, body, number, sides in cases(client):
            bodies[next(p for p in bodies if p.endswith("/top-performers" if "top" in name else CONTAINER_ID))] = body
            values = [plain(await side()) for label, side in sides.items() if label not in ("send only", "parse")]
            assert all(v == values[0] for v in values), f"{name}: the decoders decoded different values"
            samples: dict[str, list[float]] = {label: [] for label in sides}
            labels = list(sides)
            for r in range(rounds):  # rotate who goes first, so drift within a round hits every side alike
                for label in labels[r % len(labels) :] + labels[: r % len(labels)]:
                    samples[label].append(await per_call_us(sides[label], number))
            ratio = statistics.median(c / p for c, p in zip(samples["call"], samples["call (pydantic)"]))
            struct_ratio = statistics.median(c / p for c, p in zip(samples["structure"], samples["pydantic"]))
            fixed = statistics.median(n - s for n, s in zip(samples["call, no decode"], samples["send only"]))
            in_call = statistics.median(c - n for c, n in zip(samples["call"], samples["call, no decode"]))
            med = {label: statistics.median(v) for label, v in samples.items()}
            print(
                f"{name:<24}{med['call']:>7.1f}{med['call (pydantic)']:>9.1f}{ratio:>7.2f}×{med['send only']:>7.1f}"
                f"{med['decode']:>8.1f}{in_call:>8.1f}{fixed:>7.2f}{med['structure']:>8.1f}{med['parse']:>7.1f}{med['pydantic']:>8.1f}{struct_ratio:>8.2f}×"
                f"{med['msgspec']:>9.1f}",
                flush=True,
            )


HEADER = (
    f"{'payload':<24}{'call':>7}{'call pyd':>9}{'ratio':>8}{'send':>7}{'decode':>8}{'in call':>8}{'fixed':>7}{'cattrs':>8}"
    f"{'parse':>7}{'pyd':>8}{'cattrs/pyd':>11}{'msgspec':>8}"
)


def _speedups_label() -> str:
    import layers_async._converter as conv

    loads = getattr(conv, "_loads", None)
    parser = getattr(loads, "__module__", None) or "json"
    return f"with [speedups] (parser: {parser})" if parser != "json" else "without [speedups] (parser: json)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="paired rounds; medians are reported")
    parser.add_argument("--no-speedups", action="store_true", help="this run only: layers-async without speedups")
    parser.add_argument("--one", action="store_true", help="only this interpreter's run (no second run)")
    args = parser.parse_args()
    if args.no_speedups or args.one:
        speedups = _speedups_label()
        print(
            f"layers-async {speedups}; Python {sys.version.split()[0]}, pydantic {pydantic.VERSION}, msgspec {msgspec.__version__}"
        )
        print(HEADER)
        anyio.run(run, args.rounds)
        return
    for extra in ([], ["--no-speedups"]):
        subprocess.run([sys.executable, __file__, "--one", "--rounds", str(args.rounds), *extra], check=True)


if __name__ == "__main__":
    main()
