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
from collections.abc import Sequence
from typing import Any

import anyio
import coredis.exceptions

from layers_async._store import CloneIntent, StoredJob, check_intent, check_key, check_many, new_record, not_held
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
#: Seconds one batched write may take before its callers get a `JobStoreError` (it runs shielded from
#: cancellation, because other callers' writes ride on it).
_WRITE_CAP = 60.0

# KEYS: the unreported set, the sequence, then one hash per intent. ARGV: the number of field/value
# arguments per intent, then per intent its key and those arguments. Returns, per intent, 0 when it
# was recorded now (the record is the intent), else the hash already held.
_RECORD_INTENTS = """
local per = tonumber(ARGV[1])
local out = {}
for i = 3, #KEYS do
  local base = 2 + (i - 3) * (per + 1)
  if redis.call('EXISTS', KEYS[i]) == 0 then
    local seq = redis.call('INCR', KEYS[2])
    redis.call('HSET', KEYS[i], unpack(ARGV, base + 1, base + per))
    redis.call('ZADD', KEYS[1], seq, ARGV[base])
    out[#out + 1] = 0
  else
    out[#out + 1] = redis.call('HGETALL', KEYS[i])
  end
end
return out
"""
# KEYS: the hashes of the accepted clones, then of the ended ones. ARGV: how many accepted, their job
# ids, then an outcome and a detail per ended clone. Returns the (1-based) positions of keys not held.
_RECORD_MANY = """
local na = tonumber(ARGV[1])
local absent = {}
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    absent[#absent + 1] = i
  elseif i <= na then
    redis.call('HSET', KEYS[i], 'job_id', ARGV[i + 1])
  else
    local j = na + 2 + (i - na - 1) * 2
    redis.call('HSET', KEYS[i], 'outcome', ARGV[j], 'detail', ARGV[j + 1])
  end
end
return absent
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


def _intent_fields(intent: CloneIntent) -> list[str]:
    """A new record's fields and JSON values, alternating, for ``HSET``."""
    values = (
        intent.container_id,
        intent.idempotency_key,
        intent.body,
        intent.body_hash,
        intent.deadline,
        None,
        None,
        None,
        False,
        False,
    )
    args: list[str] = []
    for name, value in zip(_FIELDS, values):
        args += [name, json.dumps(value)]
    return args


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


class _Waiting:
    __slots__ = ("done", "error", "intent", "record")

    def __init__(self, intent: CloneIntent) -> None:
        self.intent = intent
        self.record: StoredJob | None = None
        self.error: JobStoreError | None = None
        self.done = anyio.Event()


