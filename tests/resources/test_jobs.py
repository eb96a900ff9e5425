"""client.jobs.cancel takes a caller's idempotency key."""

from __future__ import annotations

import pytest

from layers_async.errors import InvalidRequestError
from layers_async.models import CancelResult

JOB = "job_01JTG4M8Q2S6V0Y3B7E1H5K9N3"


@pytest.mark.anyio
async def test_cancel_sends_no_body_and_the_callers_key(api) -> None:
    api.reply(202, {"jobId": JOB, "accepted": True})
    result = await api.client.jobs.cancel(JOB, idempotency_key="cancel-1")
    assert (("POST", f"/v1/jobs/{JOB}/cancel", [], None), "cancel-1", CancelResult(job_id=JOB, accepted=True)) == (
        api.sent(),
        api.requests[-1].header("idempotency-key"),
        result,
    )


@pytest.mark.anyio
async def test_cancel_refuses_a_non_ascii_key(api) -> None:
    with pytest.raises(InvalidRequestError) as info:
        await api.client.jobs.cancel(JOB, idempotency_key="clé")
    assert "idempotency_key" == info.value.argument
