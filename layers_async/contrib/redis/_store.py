"""`RedisJobStore`: the `JobStore` a fleet of workers shares.

One Redis hash per clone (``{namespace}:clone:<tag>``, every field JSON-encoded) and one sorted set
of the unreported ones, in creation order. Every write that must be atomic (claim a tag, update only
a held record, report-then-hand-out) is one Lua script. All keys share the ``{namespace}`` hash tag,
so the scripts also run on a Redis Cluster. A write is as durable as the server's persistence is
configured (``appendonly yes`` with ``appendfsync everysec`` or ``always``): a killed *worker* loses
nothing once its call returned.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from layers_async._store import CloneIntent, StoredJob, check_intent, check_key
from layers_async.contrib.redis._connection import RedisConnection, text, translated
from layers_async.errors import InvalidRequestError, JobStoreError

__all__ = ["RedisJobStore"]

_FIELDS = (
    "container_id",
    "idempotency_key",
    "body",
    "body_hash",
    "deadline",
    "job_id",
    "outcome",
    "detail",
    "handed_out",
    "reported",
)
_CHUNK = 500

_RECORD_INTENT = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  local seq = redis.call('INCR', KEYS[3])
  redis.call('HSET', KEYS[1], unpack(ARGV, 2))
  redis.call('ZADD', KEYS[2], seq, ARGV[1])
end
return redis.call('HGETALL', KEYS[1])
"""
_UPDATE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
"""
_DELIVER = """
local n = #ARGV - 1
for i = 1, n do
  if redis.call('EXISTS', KEYS[i + 1]) == 1 then
    redis.call('HSET', KEYS[i + 1], 'reported', 'true')
    redis.call('ZREM', KEYS[1], ARGV[i + 1])
  end
end
if ARGV[1] == '' then return 0 end
local h = KEYS[n + 2]
if redis.call('EXISTS', h) == 0 then return -1 end
local before = redis.call('HGET', h, 'handed_out')
redis.call('HSET', h, 'handed_out', 'true')
if before == 'true' then return 1 end
return 0
"""


def _record(key: str, raw: Any) -> StoredJob | None:
    if isinstance(raw, (list, tuple)):
        raw = dict(zip(raw[::2], raw[1::2]))
    if not raw:
        return None
    data = {text(k): json.loads(text(v)) for k, v in dict(raw).items()}
    try:
        return StoredJob(key=key, **{field: data[field] for field in _FIELDS})
    except (KeyError, TypeError) as exc:
        raise JobStoreError(f"the Redis record under {key!r} is not one this SDK wrote ({exc})") from None


class RedisJobStore:
    """A `JobStore` in Redis, shared by every worker; use as ``async with RedisJobStore(...) as store``.

    Args:
        redis: A ``redis://`` URL, or a coredis ``Redis`` client you entered (and will close).
        namespace: Prefix of every Redis key (one store per namespace).

    Raises:
        InvalidRequestError: A bad argument.
    """

    __slots__ = ("_closed", "_conn", "_deliver", "_namespace", "_record_intent", "_update")

    def __init__(self, redis: Any, *, namespace: str = "layers") -> None:
        if not isinstance(namespace, str) or not namespace or "}" in namespace:
            raise InvalidRequestError("namespace must be a non-empty string without '}'", argument="namespace")
        self._namespace = namespace
        self._conn = RedisConnection(redis, JobStoreError)
        client = self._conn.client
        self._record_intent = client.register_script(_RECORD_INTENT)
        self._update = client.register_script(_UPDATE)
        self._deliver = client.register_script(_DELIVER)
        self._closed = False

    def __repr__(self) -> str:
        return f"<RedisJobStore namespace={self._namespace!r}>"

    async def __aenter__(self) -> RedisJobStore:
        await self._conn.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def _hash(self, key: str) -> str:
        return f"{{{self._namespace}}}:clone:{key}"

    @property
    def _unreported(self) -> str:
        return f"{{{self._namespace}}}:clones:unreported"

    def _check_open(self) -> None:
        if self._closed:
            raise JobStoreError("the job store is closed")

    async def record_intent(self, intent: CloneIntent) -> StoredJob:
        """See `JobStore.record_intent`."""
        check_intent(intent)
        self._check_open()
        fields: Mapping[str, Any] = {
            "container_id": intent.container_id,
            "idempotency_key": intent.idempotency_key,
            "body": intent.body,
            "body_hash": intent.body_hash,
            "deadline": intent.deadline,
            "job_id": None,
            "outcome": None,
            "detail": None,
            "handed_out": False,
            "reported": False,
        }
        args = [intent.key]
        for name, value in fields.items():
            args += [name, json.dumps(value)]
        keys = [self._hash(intent.key), self._unreported, f"{{{self._namespace}}}:clones:seq"]
        with translated(JobStoreError, "the Redis job store failed"):
            raw = await self._record_intent(keys=keys, args=args)
        record = _record(intent.key, raw)
        assert record is not None  # the script returns the record it holds
        return record

    async def _set(self, key: str, **values: Any) -> None:
        self._check_open()
        args: list[str] = []
        for name, value in values.items():
            args += [name, json.dumps(value)]
        with translated(JobStoreError, "the Redis job store failed"):
            held = await self._update(keys=[self._hash(key)], args=args)
        if not int(text(held)):
            raise JobStoreError(f"no clone intent is held under key {key!r}")

    async def record_accepted(self, key: str, job_id: str) -> None:
        """See `JobStore.record_accepted`."""
        await self._set(check_key(key), job_id=check_key(job_id, "job_id"))

    async def record_outcome(self, key: str, outcome: str, *, detail: str | None = None) -> None:
        """See `JobStore.record_outcome`."""
        await self._set(check_key(key), outcome=check_key(outcome, "outcome"), detail=detail)

    async def deliver(self, key: str | None, *, reported: Sequence[str] = ()) -> bool:
        """See `JobStore.deliver`."""
        done = [check_key(k, "reported") for k in reported]
        out = [] if key is None else [check_key(key)]
        self._check_open()
        keys = [self._unreported, *(self._hash(k) for k in done), *(self._hash(k) for k in out)]
        with translated(JobStoreError, "the Redis job store failed"):
            before = int(text(await self._deliver(keys=keys, args=[key or "", *done])))
        if before < 0:
            raise JobStoreError(f"no clone intent is held under key {key!r}")
        return before == 1

    async def get(self, key: str) -> StoredJob | None:
        """See `JobStore.get`."""
        check_key(key)
        self._check_open()
        with translated(JobStoreError, "the Redis job store failed"):
            raw = await self._conn.client.hgetall(self._hash(key))
        return _record(key, raw)

    async def unfinished(self) -> list[StoredJob]:
        """See `JobStore.unfinished`."""
        self._check_open()
        client = self._conn.client
        records: list[StoredJob] = []
        with translated(JobStoreError, "the Redis job store failed"):
            keys = [text(k) for k in await client.zrange(self._unreported, 0, -1)]
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                async with client.pipeline(transaction=False) as pipe:
                    replies = [pipe.hgetall(self._hash(k)) for k in chunk]
                for key, reply in zip(chunk, replies):
                    record = _record(key, await reply)
                    if record is not None:
                        records.append(record)
        return records

    async def aclose(self) -> None:
        """See `JobStore.aclose` (closes the Redis client only when the store made it)."""
        if not self._closed:
            self._closed = True
            await self._conn.close()
