"""One coredis client, owned (made from a URL, entered and exited by us) or lent by the caller."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

import coredis
import coredis.exceptions

from layers_async.errors import InvalidRequestError, LayersError

if sys.version_info < (3, 11):  # pragma: no cover - the builtin from 3.11 on
    from exceptiongroup import BaseExceptionGroup

__all__ = ["RedisConnection", "text", "translated"]


@contextlib.contextmanager
def translated(error: type[LayersError], what: str) -> Iterator[None]:
    """Turn anything coredis raises (also a group from its task group) into ``error``; keep our own errors."""
    try:
        yield
    except LayersError:
        raise
    except (coredis.exceptions.RedisError, OSError, TimeoutError, RuntimeError) as exc:
        raise error(f"{what}: {type(exc).__name__}: {exc}") from exc
    except BaseExceptionGroup as group:
        failures, rest = group.split(Exception)
        if rest is not None or failures is None:
            raise  # a cancellation travels on unchanged
        first = failures.exceptions[0]
        raise error(f"{what}: {type(first).__name__}: {first}") from group


def text(value: Any) -> Any:
    """A reply value as text when the client was made without ``decode_responses``."""
    return value.decode() if isinstance(value, bytes) else value


class RedisConnection:
    """Holds the coredis client a Redis adapter talks through.

    Args:
        redis: A ``redis://`` URL (the adapter makes, enters and closes its own client) or a coredis
            ``Redis`` client the caller has entered and will close.
        error: The SDK error that Redis failures become.
    """

    __slots__ = ("_error", "_owned", "_stack", "client")

    def __init__(self, redis: Any, error: type[LayersError]) -> None:
        if isinstance(redis, str):
            if not redis.startswith(("redis://", "rediss://", "unix://")):
                raise InvalidRequestError("redis must be a redis:// URL or a coredis.Redis client", argument="redis")
            self.client: Any = coredis.Redis.from_url(redis, decode_responses=True)
            self._owned = True
        elif isinstance(redis, coredis.Redis):
            self.client, self._owned = redis, False
        else:
            raise InvalidRequestError("redis must be a redis:// URL or a coredis.Redis client", argument="redis")
        self._error = error
        self._stack: contextlib.AsyncExitStack | None = None

    async def open(self) -> None:
        """Enter the client when it is ours."""
        if self._owned and self._stack is None:
            stack = contextlib.AsyncExitStack()
            with translated(self._error, "could not connect to Redis"):
                await stack.enter_async_context(self.client)
            self._stack = stack

    async def close(self) -> None:
        """Exit the client when it is ours.

        Not wrapped in a shielded scope: the client's own task group must exit in the scope it was
        entered in, and it closes its connections itself also when canceled.
        """
        stack, self._stack = self._stack, None
        if stack is not None:
            with translated(self._error, "closing the Redis client failed"):
                await stack.aclose()
