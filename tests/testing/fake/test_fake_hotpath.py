"""The job-poll hot path's caches and shortcuts give exactly what the plain computations give."""

from __future__ import annotations

import random
import time

from layers_async.testing import FakeLayers, LoggedRequest
from layers_async.testing._fake._http import HttpRequest
from layers_async.testing._fake._ids import IdGen, _ulid
from layers_async.testing._fake._jobview import current_progress, job_body, job_envelope
from layers_async.testing._fake._wire import dumps, ts


def _poll(fake: FakeLayers, job_id: str, secret: str, etag: str | None = None) -> tuple[int, str | None, bytes]:
    headers = [("Authorization", f"Bearer {secret}")]
    if etag is not None:
        headers.append(("If-None-Match", etag))
    r = fake.handle(HttpRequest.build("GET", f"https://api.layers.com/v1/jobs/{job_id}", headers))
    return r.status, r.header("ETag"), r.body


def _world(stage_seconds: tuple[float, float, float] = (5.0, 5.0, 5.0)) -> tuple[FakeLayers, str]:
    fake = FakeLayers(seed=1, stage_seconds=stage_seconds)
    org = fake.create_org("o", credits=10**6)
    fake.default_key = fake.create_key(org, scopes=("*",), tier="partner")
    return fake, fake.create_project(org, "p")


def _start(fake: FakeLayers, project: str) -> str:
    status, body = fake.request("POST", f"/v1/projects/{project}/content", json_body={})
    assert status == 202, body
    return str(body["jobId"])


def _etag(job_id: str, stage_index: int, status: str, progress: float) -> str:
    return f'"{job_id[4:]}-{stage_index}-{status}-{int(progress * 100)}"'


def test_cached_job_body_matches_a_fresh_render_at_every_instant() -> None:
    for stage_seconds in ((5.0, 5.0, 5.0), (0.7, 3.3, 60.0), (0.0, 2.0, 0.0)):
        fake, project = _world(stage_seconds)
        fake.fail_next_jobs(1, stage="generating_visuals")
        ids = [_start(fake, project) for _ in range(3)]
        fake.request("POST", f"/v1/jobs/{ids[2]}/cancel")
        rnd = random.Random(7)
        store = fake._store
        statuses = set()
        for _ in range(400):
            fake.advance(rnd.choice((0.0, 0.001, 0.049, 0.05, 0.25, 0.3, 1.0)))
            now = store.catch_up()
            for job_id in ids:
                job = store.jobs[job_id]
                progress = current_progress(store, job, now)
                body, etag = job_body(store, job, now)
                assert body == dumps(job_envelope(store, job, progress))
                assert etag == _etag(job.id, job.stage_index, job.status, progress)
                statuses.add(job.status)
        assert statuses == {"running", "completed", "failed", "canceled"}


def test_polls_see_every_progress_step_and_304_only_when_unchanged() -> None:
    fake, project = _world()
    job_id = _start(fake, project)
    secret = fake.default_key.secret
    seen: list[float] = []
    etag: str | None = None
    for _ in range(200):
        status, new_etag, body = _poll(fake, job_id, secret, etag)
        expected = fake.job(job_id)
        if status == 304:
            assert new_etag == etag and seen[-1] == expected["progress"]
        else:
            assert status == 200 and body == dumps(expected) and new_etag != etag
            seen.append(expected["progress"])
        etag = new_etag
        fake.advance(0.1)
    assert seen == sorted(seen) and seen[-1] == 1 and len(seen) == len(set(seen)) > 15


def test_request_ids_match_the_generic_ulid() -> None:
    gen, stream = IdGen(5), random.Random("requests:5")
    for i in range(2_000):
        epoch = 1_778_490_000.0 + i * 0.0371
        assert gen.request_id(epoch) == "req_" + _ulid(int(epoch * 1000), stream.getrandbits(80))


def test_timestamps_match_strftime() -> None:
    rnd = random.Random(3)
    values = [0.0, -1.0, 86_399.9996, 1_778_490_000.25, 253_402_300_799.0]
    values += [rnd.uniform(-2e9, 2e10) for _ in range(5_000)]
    for value in values:
        ms = round(value * 1000)
        secs, frac = divmod(ms, 1000)
        base = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(secs))
        assert ts(value) == (f"{base}.{frac:03d}Z" if frac else f"{base}Z")


def test_request_log_keeps_its_records() -> None:
    fake = FakeLayers(seed=0, log_limit=2)
    fake.request("GET", "/v1/whoami")
    fake.request("GET", "/v1/nope")
    fake.request("GET", "/v1/credits")
    log = fake.request_log
    assert [type(r) for r in log] == [LoggedRequest, LoggedRequest]
    assert [(r.method, r.path, r.status, r.fault) for r in log] == [
        ("GET", "/v1/nope", 404, None),
        ("GET", "/v1/credits", 200, None),
    ]
    assert all(r.request_id.startswith("req_") and r.at == fake.now() for r in log)
