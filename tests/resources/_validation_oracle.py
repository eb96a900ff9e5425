"""The oracle of `test_validation_properties`: what the contract allows, and each argument's rule.

Written from ``LAYERS_API.md``, not from the SDK: a rule maps (argument name, value) to the value's wire form,
or raises `Refuse` (the contract refuses it) or `Tolerate` (the contract leaves it open).
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

from layers_async.models import (
    CloneOverrides,
    ContentBrief,
    ScheduleTarget,
)

PID = "prj_1"
UUID = "2f4e6a8c-1b3d-4f5a-9c7e-0d2b4f6a8c1e"
CID = f"cnt_{UUID}"
TS = "2026-05-12T10:00:00Z"

# ---------------------------------------------------------------------------------------------------------------
# What the contract allows (copied from LAYERS_API.md, not from the SDK's enums).

FORMATS = {"auto", "video_remix", "slideshow_remix", "ugc_remix"}  # §8.3 Format (request)
CONTAINER_STATUS_FILTERS = {"queued", "processing", "generating", "completed", "failed", "canceled"}  # §13 list
APPROVAL_STATUSES = {"not_required", "pending", "approved", "rejected"}
CLONE_MODES = {"fork", "reimagine"}
PUBLISH_MODES = {"direct_publish", "draft_to_device", "reels", "feed"}
SCHEDULED_STATUSES = {"queued", "publishing", "published", "draft", "failed", "canceled"}
POLICIES = {"auto_approve", "review_first_n", "review_all"}
ORGANIC_PLATFORMS = {"tiktok", "instagram", "youtube"}
ADS_PLATFORMS = {"meta_ads", "tiktok_ads", "apple_ads"}
ORGANIC_METRICS = {
    "views", "reach", "impressions", "likes", "comments", "shares", "saves", "watch_time_ms", "engagement_rate",
    "followers", "follower_delta", "posts_published",
}  # fmt: skip
PAID_METRICS = {
    "spend", "impressions", "clicks", "conversions", "cpa", "cpc", "cpm", "ctr", "roas", "reach", "frequency",
}  # fmt: skip
ORGANIC_SCOPES = {"platform_post", "social_account", "project", "project_layer", "organization"}
ADS_SCOPES = {"ad", "adset", "campaign", "ad_account", "project"}
RANKING_METRICS = {"views", "engagement_rate", "conversions", "roas", "watch_time_ms"}
RANKING_WINDOWS = {"7d", "30d", "90d"}
SOURCE_TYPES = {"content_container", "platform_post", "manual"}
SCORING_POOLS = {"generated", "ugc", "manual"}
OVERRIDE_FILTERS = {"include", "exclude", "none"}
SORTS = {"score_desc", "score_asc", "scored_at_desc"}
PROJECT_STATUSES = {"active", "archived"}

# ---------------------------------------------------------------------------------------------------------------
# The oracle's vocabulary.


class Sentinel:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


OMIT: Any = Sentinel("OMIT")  # the argument is not passed at all
ABSENT: Any = Sentinel("ABSENT")  # the wire has no such key (or no body, or no header)
NULL: Any = Sentinel("NULL")  # the body member is sent as JSON null


class Refuse(Exception):
    """The contract refuses the value: `InvalidRequestError` must name one of ``names``; nothing is sent."""

    def __init__(self, *names: str) -> None:
        super().__init__(*names)
        self.names = frozenset(names)


class Tolerate(Exception):
    """The contract leaves the value open: the SDK may refuse it (naming one of ``names``) or send ``wire``."""

    def __init__(self, *names: str, wire: Any) -> None:
        super().__init__(*names)
        self.names = frozenset(names)
        self.wire = wire


class Matcher:
    """An expected wire value that is not one exact value."""

    def match(self, actual: Any) -> bool:
        raise NotImplementedError


@dataclass(frozen=True)
class Maybe(Matcher):
    """A default value: sent as ``value``, or left off (both are valid on the wire)."""

    value: Any


@dataclass(frozen=True)
class Instant(Matcher):
    """A wire instant naming ``at``, to the millisecond (the SDK sends no finer digits; §1 does not say)."""

    at: datetime

    def match(self, actual: Any) -> bool:
        sent = wire_instant(actual)
        return sent is not None and abs(self.at - sent) < timedelta(milliseconds=1)


@dataclass(frozen=True)
class AnyInstant(Matcher):
    def match(self, actual: Any) -> bool:
        return wire_instant(actual) is not None


JSON_NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?", re.ASCII)


@dataclass(frozen=True)
class Number(Matcher):
    value: float

    def match(self, actual: Any) -> bool:
        return isinstance(actual, str) and bool(JSON_NUMBER.fullmatch(actual)) and float(actual) == self.value


@dataclass(frozen=True)
class Like(Matcher):
    pattern: str

    def match(self, actual: Any) -> bool:
        return isinstance(actual, str) and re.fullmatch(self.pattern, actual, re.ASCII) is not None


UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
ANY_KEY = Like(r"[ -~]{1,255}")  # an Idempotency-Key the SDK minted (§4: 1-255 printable ASCII)
MINTED_CONTAINER = Like(rf"cnt_{UUID_PATTERN}")


def matches(expected: Any, actual: Any) -> bool:
    if isinstance(expected, Maybe):
        return actual is ABSENT or actual == [] or matches(expected.value, actual)
    if isinstance(expected, Matcher):
        return expected.match(actual)
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return False
        return all(matches(expected.get(k, ABSENT), actual.get(k, ABSENT)) for k in expected.keys() | actual.keys())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(map(matches, expected, actual))
    if expected is NULL:
        return actual is None
    return type(expected) is type(actual) and expected == actual


# ---------------------------------------------------------------------------------------------------------------
# Rules: (argument name, value) -> the value's wire form, or raise `Refuse` / `Tolerate`.

Rule = Callable[[str, Any], Any]
SURROGATE = re.compile("[\ud800-\udfff]")


def text(low: int = 1, high: float = math.inf, *, optional: bool = False, empty_ok: bool = False) -> Rule:
    """A string of ``low..high`` characters; one holding a lone surrogate cannot be encoded (UTF-8)."""

    def rule(name: str, value: Any) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, str) or SURROGATE.search(value):
            raise Refuse(name)
        if not low <= len(value) <= high:
            if value == "" and empty_ok:
                raise Tolerate(name, wire="")
            raise Refuse(name)
        return value

    return rule


IDENT = text(1)
OPTIONAL_IDENT = text(1, optional=True)
OPTIONAL_TEXT = text(0, optional=True)


def integer(low: int, high: int) -> Rule:
    def rule(name: str, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Refuse(name)
        return value

    return rule


def number(low: float, high: float) -> Rule:
    def rule(name: str, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Refuse(name)
        if (isinstance(value, float) and not math.isfinite(value)) or not low <= value <= high:
            raise Refuse(name)
        return Number(value)

    return rule


def boolean(name: str, value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    raise Refuse(name)


def choice(values: set[str], *, optional: bool = False, null: bool = False) -> Rule:
    def rule(name: str, value: Any) -> Any:
        if value is None and (optional or null):
            return NULL if null else None
        label = value.value if isinstance(value, enum.Enum) else value
        if isinstance(label, str) and label in values:
            return label
        raise Refuse(name)

    return rule


def many(values: set[str], *, need_one: bool = False, none_ok: bool = True) -> Rule:
    """A repeatable parameter: ``None`` (no filter), one value, or a list or tuple of values."""
    one = choice(values)

    def rule(name: str, value: Any) -> Any:
        if value is None:
            if not none_ok:
                raise Tolerate(name, wire=[])
            return None
        if isinstance(value, str):
            items, loose = [value], False
        elif isinstance(value, (list, tuple, set, frozenset)):
            items, loose = list(value), isinstance(value, (set, frozenset))
        else:
            raise Refuse(name)
        wire: list[str] = []
        for item in items:
            label = one(name, item)
            if label not in wire:
                wire.append(label)
        if loose or (need_one and not wire):  # a set is no sequence; no metric at all is the server's default
            raise Tolerate(name, wire=wire)
        return wire

    return rule


INPUT_INSTANT = re.compile(r"(\d{4})-(\d\d)-(\d\d)([Tt ])(\d\d):(\d\d):(\d\d)(?:\.(\d+))?([Zz]|[+-]\d\d:\d\d)")


def parse_instant(name: str, value: str, *, strict: bool = False) -> datetime:
    """§1 instants: a date, a time and ``Z`` or a numeric offset; raises `Refuse` / `Tolerate`."""
    lenient = value.endswith("\n") and not strict  # `$` in a regex matches before it: harmless, normalized
    core = value[:-1] if lenient else value
    m = INPUT_INSTANT.fullmatch(core)
    if m is None:
        raise Refuse(name)
    year, month, day, sep, hour, minute, second, frac, offset = m.groups()
    lenient |= sep == " " or not core.isascii()  # RFC 3339's space, Unicode digits: the SDK may normalize
    if strict and (lenient or sep != "T" or offset == "z"):
        raise Refuse(name)
    shift = timedelta(0)
    if offset not in "Zz":
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        if hours > 23 or minutes > 59:
            if hours * 60 + minutes >= 24 * 60 or strict:
                raise Refuse(name)
            lenient = True  # "+12:60": not RFC 3339, but an offset the SDK may read as +13:00
        shift = timedelta(hours=hours, minutes=minutes) * (-1 if offset[0] == "-" else 1)
    if int(year) == 0:
        raise Refuse(name) if strict else Tolerate(name, wire=AnyInstant())  # RFC 3339 has it, datetime does not
    try:
        micro = int((frac or "0")[:6].ljust(6, "0"))
        local = datetime(
            int(year), int(month), int(day), int(hour), int(minute), 59 if int(second) == 60 else int(second), micro
        )
        at = local.replace(tzinfo=timezone(shift)).astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise Refuse(name) from None
    if int(second) == 60 or len(frac or "") > 9:  # a leap second, nanoseconds: RFC 3339 has them, datetime not
        raise Refuse(name) if strict else Tolerate(name, wire=AnyInstant())
    if lenient:
        raise Tolerate(name, wire=Instant(at))
    return at


def wire_instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_instant("", value, strict=True)
    except (Refuse, Tolerate):
        return None


def aware(name: str, value: Any) -> Instant:
    """A timezone-aware datetime with a UTC equivalent (``datetime.max`` at -07:00 has none)."""
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise Refuse(name)
    try:
        return Instant(value.astimezone(timezone.utc))
    except OverflowError:
        raise Refuse(name) from None


def instant(name: str, value: Any) -> Any:
    """An optional window bound: an aware datetime or an instant string."""
    if value is None:
        return None
    if isinstance(value, str):
        return Instant(parse_instant(name, value))
    return aware(name, value)


def scheduled_for(name: str, value: Any) -> Any:
    if isinstance(value, str):  # an instant string is what the wire wants, but the SDK takes datetimes
        raise Tolerate(name, wire=Instant(parse_instant(name, value)))
    return aware(name, value)


PLAIN_ID = re.compile(r"[A-Za-z0-9_.~-]+", re.ASCII)


def path_id(name: str, value: Any) -> Any:
    """Ids are opaque (§1): any non-empty string that fits one path segment once percent-encoded."""
    if not isinstance(value, str) or value in ("", ".", "..") or SURROGATE.search(value):
        raise Refuse(name)
    if PLAIN_ID.fullmatch(value):
        return value
    raise Tolerate(name, wire=value)  # "/", "%", spaces...: no server id has them; refusing is fine


CONTAINER_UUID = re.compile(rf"(cnt_)?{UUID_PATTERN}", re.ASCII)


def clone_target(name: str, value: Any) -> Any:
    """§13 clone: the path id is ``<uuid>`` or ``cnt_<uuid>``; the SDK mints one when it is not given."""
    if value is None:
        return MINTED_CONTAINER
    if isinstance(value, str) and CONTAINER_UUID.fullmatch(value):
        return value
    raise Refuse(name)


def body_container_id(name: str, value: Any) -> Any:
    """§13 generate: the body ``id`` is a uuid (the caller may say ``cnt_<uuid>``; the prefix is not sent)."""
    if value is None:
        return None
    if isinstance(value, str) and CONTAINER_UUID.fullmatch(value):
        return value.removeprefix("cnt_")
    raise Refuse(name)


def idempotency(name: str, value: Any) -> Any:
    """§4: 1-255 printable ASCII characters; ``None``: the SDK mints one for every POST and PATCH."""
    if value is None:
        return ANY_KEY
    if isinstance(value, str) and 1 <= len(value) <= 255 and all(" " <= c <= "~" for c in value):
        return value
    raise Refuse(name)


class Verdict:
    """Refused and tolerated argument names, gathered over several rules."""

    def __init__(self) -> None:
        self.refuse: set[str] = set()
        self.tolerate: set[str] = set()

    def take(self, rule: Rule, name: str, value: Any) -> Any:
        try:
            return rule(name, value)
        except Refuse as refusal:
            self.refuse |= refusal.names
            return ABSENT
        except Tolerate as tolerance:
            self.tolerate |= tolerance.names
            return tolerance.wire

    def settle(self, wire: Any) -> Any:
        if self.refuse:
            raise Refuse(*self.refuse, *self.tolerate)
        if self.tolerate:
            raise Tolerate(*self.tolerate, wire=wire)
        return wire


def members(value: Any, fields: dict[str, tuple[str, Rule]], prefix: str, verdict: Verdict) -> dict[str, Any]:
    """The wire object of an attrs value, each member through its rule (``None`` members left off)."""
    wire = {}
    for attr, (key, rule) in fields.items():
        sent = verdict.take(rule, f"{prefix}.{attr}", getattr(value, attr))
        if sent is not None and sent is not ABSENT:
            wire[key] = sent
    return wire


BCP47 = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", re.ASCII)


def text_list(name: str, value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, (list, tuple)):
        raise Refuse(name)
    verdict = Verdict()
    wire = [verdict.take(BRIEF_ITEM, name, item) for item in value]
    return verdict.settle(wire)


def language(name: str, value: Any) -> Any:
    wire = BRIEF_TEXT(name, value)
    if wire is not None and not BCP47.fullmatch(wire):
        raise Tolerate(name, wire=wire)  # §13 says BCP-47; the SDK does not check tags (see the report)
    return wire


BRIEF_TEXT = text(1, optional=True, empty_ok=True)  # §13: "every field optional", strings; "" is left open
BRIEF_ITEM = text(1, empty_ok=True)
BRIEF_FIELDS: dict[str, tuple[str, Rule]] = {
    "hook": ("hook", BRIEF_TEXT),
    "cta": ("cta", BRIEF_TEXT),
    "target_platforms": ("targetPlatforms", many(ORGANIC_PLATFORMS, need_one=True)),
    "theme_tags": ("themeTags", text_list),
    "topic": ("topic", BRIEF_TEXT),
    "angle": ("angle", BRIEF_TEXT),
    "value_propositions": ("valuePropositions", text_list),
    "influencer_id": ("influencerId", BRIEF_TEXT),
    "reference_media_ids": ("referenceMediaIds", text_list),
    "language": ("language", language),
}
OVERRIDE_FIELDS: dict[str, tuple[str, Rule]] = {
    "caption": ("caption", OPTIONAL_TEXT),
    "cta": ("cta", OPTIONAL_TEXT),
    "voice_over_script": ("voiceOverScript", OPTIONAL_TEXT),
}
TARGET_FIELDS: dict[str, tuple[str, Rule]] = {
    "social_account_id": ("socialAccountId", IDENT),
    "mode": ("mode", choice(PUBLISH_MODES)),
    "caption_override": ("captionOverride", OPTIONAL_TEXT),
    "first_comment_override": ("firstCommentOverride", OPTIONAL_TEXT),
}


def _from_mapping(name: str, value: Mapping[Any, Any], fields: dict[str, tuple[str, Rule]]) -> Any:
    """A dict argument read as its model: keys are attribute or wire names, each field given once."""
    attr_of = {attr: attr for attr in fields} | {key: attr for attr, (key, _) in fields.items()}
    given: dict[str, Any] = {}
    for key, item in value.items():
        attr = attr_of.get(key) if isinstance(key, str) else None
        if attr is None or attr in given:
            raise Refuse(name)
        given[attr] = item
    return SimpleNamespace(**{attr: given.get(attr) for attr in fields})


def _optional_model(kind: type, fields: dict[str, tuple[str, Rule]]) -> Rule:
    """The rule of an optional model argument: ``None``, or a ``kind`` (or the same as a dict, with attribute
    or wire keys) whose every member obeys ``fields``."""

    def rule(name: str, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, Mapping):
            value = _from_mapping(name, value, fields)
        elif not isinstance(value, kind):
            raise Refuse(name)
        verdict = Verdict()
        return verdict.settle(members(value, fields, name, verdict))

    return rule


brief = _optional_model(ContentBrief, BRIEF_FIELDS)
overrides = _optional_model(CloneOverrides, OVERRIDE_FIELDS)


def targets(name: str, value: Any) -> Any:
    """§15: 1-50 targets ``{socialAccountId, mode, captionOverride?, firstCommentOverride?}``."""
    single = isinstance(value, (ScheduleTarget, Mapping))
    if not single and not isinstance(value, (list, tuple)):
        raise Refuse(name)
    items = [value] if single else list(value)
    if not 1 <= len(items) <= 50:
        raise Refuse(name)
    verdict = Verdict()
    wire = []
    for i, target in enumerate(items):
        if isinstance(target, Mapping):
            try:
                target = _from_mapping(f"{name}[{i}]", target, TARGET_FIELDS)
            except Refuse as refused:
                verdict.refuse.update(refused.names)
                continue
        elif not isinstance(target, ScheduleTarget):
            verdict.refuse.add(f"{name}[{i}]")
            continue
        wire.append(members(target, TARGET_FIELDS, f"{name}[{i}]", verdict))
    if single:  # the SDK takes one target for a list of one
        verdict.tolerate.add(name)
    return verdict.settle(wire)
