"""Only a transport's own module imports its library."""

from __future__ import annotations

import subprocess
import sys

import pytest


def imported_after(code: str) -> str:
    probe = f"{code}; import sys; print('httpx2' in sys.modules, 'aiohttp' in sys.modules)"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()


def test_importing_the_package_imports_neither_httpx2_nor_aiohttp() -> None:
    assert "False False" == imported_after("import layers_async, layers_async.transports, layers_async.testing")


@pytest.mark.parametrize(("name", "expected"), [("Httpx2Transport", "True False"), ("AiohttpTransport", "False True")])
def test_asking_for_a_transport_imports_its_library_only(name: str, expected: str) -> None:
    assert expected == imported_after(f"from layers_async.transports import {name}")


def test_an_unknown_name_is_an_attribute_error() -> None:
    import layers_async.transports

    with pytest.raises(AttributeError):
        layers_async.transports.NoSuchTransport  # noqa: B018
