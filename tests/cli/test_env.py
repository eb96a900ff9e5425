"""The client the CLI builds from the environment: refusals that say what to do instead."""

from __future__ import annotations

import pytest

from layers_async._cli._env import client_from_env
from layers_async.errors import InvalidRequestError


def test_no_key_names_the_variable_and_the_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAYERS_API_KEY", raising=False)
    with pytest.raises(InvalidRequestError) as info:
        client_from_env()
    assert ("api_key", True) == (
        info.value.argument,
        "LAYERS_API_KEY" in str(info.value) and "--sandbox" in str(info.value),
    )


@pytest.mark.parametrize(("allow_http", "names_the_flag"), [(False, True), (None, False)])
def test_plain_http_names_the_flag_only_where_the_command_has_it(
    monkeypatch: pytest.MonkeyPatch, allow_http: bool | None, names_the_flag: bool
) -> None:
    monkeypatch.setenv("LAYERS_API_KEY", "lp_test_x")
    monkeypatch.setenv("LAYERS_BASE_URL", "http://api.example.test")
    with pytest.raises(InvalidRequestError) as info:
        client_from_env(allow_http=allow_http)
    assert ("base_url", names_the_flag) == (info.value.argument, "--allow-http" in str(info.value))
