"""`RedisRateLimiter`: one rate limit shared by every worker that uses the same API key.

Each (API key, endpoint class) pair has one GCRA slot schedule in Redis, advanced by a single Lua
script on Redis's own clock: a request reserves the next free slot, ``60 / rate`` seconds after the
previous one, and sleeps until it. Spacing requests at least that far apart keeps every 60-second
window (so every fixed UTC minute the server counts) at or under ``rate`` requests, whichever worker
sends them. ``rate`` is the documented per-minute limit less a margin of ``max(1, limit // 50)`` for
network jitter. A 429, or a response saying the window's allowance is spent, pauses the class for
every worker until the server's time is up.

Keys are ``{namespace}:rl:<id>:<class>``, where ``<id>`` is a SHA-256 digest of the API key: the key
itself never reaches Redis.
"""

from __future__ import annotations

import hashlib
import math
import os
import time
from collections.abc import Mapping
from typing import Any, Literal

import anyio

from layers_async._transport import Response
from layers_async.contrib.redis._connection import RedisConnection, text, translated
from layers_async.errors import InvalidRequestError, RateLimiterError

__all__ = ["TIER_LIMITS", "RedisRateLimiter", "api_key_id"]

Tier = Literal["standard", "pilot", "partner"]

#: Requests per minute per endpoint class for each tier, from the API reference's rate-limit table.
TIER_LIMITS: Mapping[str, Mapping[str, int]] = {
    "standard": {"read-light": 120, "write-light": 60, "long-running": 20},
    "pilot": {"read-light": 1_200, "write-light": 600, "long-running": 60},
    "partner": {"read-light": 6_000, "write-light": 3_000, "long-running": 300},
}
#: Seconds: the longest single sleep, and how far ahead a slot may be reserved.
MAX_WAIT = 60.0

_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local pause = tonumber(ARGV[3])
if pause > 0 and redis.call('PTTL', KEYS[2]) < pause then
  redis.call('SET', KEYS[2], '1', 'PX', math.ceil(pause))
end
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return {0, paused} end
local interval = tonumber(ARGV[1])
if interval <= 0 then return {1, 0} end
local horizon = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - now
if wait > horizon then return {0, math.ceil(wait - horizon)} end
redis.call('SET', KEYS[1], tostring(tat + interval), 'PX', math.ceil(wait + interval) + 1000)
return {1, math.ceil(wait)}
"""
_PAUSE = """
local pause = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < pause then redis.call('SET', KEYS[1], '1', 'PX', math.ceil(pause)) end
return 1
"""


def api_key_id(api_key: str) -> str:
    """A stable, non-reversible id for an API key (a SHA-256 digest, 32 hex digits)."""
    return hashlib.sha256(b"layers-async rate limit\0" + api_key.encode()).hexdigest()[:32]


def _rates(tier: str, limits: Mapping[str, int] | None) -> dict[str, float]:
    if tier not in TIER_LIMITS:
        raise InvalidRequestError(f"tier must be one of {sorted(TIER_LIMITS)}", argument="tier")
    merged = {**TIER_LIMITS[tier], **(limits or {})}
    rates = {}
    for endpoint_class, limit in merged.items():
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise InvalidRequestError("each limit must be a whole number >= 1 per minute", argument="limits")
        rates[endpoint_class] = float(max(1, limit - max(1, limit // 50)))
    return rates


class RedisRateLimiter:
    """A `RateLimiter` shared through Redis; use as ``async with RedisRateLimiter(...) as limiter``.

    Args:
        redis: A ``redis://`` URL, or a coredis ``Redis`` client you entered (and will close).
        api_key: The API key whose limits are shared (defaults to ``$LAYERS_API_KEY``); only its
            digest is kept.
        tier: The key's rate-limit tier (``whoami`` reports it): sets the per-minute limits.
        limits: Per-class overrides of the tier's requests per minute.
        namespace: Prefix of every Redis key.

    Raises:
        InvalidRequestError: A bad argument.
    """

    __slots__ = ("_acquire", "_conn", "_key_id", "_namespace", "_pause", "_pending", "_rates")

    def __init__(
        self,
        redis: Any,
        *,
        api_key: str | None = None,
        tier: Tier = "standard",
        limits: Mapping[str, int] | None = None,
        namespace: str = "layers",
    ) -> None:
        key = api_key if api_key is not None else os.environ.get("LAYERS_API_KEY")
        if not isinstance(key, str) or not key:
            raise InvalidRequestError("an API key is required to share its limits", argument="api_key")
        if not isinstance(namespace, str) or not namespace or "}" in namespace:
            raise InvalidRequestError("namespace must be a non-empty string without '}'", argument="namespace")
        self._rates = _rates(tier, limits)
        self._key_id = api_key_id(key)
        self._namespace = namespace
        self._conn = RedisConnection(redis, RateLimiterError)
        self._acquire = self._conn.client.register_script(_ACQUIRE)
        self._pause = self._conn.client.register_script(_PAUSE)
        self._pending: dict[str, float] = {}  # class -> pause (ms) learned from headers, sent with the next acquire

    def __repr__(self) -> str:
        return f"<RedisRateLimiter namespace={self._namespace!r} key_id={self._key_id[:8]}…>"

    async def __aenter__(self) -> RedisRateLimiter:
        await self._conn.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._conn.close()

    def _keys(self, endpoint_class: str) -> list[str]:
        base = f"{{{self._namespace}}}:rl:{self._key_id}:{endpoint_class}"
        return [f"{base}:tat", f"{base}:pause"]

    async def acquire(self, endpoint_class: str) -> None:
        """See ``RateLimiter.acquire``; one sleep lasts at most `MAX_WAIT` seconds.

        Raises:
            RateLimiterError: Redis could not be reached.
        """
        rate = self._rates.get(endpoint_class)
        interval = 0.0 if rate is None else 60_000.0 / rate
        pause = self._pending.pop(endpoint_class, 0.0)
        keys = self._keys(endpoint_class)
        while True:
            with translated(RateLimiterError, "the Redis rate limiter failed"):
                reserved, wait_ms = await self._acquire(keys=keys, args=[interval, MAX_WAIT * 1000, pause])
            pause = 0.0
            wait = min(int(text(wait_ms)) / 1000, MAX_WAIT)
            if wait > 0:
                await anyio.sleep(wait)
            if int(text(reserved)):
                return

    def release(self, endpoint_class: str, response: Response | None) -> None:
        """See ``RateLimiter.release``: a response whose window allowance is spent pauses the class."""
        if response is None or response.header("x-ratelimit-remaining") != "0":
            return
        try:
            reset = float(response.header("x-ratelimit-reset") or "")
        except ValueError:
            return
        left = (reset - time.time()) * 1000
        if math.isfinite(left) and left > 0:
            self._pending[endpoint_class] = min(max(self._pending.get(endpoint_class, 0.0), left), MAX_WAIT * 1000)

    async def pause(self, endpoint_class: str, seconds: float) -> None:
        """See ``RateLimiter.pause``: every worker sharing the key holds the class.

        Raises:
            RateLimiterError: Redis could not be reached.
        """
        if not math.isfinite(seconds) or seconds <= 0:
            return
        with translated(RateLimiterError, "the Redis rate limiter failed"):
            await self._pause(keys=self._keys(endpoint_class)[1:], args=[seconds * 1000])
