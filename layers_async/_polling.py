"""The documented job-polling cadence, and waiting for one job."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import attrs

from layers_async.errors import JobCanceledError, JobFailedError, PollTimeoutError
from layers_async.models._jobs import Job, JobStatus

if TYPE_CHECKING:
    from layers_async._client import Client

__all__ = ["PollPolicy", "wait_for_job"]


def _non_negative(instance: object, attribute: attrs.Attribute, value: float) -> None:  # type: ignore[type-arg]
    if value < 0:
        raise ValueError(f"{attribute.name} must not be negative")


@attrs.frozen(kw_only=True)
class PollPolicy:
    """When to poll a job (contract §7).

    The wait before poll *n* (n = 0, 1, ...) is::

        delay(n) = min(first * multiplier**n, maximum) + uniform(0, jitter)

    so by default 2 s before the first poll, then ×1.3 per poll up to 10 s, plus 0–500 ms of jitter.
    A 304 follows the same schedule.
    """

    first: float = attrs.field(default=2.0, validator=_non_negative)
    multiplier: float = attrs.field(default=1.3, validator=attrs.validators.ge(1.0))
    maximum: float = attrs.field(default=10.0, validator=_non_negative)
    jitter: float = attrs.field(default=0.5, validator=_non_negative)

    def delay(self, n: int) -> float:
        """The wait before poll ``n``."""
        base = min(self.first * self.multiplier**n, self.maximum)
        return base + (random.uniform(0.0, self.jitter) if self.jitter else 0.0)


def job_id_of(job: str | Job) -> str:
    """The id of a job given as an id or a job model."""
    return job if isinstance(job, str) else job.job_id


def raise_for_outcome(job: Job) -> None:
    """Raise `JobFailedError` / `JobCanceledError` for a failed or canceled job."""
    if job.status is JobStatus.FAILED:
        reason = f"{job.error.code}: {job.error.message}" if job.error else "no error given"
        raise JobFailedError(f"job {job.job_id} failed ({reason})", job_id=job.job_id, job=job)
    if job.status is JobStatus.CANCELED:
        raise JobCanceledError(f"job {job.job_id} was canceled", job_id=job.job_id, job=job)


async def wait_for_job(
    client: Client,
    job: str | Job,
    *,
    timeout: float | None = None,
    poll: PollPolicy | None = None,
    raise_on_failure: bool = False,
) -> Job:
    """Poll ``job`` on ``poll``'s cadence until it is terminal; see `Jobs.wait`."""
    policy = poll or PollPolicy()
    job_id = job_id_of(job)
    last = job if isinstance(job, Job) else None
    clock = client.clock
    deadline = None if timeout is None else clock.now() + timeout
    n = 0
    while last is None or not last.is_terminal:
        delay = policy.delay(n)
        n += 1
        if deadline is not None:
            remaining = deadline - clock.now()
            if remaining <= 0:
                raise PollTimeoutError(f"job {job_id} still running after {timeout} s", job_id=job_id, job=last)
            delay = min(delay, remaining)
        await clock.sleep(delay)
        if deadline is not None and clock.now() >= deadline:
            raise PollTimeoutError(f"job {job_id} still running after {timeout} s", job_id=job_id, job=last)
        fresh = await client.jobs.get(job_id, etag=last.etag if last else None)
        if fresh is not None:
            last = fresh
    if raise_on_failure:
        raise_for_outcome(last)
    return last
