"""FakeLayers throughput: GET /v1/jobs/{id} in process, raw transport vs. the SDK's client.jobs.get.

Also times the 304 path: the same polls with ``If-None-Match`` set to each job's current ETag.

Run: .venv/bin/python benchmarks/bench_emulator.py
"""

from __future__ import annotations

import statistics
import time

import anyio

from layers_async._transport import Request
from layers_async.testing import FakeLayers

N_JOBS = 10_000
N_REQUESTS = 20_000
UNLIMITED = 10**9


def _world() -> tuple[FakeLayers, str, list[str]]:
    fake = FakeLayers(seed=0)
    org = fake.create_org("bench", credits=10**9)
    key = fake.create_key(
        org,
        tier="partner",
        read_light=UNLIMITED,
        write_light=UNLIMITED,
        long_running=UNLIMITED,
        concurrent_jobs=UNLIMITED,
    )
    fake.default_key = key
    project = fake.create_project(org, "bench")
    jobs = []
    for _ in range(N_JOBS):
        status, body = fake.request("POST", f"/v1/projects/{project}/content", json_body={})
        assert status == 202, body
        jobs.append(body["jobId"])
    return fake, key.secret, jobs


async def _raw(fake: FakeLayers, secret: str, jobs: list[str]) -> float:
    transport = fake.transport()
    requests = [
        Request("GET", f"https://api.layers.com/v1/jobs/{jobs[i % len(jobs)]}", [("Authorization", f"Bearer {secret}")])
        for i in range(N_REQUESTS)
    ]
    start = time.perf_counter()
    for request in requests:
        response = await transport.handle_request(request)
        assert response.status_code == 200
    return N_REQUESTS / (time.perf_counter() - start)


async def _not_modified(fake: FakeLayers, secret: str, jobs: list[str]) -> float:
    transport = fake.transport()
    auth = ("Authorization", f"Bearer {secret}")
    etags = {}
    for job in jobs:  # untimed: learn each job's current ETag
        response = await transport.handle_request(Request("GET", f"https://api.layers.com/v1/jobs/{job}", [auth]))
        etags[job] = response.header("ETag") or ""
    requests = [
        Request("GET", f"https://api.layers.com/v1/jobs/{job}", [auth, ("If-None-Match", etags[job])])
        for job in (jobs[i % len(jobs)] for i in range(N_REQUESTS))
    ]
    start = time.perf_counter()
    for request in requests:
        response = await transport.handle_request(request)
        assert response.status_code == 304
    return N_REQUESTS / (time.perf_counter() - start)


async def _sdk(fake: FakeLayers, jobs: list[str]) -> float | None:
    async with fake.client() as client:
        jobs_resource = getattr(client, "jobs", None)
        if jobs_resource is None:
            return None
        start = time.perf_counter()
        for i in range(N_REQUESTS):
            await jobs_resource.get(jobs[i % len(jobs)])
        return N_REQUESTS / (time.perf_counter() - start)


async def main() -> None:
    fake, secret, jobs = _world()
    fake.advance(7)  # every job is mid-flight (generating_visuals)
    await _raw(fake, secret, jobs)  # warm-up: each job's first poll renders and caches its JSON
    raws: list[float] = []
    sdks: list[float] = []
    for _ in range(5):  # interleaved rounds, medians: both sides see the same machine load
        raws.append(await _raw(fake, secret, jobs))
        sdks.append(await _sdk(fake, jobs) or 0.0)
    raw, sdk = statistics.median(raws), statistics.median(sdks)
    not_modified = await _not_modified(fake, secret, jobs)
    print(f"emulator: {N_JOBS} jobs, {N_REQUESTS} x GET /v1/jobs/{{id}}, median of 5 interleaved rounds")
    print(f"  in-process transport (emulator only): {raw:10,.0f} req/s")
    print(f"  same, 304 (If-None-Match matches):    {not_modified:10,.0f} req/s")
    print(f"  SDK client.jobs.get (decode included): {sdk:10,.0f} req/s")
    print(f"  emulator share of SDK time: {sdk / raw:.0%}")


if __name__ == "__main__":
    anyio.run(main)
