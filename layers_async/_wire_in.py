"""Response pre-hooks: the tolerated wire shapes the converter rewrites before structuring a model.

Each hook takes the JSON object of one model and returns the object its fields read (never mutating its
argument). They live with the converter, not on the models, and import no model: the converter finds a
model's hook by its class name (`pre_hook`), so importing the converter loads no API area.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["pre_hook"]

PreHook = Callable[[dict[str, Any]], dict[str, Any]]


def _accepted_job(data: dict[str, Any]) -> dict[str, Any]:
    """A generate envelope without ``containerIds`` means ``[containerId]``."""
    if data.get("kind") == "content_generate" and "containerIds" not in data and "containerId" in data:
        data = {**data, "containerIds": [data["containerId"]]}
    return data


def _container(data: dict[str, Any]) -> dict[str, Any]:
    """A bare ``caption`` is one caption variant; ``assets``/``primaryAsset`` with ``assetId`` are media assets."""
    if "captionVariants" not in data and isinstance(data.get("caption"), str):
        data = {**data, "captionVariants": [{"platform": None, "text": data["caption"]}]}
    if "mediaAssets" not in data:
        raw = data.get("assets")
        if raw is None and isinstance(data.get("primaryAsset"), dict):
            raw = [data["primaryAsset"]]
        if isinstance(raw, list):
            assets = [{**a, "id": a.get("id", a.get("assetId"))} if isinstance(a, dict) else a for a in raw]
            data = {**data, "mediaAssets": assets}
    return data


def _credits(data: dict[str, Any]) -> dict[str, Any]:
    """Without ``available``, ``available = balance`` (nothing is reserved)."""
    if "available" not in data and "balance" in data:
        data = {**data, "available": data["balance"]}
    return data


def _review_policy(data: dict[str, Any]) -> dict[str, Any]:
    """``firstNPostsBlocked`` is a synonym of ``firstN``."""
    if "firstN" not in data and "firstNPostsBlocked" in data:
        data = {**data, "firstN": data["firstNPostsBlocked"]}
    return data


def _metrics_bucket(data: dict[str, Any]) -> dict[str, Any]:
    """Metric values sit beside ``bucket`` on the wire; the model keeps them in ``values``."""
    return {"bucket": data.get("bucket"), "values": {k: v for k, v in data.items() if k != "bucket"}}


_COUNT_KEYS = ("post_count", "ad_count")


def _metrics_totals(data: dict[str, Any]) -> dict[str, Any]:
    """Totals are metric values plus ``post_count``/``ad_count``; the model keeps the values apart."""
    out: dict[str, Any] = {"values": {k: v for k, v in data.items() if k not in _COUNT_KEYS}}
    out.update({k: data[k] for k in _COUNT_KEYS if k in data})
    return out


_HOOKS: dict[str, PreHook] = {
    "AcceptedJob": _accepted_job,
    "Container": _container,
    "Credits": _credits,
    "MetricsBucket": _metrics_bucket,
    "MetricsTotals": _metrics_totals,
    "ReviewPolicySettings": _review_policy,
}


def pre_hook(cls: Any) -> PreHook | None:
    """The pre-hook of the SDK model ``cls``, or ``None`` (classes from other packages never have one)."""
    if not str(getattr(cls, "__module__", "")).startswith("layers_async."):
        return None
    return _HOOKS.get(getattr(cls, "__qualname__", ""))
