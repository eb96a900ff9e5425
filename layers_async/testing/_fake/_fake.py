"""`FakeLayers`: the in-process emulator of the Layers Partner API (JSON in, JSON out)."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from layers_async.testing._fake import (
    _routes_account,
    _routes_ads,
    _routes_content,
    _routes_jobs,
    _routes_metrics,
    _routes_publishing,
    _routes_review,
)
from layers_async.testing._fake._clock import EmulatorClock, VirtualClock
from layers_async.testing._fake._faults import FaultPlan, InjectedDisconnect
from layers_async.testing._fake._fixtures import FakeKey, FixturesMixin
from layers_async.testing._fake._http import HttpRequest, HttpResponse, Router
from layers_async.testing._fake._inspect import InspectMixin, LogEntry
from layers_async.testing._fake._pipeline import dispatch
from layers_async.testing._fake._store import Config, Store
from layers_async.testing._fake._wire import dumps

if TYPE_CHECKING:
    from layers_async.testing._fake._demo import DemoHandles

__all__ = ["FakeLayers", "build_router"]

_FAULT_CODES = {500: "INTERNAL", 502: "BAD_GATEWAY", 503: "UNAVAILABLE", 504: "TIMEOUT"}


def build_router() -> Router:
    """Every route of the contract."""
    router = Router()
    for module in (
        _routes_account,
        _routes_jobs,
        _routes_content,
        _routes_review,
        _routes_publishing,
        _routes_metrics,
        _routes_ads,
    ):
        module.register(router)
    return router


_ROUTER = build_router()


class FakeLayers(FixturesMixin, InspectMixin):
    """A faithful in-memory Layers API: orgs, keys, projects, posts, jobs, review, publishing and metrics.

    Args:
        seed: Seeds every id and fault draw; the same seed and requests give the same responses.
        clock: Where time comes from (default: a `VirtualClock` that moves only when told to).
        stage_seconds: Clock seconds a content job spends in each of its three stages.
        config: Every other timing knob (`Config`); ``stage_seconds`` overrides its field.
        log_limit: How many requests the request log keeps.
        minimal_shapes: Answer job envelopes with only the vendor's example fields (sets
            ``Config.minimal_shapes``): clients must cope with what the vendor's docs show.
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        clock: EmulatorClock | None = None,
        stage_seconds: tuple[float, float, float] | None = None,
        config: Config | None = None,
        log_limit: int = 10_000,
        minimal_shapes: bool = False,
    ) -> None:
        config = config or Config()
        if stage_seconds is not None:
            config.stage_seconds = stage_seconds
        if minimal_shapes:
            config.minimal_shapes = True
        self._store = Store(clock or VirtualClock(), seed, config)
        self.faults = FaultPlan(seed)
        self._log: deque[LogEntry] = deque(maxlen=log_limit)
        self._default_key: FakeKey | None = None

    # -- time -------------------------------------------------------------------------------------------
    @property
    def clock(self) -> EmulatorClock:
        """The clock the emulator reads (also handed to clients it builds)."""
        return self._store.clock

    def now(self) -> float:
        """The current clock time, epoch seconds."""
        return self._store.clock.now()

    def advance(self, seconds: float) -> None:
        """Move a `VirtualClock` forward and bring the world up to date (jobs, syncs, publications)."""
        clock = self._store.clock
        if not isinstance(clock, VirtualClock):
            raise TypeError("advance() needs a VirtualClock")
        clock.advance(seconds)
        with self._store.lock:
            self._store.catch_up()

    # -- handling -------------------------------------------------------------------------------------
    def handle(self, request: HttpRequest) -> HttpResponse:
        """Answer one request, without faults."""
        store = self._store
        with store.lock:
            response = dispatch(store, _ROUTER, request)
            # A plain tuple per request; `request_log` turns them into `LoggedRequest`s when asked.
            self._log.append(
                (request.method, request.path, response.status, response.headers[0][1], None, store.clock.now())
            )
        return response

    async def handle_async(self, request: HttpRequest) -> HttpResponse:
        """Answer one request with the fault plan applied.

        Raises:
            InjectedDisconnect: an injected reset, connect failure or lost response.
        """
        if not self.faults.rules:
            return self.handle(request)
        matched = _ROUTER.match(request.method, request.path)
        template = matched[0].template if matched else None
        delay, rule = self.faults.draw(request.method, template)
        if delay:
            await self._store.clock.sleep(delay)
        if rule is None:
            return self.handle(request)
        if rule.kind == "lost":
            response = self.handle(request)
            self._log_fault(request, "lost", response.status)
            raise InjectedDisconnect("connection lost after the server handled the request", committed=True)
        if rule.kind in ("reset", "connect"):
            self._log_fault(request, rule.kind, 0)
            sent = rule.kind == "reset"
            raise InjectedDisconnect("connection reset by the emulator", committed=False, sent=sent)
        with self._store.lock:
            now = self._store.catch_up()
            rid = self._store.ids.request_id(now)
        if rule.kind == "rate_limit":
            status, code = 429, "RATE_LIMITED"
            cls = matched[0].endpoint_class if matched else "read-light"
            details: dict[str, Any] | None = {
                "endpointClass": cls,
                "limitType": "minute",
                "retryAfterSeconds": rule.retry_after,
            }
            extra = [("Retry-After", str(rule.retry_after))]
        else:
            status, code = rule.status, rule.code or _FAULT_CODES.get(rule.status, "INTERNAL")
            details, extra = None, []
        err: dict[str, Any] = {"code": code, "message": "Injected fault.", "requestId": rid}
        if details is not None:
            err["details"] = details
        headers = [("X-Request-Id", rid), *extra, ("Content-Type", "application/json")]
        self._log_fault(request, rule.kind, status)
        return HttpResponse(status, headers, dumps({"error": err}))

    def _log_fault(self, request: HttpRequest, fault: str, status: int) -> None:
        self._log.append((request.method, request.path, status, "", fault, self.now()))

    def request(
        self,
        method: str,
        path: str,
        *,
        key: FakeKey | str | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | Iterable[tuple[str, str]] = (),
    ) -> tuple[int, Any]:
        """Send one request synchronously (no faults) and return ``(status, parsed JSON or None)``."""
        secret = key.secret if isinstance(key, FakeKey) else key or self.default_key.secret
        pairs = list(headers.items() if isinstance(headers, Mapping) else headers)
        pairs.append(("Authorization", f"Bearer {secret}"))
        body = b"" if json_body is None else json.dumps(json_body).encode()
        response = self.handle(HttpRequest.build(method, path, pairs, body))
        return response.status, json.loads(response.body) if response.body else None

    # -- ways in --------------------------------------------------------------------------------------
    @property
    def default_key(self) -> FakeKey:
        """A full-access, partner-tier key (created on first use, or the demo org's key after `demo`)."""
        if self._default_key is None:
            org = self.create_org("Default Org")
            self._default_key = self.create_key(org, scopes=("*",), tier="partner")
        return self._default_key

    @default_key.setter
    def default_key(self, key: FakeKey) -> None:
        self._default_key = key

    def transport(self) -> Any:
        """A `layers_async.Transport` that answers from this emulator in process (no sockets)."""
        from layers_async.testing._fake_transport import FakeTransport

        return FakeTransport(self)

    def client(self, *, key: FakeKey | str | None = None, **kwargs: Any) -> Any:
        """A ready `layers_async.Client` wired to this emulator, its clock and a valid key."""
        from layers_async.testing._fake_transport import make_client

        return make_client(self, key=key, **kwargs)

    @property
    def asgi_app(self) -> Any:
        """An ASGI application serving this emulator (for uvicorn or any ASGI server)."""
        from layers_async.testing._fake._asgi import AsgiApp

        return AsgiApp(self)

    def demo(self) -> DemoHandles:
        """Build the realistic "acme-todo" world and return handles to it."""
        from layers_async.testing._fake._demo import build_demo

        return build_demo(self)
