"""SDK overhead: ``client.jobs.get`` vs raw ``httpx.AsyncClient.get(...).json()``, and import time.

Both sides talk to the same ``httpx.MockTransport`` (no sockets), interleaved in paired rounds in one
run (the side that goes first alternates), on asyncio and trio. Times are this process's CPU time
(``time.process_time``). Prints per-call medians and the median of the per-round SDK/raw ratios (target
<= 1.25x), then the import time of ``layers_async`` against importing its dependencies alone (target
<= 1.4x).

Run: ``.venv/bin/python benchmarks/bench_overhead.py``
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time

import anyio
import httpx

from layers_async import Client, HttpxTransport, RetryPolicy

JOB = json.dumps(
    {
        "jobId": "job_01JQ7M4K9XW2RTB6HNC3PVDE5F",
        "kind": "content_clone_from_post",
        "status": "running",
        "stage": "generating_visuals",
        "progress": 0.42,
        "projectId": "prj_3e8b1f6a-92d4-4c07-8a5e-d41c7f2b9e60",
        "containerId": "cnt_6d2f8a14-b39e-4c71-8f05-2ae9c7d41b58",
        "locationUrl": "/v1/jobs/job_01JQ7M4K9XW2RTB6HNC3PVDE5F",
        "startedAt": "2026-05-11T09:30:02Z",
    }
).encode()
HEADERS = [("content-type", "application/json"), ("etag", '"abc"'), ("x-request-id", "req_01")]
URL = "https://api.layers.com/v1/jobs/job_01JQ7M4K9XW2RTB6HNC3PVDE5F"
ROUNDS, CALLS = 30, 200


def handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers=HEADERS, content=JOB)


async def measure() -> tuple[float, float, float]:
    raw = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    sdk_http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    client = Client(api_key="lp_test_bench", transport=HttpxTransport(sdk_http), retry=RetryPolicy.disabled())
    sdk_times: list[float] = []
    raw_times: list[float] = []
    for _ in range(20):  # warm-up: build hooks, fill caches
        await client.jobs.get("job_01JQ7M4K9XW2RTB6HNC3PVDE5F")
        (await raw.get(URL)).json()

    async def sdk() -> None:
        for _ in range(CALLS):
            await client.jobs.get("job_01JQ7M4K9XW2RTB6HNC3PVDE5F")

    async def raw_httpx() -> None:
        for _ in range(CALLS):
            (await raw.get(URL, headers={"Authorization": "Bearer lp_test_bench"})).json()

    for r in range(ROUNDS):
        for side, times in ((sdk, sdk_times), (raw_httpx, raw_times))[:: 1 if r % 2 else -1]:
            t0 = time.process_time()
            await side()
            times.append((time.process_time() - t0) / CALLS)
    await client.aclose()
    await sdk_http.aclose()
    await raw.aclose()
    ratio = statistics.median(s / r for s, r in zip(sdk_times, raw_times))
    return statistics.median(sdk_times), statistics.median(raw_times), ratio


def import_seconds(code: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", f"import time; t=time.perf_counter(); {code}; print(time.perf_counter()-t)"],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout)


def main() -> None:
    print(f"jobs.get overhead ({ROUNDS} paired rounds x {CALLS} calls, httpx.MockTransport)")
    for backend in ("asyncio", "trio"):
        sdk, raw, ratio = anyio.run(measure, backend=backend)
        print(f"  {backend:7s}  sdk {sdk * 1e6:7.1f} us/call   raw httpx {raw * 1e6:7.1f} us/call   ratio {ratio:.2f}x")
    deps = "import httpx, attrs, cattrs, cattrs.gen, anyio, backoff"
    ours, theirs = [], []
    for _ in range(9):  # interleaved, fresh interpreter each time
        theirs.append(import_seconds(deps))
        ours.append(import_seconds("import layers_async"))
    o, t = statistics.median(ours), statistics.median(theirs)
    print(f"import time: layers_async {o * 1e3:.1f} ms   deps alone {t * 1e3:.1f} ms   ratio {o / t:.2f}x")


if __name__ == "__main__":
    main()
