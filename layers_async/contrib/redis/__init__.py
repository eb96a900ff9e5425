"""Redis adapters (extra ``[redis]``, on coredis, which runs on asyncio and trio).

`RedisRateLimiter` shares one API key's per-minute limits across every worker; `RedisJobStore` is a
`JobStore` the workers share. Both talk to one Redis (>= 7) and take a ``redis://`` URL or a coredis
client you entered.
"""

try:
    import coredis  # noqa: F401
except ImportError as exc:  # pragma: no cover - the extra is not installed
    raise ImportError("layers_async.contrib.redis needs coredis: pip install 'layers-async[redis]'") from exc

from layers_async.contrib.redis._limiter import RedisRateLimiter, api_key_id
from layers_async.contrib.redis._store import RedisJobStore

__all__ = ["RedisJobStore", "RedisRateLimiter", "api_key_id"]
