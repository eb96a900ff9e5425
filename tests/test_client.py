"""Client configuration and lifecycle."""

from __future__ import annotations

import pytest

from layers_async import Client, Request, Response
from layers_async.errors import ClientClosedError, InvalidRequestError
from layers_async.testing import MockTransport, json_response

KEY = "lp_test_s3cr3t-key-value"


def ok(_: Request) -> Response:
    return json_response(200, {"ok": True})


def test_api_key_and_base_url_fall_back_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAYERS_API_KEY", KEY)
    monkeypatch.setenv("LAYERS_BASE_URL", "https://sandbox.layers.test/")
    client = Client(transport=MockTransport(ok))
    assert client.base_url == "https://sandbox.layers.test"


def test_default_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAYERS_BASE_URL", raising=False)
    assert Client(api_key=KEY, transport=MockTransport(ok)).base_url == "https://api.layers.com"


def test_missing_api_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAYERS_API_KEY", raising=False)
    with pytest.raises(InvalidRequestError, match="LAYERS_API_KEY") as info:
        Client(transport=MockTransport(ok))
    assert info.value.argument == "api_key"


def test_empty_api_key_is_refused() -> None:
    with pytest.raises(InvalidRequestError):
        Client(api_key="", transport=MockTransport(ok))


@pytest.mark.parametrize("url", ["http://api.layers.com", "http://10.0.0.5:8000", "http://example.test"])
def test_plain_http_to_a_remote_host_is_refused(url: str) -> None:
    with pytest.raises(InvalidRequestError, match="http://") as info:
        Client(api_key=KEY, base_url=url, transport=MockTransport(ok))
    assert info.value.argument == "base_url"


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:9", "http://[::1]:80", "http://127.3.4.5"])
def test_plain_http_to_loopback_is_allowed(url: str) -> None:
    assert url == Client(api_key=KEY, base_url=url, transport=MockTransport(ok)).base_url


def test_plain_http_to_a_remote_host_with_explicit_opt_in() -> None:
    client = Client(api_key=KEY, base_url="http://gateway.internal", allow_http=True, transport=MockTransport(ok))
    assert client.base_url == "http://gateway.internal"


@pytest.mark.parametrize("url", ["ftp://api.layers.com", "api.layers.com", "https://"])
def test_malformed_base_url_is_refused(url: str) -> None:
    with pytest.raises(InvalidRequestError):
        Client(api_key=KEY, base_url=url, transport=MockTransport(ok))


def test_bad_auth_style_is_refused() -> None:
    with pytest.raises(InvalidRequestError):
        Client(api_key=KEY, auth="basic", transport=MockTransport(ok))  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_bearer_auth_by_default() -> None:
    transport = MockTransport(ok)
    async with Client(api_key=KEY, transport=transport) as client:
        await client.send("GET", "/v1/whoami")
    request = transport.requests[0]
    assert (f"Bearer {KEY}", None) == (request.header("authorization"), request.header("x-api-key"))


@pytest.mark.anyio
async def test_x_api_key_auth_by_option() -> None:
    transport = MockTransport(ok)
    async with Client(api_key=KEY, transport=transport, auth="x-api-key") as client:
        await client.send("GET", "/v1/whoami")
    request = transport.requests[0]
    assert (request.header("x-api-key"), request.header("authorization")) == (KEY, None)


@pytest.mark.anyio
async def test_user_agent_names_the_sdk_version() -> None:
    from layers_async import __version__

    transport = MockTransport(ok)
    async with Client(api_key=KEY, transport=transport) as client:
        await client.send("GET", "/v1/whoami")
    assert f"layers-async/{__version__}" == transport.requests[0].header("user-agent")


@pytest.mark.anyio
async def test_using_a_closed_client_raises_a_clear_error() -> None:
    client = Client(api_key=KEY, transport=MockTransport(ok))
    await client.aclose()
    with pytest.raises(ClientClosedError, match="closed"):
        await client.send("GET", "/v1/whoami")


@pytest.mark.anyio
async def test_entering_a_closed_client_raises() -> None:
    client = Client(api_key=KEY, transport=MockTransport(ok))
    await client.aclose()
    with pytest.raises(ClientClosedError):
        async with client:
            pass


@pytest.mark.anyio
async def test_aclose_is_idempotent() -> None:
    client = Client(api_key=KEY, transport=MockTransport(ok))
    await client.aclose()
    await client.aclose()
    assert client.is_closed


@pytest.mark.anyio
async def test_a_transport_passed_in_is_not_closed_by_the_client() -> None:
    transport = MockTransport(ok)
    async with Client(api_key=KEY, transport=transport):
        pass
    assert transport.closed is False


@pytest.mark.anyio
async def test_the_transport_the_client_created_is_closed_with_it() -> None:
    client = Client(api_key=KEY)
    await client.aclose()
    with pytest.raises(ClientClosedError):
        await client.transport.handle_request(Request("GET", "https://api.layers.com/v1/whoami"))


def test_repr_never_shows_the_key() -> None:
    client = Client(api_key=KEY, transport=MockTransport(ok))
    assert KEY not in repr(client)
    assert KEY not in repr(client.content)
    assert KEY not in repr(vars(client))


def test_request_repr_redacts_credentials() -> None:
    request = Request("GET", "https://x", [("Authorization", f"Bearer {KEY}"), ("X-Api-Key", KEY)])
    assert KEY not in repr(request)
