"""Construction options: the API key and the base URL are checked once, and never echoed."""

from __future__ import annotations

import pytest

from layers_async import Client, Request, Response
from layers_async.errors import InvalidRequestError
from layers_async.testing import MockTransport, json_response

KEY = "lp_live_Secret123"


def ok(_: Request) -> Response:
    return json_response({})


@pytest.mark.parametrize(
    "key",
    [KEY + "\n", " " + KEY, KEY + " ", "lp live", "lp_é_key", "lp\x00key", "lp\tkey", KEY + "\r\n"],
)
def test_a_key_that_is_not_visible_ascii_is_refused_without_showing_it(key: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        Client(api_key=key, transport=MockTransport(ok))
    assert info.value.argument == "api_key"
    assert key.strip() not in str(info.value)
    assert "lp" not in str(info.value).replace("LAYERS_API_KEY", "")


def test_a_key_from_the_environment_is_checked_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAYERS_API_KEY", KEY + "\n")
    with pytest.raises(InvalidRequestError, match="position 17 of 18") as info:
        Client(transport=MockTransport(ok))
    assert KEY not in str(info.value)


def test_a_visible_ascii_key_is_kept() -> None:
    key = "lp_live_!#$%&'()*+,-./:;<=>?@[]^_`{|}~"
    assert Client(api_key=key, transport=MockTransport(ok)).transport is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://user:hunter2@api.layers.com",
        "https://:hunter2@api.layers.com",
        "http://user:hunter2@127.0.0.1:8000",
        "https://hunter2@api.layers.com",
    ],
)
def test_user_information_in_the_base_url_is_refused_without_the_password(url: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        Client(api_key=KEY, base_url=url, transport=MockTransport(ok))
    assert (info.value.argument, "hunter2" in str(info.value)) == ("base_url", False)


@pytest.mark.parametrize(
    "url",
    [
        "https://api.layers.com?a=1",
        "https://api.layers.com/?",
        "https://api.layers.com#frag",
        "https://api.layers.com/v1#",
        "https://api.layers.com:99999",
        "https://api.layers.com:0",
        "https://api.layers.com:port",
        "https://api.layers.com/a b",
        "https://api.layers.com\n",
    ],
)
def test_a_query_fragment_bad_port_or_whitespace_in_the_base_url_is_refused(url: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        Client(api_key=KEY, base_url=url, transport=MockTransport(ok))
    assert info.value.argument == "base_url"


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://api.layers.com/", "https://api.layers.com"),
        ("https://api.layers.com:8443/gateway/", "https://api.layers.com:8443/gateway"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ],
)
def test_a_plain_base_url_is_kept(url: str, kept: str) -> None:
    assert kept == Client(api_key=KEY, base_url=url, transport=MockTransport(ok)).base_url


def test_the_repr_shows_no_key() -> None:
    assert KEY not in repr(Client(api_key=KEY, transport=MockTransport(ok)))
