"""One error out of the tracker's task group, on asyncio and trio alike.

Following trio's advice for libraries, an `ExceptionGroup` never leaves the tracker: the caller's own
exception comes out unwrapped, and anything that went wrong inside comes out as one exception of ours.
"""

from __future__ import annotations

import anyio

from layers_async.errors import ClientClosedError, LayersError, TrackerError

__all__ = ["one_error"]


def _leaves(error: BaseException) -> list[BaseException]:
    # By class name: the builtin BaseExceptionGroup (3.11+) and the `exceptiongroup` backport (3.10) alike.
    if any(cls.__name__ == "BaseExceptionGroup" for cls in type(error).__mro__):
        inner: tuple[BaseException, ...] = getattr(error, "exceptions", ())
        return [leaf for exc in inner for leaf in _leaves(exc)]
    return [error]


def one_error(
    body_error: BaseException | None, raised: BaseException | None, failure: BaseException | None
) -> BaseException | None:
    """The one exception to raise when the tracker's block ends, or ``None`` to let ``body_error`` through.

    Args:
        body_error: What the ``async with`` block raised (``None`` when it ended normally).
        raised: What leaving the task group raised (often a group holding ``body_error``).
        failure: The first unexpected error one of the tracker's own tasks recorded.

    Returns:
        ``None`` when the block's own exception (or none) should propagate as it is; otherwise the
        exception to raise: a `TrackerError` caused by ``failure``, the one `ClientClosedError` (a new
        one chained from the group when several tasks saw the client closed), the one error of ours a
        task raised, or a `TrackerError` chained from the group for anything else. A pure cancellation
        is returned unchanged so that cancel scopes keep working.
    """
    cancelled = anyio.get_cancelled_exc_class()
    user_error = body_error if body_error is not None and not isinstance(body_error, cancelled) else None
    if user_error is not None:
        return None  # the caller's own exception wins, unwrapped
    if failure is not None:
        error = TrackerError(f"job tracker stopped: {failure!r}")
        error.__cause__ = failure
        return error
    if raised is None:
        return None
    ours = [leaf for leaf in _leaves(raised) if not isinstance(leaf, cancelled) and leaf is not body_error]
    if not ours:
        return None if raised is body_error else raised  # a cancellation: let it reach its scope
    if all(isinstance(leaf, ClientClosedError) for leaf in ours):
        if len(ours) == 1:
            return ours[0]
        closed = ClientClosedError("the client was closed while the job tracker was running")
        closed.__cause__ = raised
        return closed
    if len(ours) == 1 and isinstance(ours[0], LayersError):
        return ours[0]
    error = TrackerError(f"job tracker stopped: {ours[0]!r}")
    error.__cause__ = ours[0] if len(ours) == 1 else raised
    return error