class RedisJobStore:
    """A `JobStore` in Redis, shared by every worker; use as ``async with RedisJobStore(...) as store``.

    Intents recorded while an earlier batch is on its way go together in the next one (one script
    call, one round trip), as `record_many` writes all its updates in one.

    Args:
        redis: A ``redis://`` URL, or a coredis ``Redis`` client you entered (and will close).
        namespace: Prefix of every Redis key (one store per namespace).

    Raises:
        InvalidRequestError: A bad argument.
    """

    __slots__ = (
        "_closed",
        "_conn",
        "_deliver",
        "_flushing",
        "_namespace",
        "_record_intents",
        "_record_many",
        "_waiting",
    )

    def __init__(self, redis: Any, *, namespace: str = "layers") -> None:
        if not isinstance(namespace, str) or not namespace or "}" in namespace:
            raise InvalidRequestError("namespace must be a non-empty string without '}'", argument="namespace")
        self._namespace = namespace
        self._conn = RedisConnection(redis, JobStoreError)
        client = self._conn.client
        self._record_intents = client.register_script(_RECORD_INTENTS)
        self._record_many = client.register_script(_RECORD_MANY)
        self._deliver = client.register_script(_DELIVER)
        self._waiting: list[_Waiting] = []
        self._flushing = False
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

    async def _run(self, script: Any, keys: list[str], args: list[Any]) -> Any:
        """Call ``script`` by its digest (cheaper than coredis's wrapper); load it when Redis lacks it."""
        client = self._conn.client
        try:
            return await client.evalsha(script.sha, keys=keys, args=args)
        except coredis.exceptions.NoScriptError:  # a restarted or flushed server
            await client.script_load(script.script)
            return await client.evalsha(script.sha, keys=keys, args=args)

    def _check_open(self) -> None:
        if self._closed:
            raise JobStoreError("the job store is closed")

    async def record_intent(self, intent: CloneIntent) -> StoredJob:
        """See `JobStore.record_intent` (batched with the intents recorded meanwhile)."""
        check_intent(intent)
        self._check_open()
        waiting = _Waiting(intent)
        self._waiting.append(waiting)
        if self._flushing:
            await waiting.done.wait()  # the task flushing now sends it in its next batch
        else:
            self._flushing = True
            try:
                # Shielded: other callers' intents ride on this flush; bounded by _WRITE_CAP.
                with anyio.CancelScope(shield=True):
                    while self._waiting:
                        batch, self._waiting = self._waiting[:_CHUNK], self._waiting[_CHUNK:]
                        try:
                            await self._send_intents(batch)
                        finally:
                            for each in batch:
                                each.done.set()
            finally:
                self._flushing = False
        if waiting.error is not None:
            raise waiting.error
        assert waiting.record is not None
        return waiting.record

    async def _send_intents(self, batch: list[_Waiting]) -> None:
        keys = [self._unreported, f"{{{self._namespace}}}:clones:seq"]
        args: list[Any] = [2 * len(_FIELDS)]
        for waiting in batch:
            intent = waiting.intent
            keys.append(self._hash(intent.key))
            args.append(intent.key)
            args += _intent_fields(intent)
        try:
            with anyio.move_on_after(_WRITE_CAP) as scope, translated(JobStoreError, "the Redis job store failed"):
                replies = await self._run(self._record_intents, keys, args)
            if scope.cancelled_caught:
                raise JobStoreError(f"the Redis job store did not answer within {_WRITE_CAP:g}s")
            for waiting, raw in zip(batch, replies):
                waiting.record = new_record(waiting.intent) if raw == 0 else _record(waiting.intent.key, raw)
        except JobStoreError as exc:
            for waiting in batch:
                waiting.error = exc

    async def record_accepted(self, key: str, job_id: str) -> None:
        """See `JobStore.record_accepted`."""
        await self.record_many(accepted=[(key, job_id)])

    async def record_outcome(self, key: str, outcome: str, *, detail: str | None = None) -> None:
        """See `JobStore.record_outcome`."""
        await self.record_many(outcomes=[(key, outcome, detail)])

    async def record_many(
        self, *, accepted: Sequence[tuple[str, str]] = (), outcomes: Sequence[tuple[str, str, str | None]] = ()
    ) -> None:
        """See `JobStore.record_many` (one script call per 500 updates)."""
        pairs, triples = check_many(accepted, outcomes)
        self._check_open()
        updates = [(key, [json.dumps(job_id)]) for key, job_id in pairs]
        updates += [(key, [json.dumps(outcome), json.dumps(detail)]) for key, outcome, detail in triples]
        absent: list[str] = []
        for start in range(0, len(updates), _CHUNK):
            chunk = updates[start : start + _CHUNK]
            accepted_here = max(0, min(len(pairs) - start, len(chunk)))
            args: list[Any] = [accepted_here]
            for _, values in chunk:
                args += values
            with translated(JobStoreError, "the Redis job store failed"):
                positions = await self._run(self._record_many, [self._hash(key) for key, _ in chunk], args)
            absent += [chunk[int(text(i)) - 1][0] for i in positions]
        if absent:
            raise not_held(absent)

    async def deliver(self, key: str | None, *, reported: Sequence[str] = ()) -> bool:
        """See `JobStore.deliver`."""
        done = [check_key(k, "reported") for k in reported]
        out = [] if key is None else [check_key(key)]
        self._check_open()
        keys = [self._unreported, *(self._hash(k) for k in done), *(self._hash(k) for k in out)]
        with translated(JobStoreError, "the Redis job store failed"):
            before = int(text(await self._run(self._deliver, keys, [key or "", *done])))
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
