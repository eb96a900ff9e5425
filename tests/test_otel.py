"""OpenTelemetry spans: one per call, one per attempt, semantic-convention attributes, never the key."""

from __future__ import annotations

import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from layers_async import Client, Request, Response, RetryPolicy
from layers_async._otel import url_template
from layers_async.errors import ConnectError, InvalidRequestError, NotFoundError
from layers_async.testing import MockTransport, RecordingClock, json_response

KEY = "lp_test_s3cr3t-key-value"
JOB = {
    "jobId": "job_1",
    "kind": "content_generate",
    "status": "running",
    "stage": "queued",
    "projectId": "prj_1",
    "containerId": "cnt_1",
    "locationUrl": "/v1/jobs/job_1",
    "startedAt": "2026-05-11T09:30:02Z",
}


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


def provider_for(exporter: InMemorySpanExporter) -> TracerProvider:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider


def twice_unavailable(request: Request) -> Response:
    n = sum(1 for _ in twice_unavailable.seen)  # type: ignore[attr-defined]
    twice_unavailable.seen.append(request)  # type: ignore[attr-defined]
    if n < 2:
        body = {"error": {"code": "UNAVAILABLE", "message": "later", "requestId": f"req_fail_{n}"}}
        return json_response(503, body)
    return json_response(200, JOB, {"x-request-id": "req_ok"})


def all_attributes(spans: tuple[ReadableSpan, ...]) -> str:
    return repr([(s.name, dict(s.attributes or {})) for s in spans])


@pytest.mark.anyio
async def test_a_call_with_two_retries_makes_three_attempt_spans_under_one_call_span(
    exporter: InMemorySpanExporter,
) -> None:
    twice_unavailable.seen = []  # type: ignore[attr-defined]
    client = Client(
        api_key=KEY,
        transport=MockTransport(twice_unavailable),
        clock=RecordingClock(),
        tracing=provider_for(exporter),
    )
    async with client:
        await client.jobs.get("job_1")
    spans = exporter.get_finished_spans()
    calls = [s for s in spans if s.kind == SpanKind.INTERNAL]
    attempts = [s for s in spans if s.kind == SpanKind.CLIENT]
    assert (1, 3) == (len(calls), len(attempts))
    call = calls[0]
    assert all(a.parent is not None and a.parent.span_id == call.context.span_id for a in attempts)
    assert ["GET /v1/jobs/{jobId}"] * 4 == [s.name for s in (call, *attempts)]
    expected_call = {
        "http.request.method": "GET",
        "url.template": "/v1/jobs/{jobId}",
        "url.full": "https://api.layers.com/v1/jobs/job_1",
        "server.address": "api.layers.com",
        "server.port": 443,
        "http.request.resend_count": 2,
        "http.response.status_code": 200,
        "layers.request_id": "req_ok",
    }
    assert expected_call == dict(call.attributes or {})
    assert [None, 1, 2] == [(a.attributes or {}).get("http.request.resend_count") for a in attempts]
    assert [503, 503, 200] == [(a.attributes or {}).get("http.response.status_code") for a in attempts]
    assert ["503", "503", None] == [(a.attributes or {}).get("error.type") for a in attempts]
    assert ["req_fail_0", "req_fail_1", "req_ok"] == [(a.attributes or {}).get("layers.request_id") for a in attempts]
    assert [StatusCode.ERROR, StatusCode.ERROR, StatusCode.UNSET] == [a.status.status_code for a in attempts]
    assert KEY not in all_attributes(spans)


@pytest.mark.anyio
async def test_a_post_carries_its_idempotency_key_and_a_failed_call_its_error_type(
    exporter: InMemorySpanExporter,
) -> None:
    def not_found(_: Request) -> Response:
        return json_response(404, {"error": {"code": "NOT_FOUND", "message": "No job.", "requestId": "req_404"}})

    client = Client(api_key=KEY, transport=MockTransport(not_found), tracing=provider_for(exporter))
    async with client:
        with pytest.raises(NotFoundError):
            await client.jobs.cancel("job_9")
    call = next(s for s in exporter.get_finished_spans() if s.kind == SpanKind.INTERNAL)
    attributes = dict(call.attributes or {})
    key = attributes.pop("layers.idempotency_key")
    assert isinstance(key, str) and key
    assert ("POST /v1/jobs/{jobId}/cancel", "404", 404, "req_404", StatusCode.ERROR) == (
        call.name,
        attributes["error.type"],
        attributes["http.response.status_code"],
        attributes["layers.request_id"],
        call.status.status_code,
    )


@pytest.mark.anyio
async def test_a_transport_error_is_named_by_its_class(exporter: InMemorySpanExporter) -> None:
    def refused(_: Request) -> Response:
        raise ConnectError("connection refused")

    retry = RetryPolicy(attempts=2)
    client = Client(
        api_key=KEY,
        transport=MockTransport(refused),
        retry=retry,
        clock=RecordingClock(),
        tracing=provider_for(exporter),
    )
    async with client:
        with pytest.raises(ConnectError):
            await client.account.whoami()
    types = [(s.attributes or {}).get("error.type") for s in exporter.get_finished_spans()]
    assert ["layers_async.errors.ConnectError"] * 3 == types


@pytest.mark.anyio
async def test_tracing_is_off_unless_asked(exporter: InMemorySpanExporter) -> None:
    async with Client(api_key=KEY, transport=MockTransport(lambda _: json_response(200, JOB))) as client:
        await client.jobs.get("job_1")
    assert () == exporter.get_finished_spans()
    assert None is client._tracing


def test_tracing_refuses_something_that_is_not_a_provider() -> None:
    with pytest.raises(InvalidRequestError) as info:
        Client(api_key=KEY, transport=MockTransport(lambda _: json_response(200)), tracing="yes")  # type: ignore[arg-type]
    assert "tracing" == info.value.argument


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("/v1/whoami", "/v1/whoami"),
        ("/v1/projects", "/v1/projects"),
        ("/v1/projects/prj_1/content", "/v1/projects/{projectId}/content"),
        ("/v1/content/cnt_1/clone-from-post", "/v1/content/{containerId}/clone-from-post"),
        ("/v1/projects/prj_1/ads-content/ac_1", "/v1/projects/{projectId}/ads-content/{adsContentId}"),
        ("/v1/scheduled-posts/sp_1", "/v1/scheduled-posts/{scheduledPostId}"),
        ("/v1/jobs/job_1/cancel", "/v1/jobs/{jobId}/cancel"),
    ],
)
def test_url_template_replaces_ids(path: str, template: str) -> None:
    assert template == url_template(path)


def test_a_client_without_tracing_never_imports_opentelemetry() -> None:
    import subprocess
    import sys

    probe = (
        "import anyio, layers_async, sys\n"
        "from layers_async.testing import MockTransport, json_response\n"
        "async def main():\n"
        "    transport = MockTransport(lambda _: json_response(200, {'ok': True}))\n"
        "    async with layers_async.Client(api_key='k', transport=transport) as c:\n"
        "        await c.send('GET', '/v1/whoami')\n"
        "anyio.run(main)\n"
        "print(any(m.startswith('opentelemetry') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    assert "False" == done.stdout.strip()


def test_tracing_without_opentelemetry_installed_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "layers_async._otel", None)  # what a missing opentelemetry-api looks like
    with pytest.raises(InvalidRequestError, match=r"layers-async\[otel\]") as info:
        Client(api_key=KEY, transport=MockTransport(lambda _: json_response(200)), tracing=True)
    assert "tracing" == info.value.argument
