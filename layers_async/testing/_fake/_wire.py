"""Pure wire helpers: JSON bytes, RFC 3339 timestamps, instant parsing, opaque cursors."""

from __future__ import annotations

import base64
import binascii
import calendar
import json
import math
import re
import time
from typing import Any

__all__ = [
    "DAY",
    "decode_cursor",
    "dumps",
    "encode_cursor",
    "iso_date",
    "parse_instant",
    "ts",
]

DAY = 86_400.0

_INSTANT_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$")


def dumps(obj: Any) -> bytes:
    """Serialize ``obj`` as compact UTF-8 JSON."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()


def ts(epoch: float) -> str:
    """Format epoch seconds as RFC 3339 UTC with a ``Z`` (milliseconds only when not zero)."""
    global _LAST  # a one-entry memo, swapped as one tuple so threads never see half of it
    last = _LAST
    if last[0] == epoch:  # bursts at one virtual instant format the same time over and over
        return last[1]
    text = _ts(epoch)
    _LAST = (epoch, text)
    return text


def _ts(epoch: float) -> str:
    ms = round(epoch * 1000)
    secs, frac = divmod(ms, 1000)
    day, rem = divmod(secs, 86_400)
    date = _DATES.get(day)
    if date is None:
        if len(_DATES) >= 4_096:
            _DATES.clear()
        date = _DATES[day] = time.strftime("%Y-%m-%dT", time.gmtime(day * 86_400))
    hours, rem = divmod(rem, 3_600)
    minutes, seconds = divmod(rem, 60)
    two = _TWO
    clock = date + two[hours] + ":" + two[minutes] + ":" + two[seconds]
    return clock + "." + _MILLIS[frac] + "Z" if frac else clock + "Z"


#: ``YYYY-MM-DDT`` per UTC day number (the date part of `ts`, the only part that needs the calendar).
_DATES: dict[int, str] = {}
_LAST: tuple[float, str] = (math.nan, "")
_TWO = [f"{i:02d}" for i in range(60)]
_MILLIS = [f"{i:03d}" for i in range(1000)]


def iso_date(epoch: float) -> str:
    """Return the UTC date ``YYYY-MM-DD`` of ``epoch``."""
    return time.strftime("%Y-%m-%d", time.gmtime(epoch))


def parse_instant(value: str) -> float | None:
    """Parse a full instant (date, time, and ``Z`` or an offset) into epoch seconds; ``None`` if invalid."""
    m = _INSTANT_RE.match(value)
    if m is None:
        return None
    year, month, day, hour, minute = (int(m.group(i)) for i in range(1, 6))
    second = int(m.group(6) or 0)
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour <= 23 and minute <= 59 and second <= 60):
        return None
    try:
        base = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))
        if time.gmtime(base).tm_mday != day:
            return None
    except (OverflowError, ValueError):
        return None
    frac = float(m.group(7)) if m.group(7) else 0.0
    zone = m.group(8)
    offset = 0
    if zone not in ("Z", "z"):
        digits = zone[1:].replace(":", "")
        offset = int(digits[:2]) * 3600 + int(digits[2:]) * 60
        if zone[0] == "-":
            offset = -offset
    return base + frac - offset


def parse_day(value: str) -> float | None:
    """Parse ``YYYY-MM-DD`` (fixture input) into the epoch of its 00:00Z."""
    return parse_instant(f"{value}T00:00:00Z") if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None


def encode_cursor(route: str, signature: str, last: list[Any]) -> str:
    """Build an opaque cursor bound to a route and a filter signature."""
    raw = dumps({"r": route, "s": signature, "k": last})
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, route: str, signature: str) -> list[Any] | None:
    """Return the sort key stored in ``cursor``, or ``None`` when it is malformed or belongs elsewhere."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("r") != route or data.get("s") != signature:
        return None
    last = data.get("k")
    return last if isinstance(last, list) else None
