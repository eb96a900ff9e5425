"""`gather`: run a few calls concurrently and raise the first error itself, not an exception group."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import anyio

__all__ = ["gather"]

T = TypeVar("T")


async def gather(calls: Sequence[Callable[[], Awaitable[T]]]) -> list[T]:
    """Await every call concurrently; return their results in order.

    The first call to fail cancels the others, and its exception is raised as is (callers catch
    ``NotFoundError``, not a group of them).
    """
    results: dict[int, T] = {}
    errors: list[Exception] = []

    async with anyio.create_task_group() as tg:

        async def run(index: int, call: Callable[[], Awaitable[T]]) -> None:
            try:
                results[index] = await call()
            except Exception as exc:
                errors.append(exc)
                tg.cancel_scope.cancel()

        for index, call in enumerate(calls):
            tg.start_soon(run, index, call)
    if errors:
        raise errors[0]
    return [results[i] for i in range(len(calls))]
