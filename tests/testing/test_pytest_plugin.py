"""The pytest plugin in the three common async test setups, each a scratch user project run in a subprocess.

Every project has trio installed (it is in our ``dev`` extra), runs under ``-W error`` and uses both
fixtures with a ``demo()`` world and a key created after the client.
"""

from __future__ import annotations

import pathlib
import textwrap
from typing import Any

import pytest

from layers_async import Client
from layers_async.testing import FakeLayers
from layers_async.testing._fake_transport import FOLLOW_DEFAULT_KEY
from tests._scratch import run_pytest

USER_TESTS = '''
import pytest

from layers_async.testing import FakeLayers

{imports}


{fixture_deco}
async def demo_clone(fake_layers: FakeLayers, layers_client):
    """A user's own async fixture that uses the client: it must share the test's event loop."""
    world = fake_layers.demo()
    job = await layers_client.content.clone_from_post(
        project_id=world.project_id, source_platform_post_id=world.breakout_post_id, variations=2
    )
    yield world, job


{mark}
async def test_client_sees_the_demo_world(fake_layers: FakeLayers, layers_client) -> None:
    world = fake_layers.demo()
    top = await layers_client.metrics.top_performers(world.project_id, metric="engagement_rate", window="7d")
    assert world.breakout_post_id == top.items[0].platform_post_id


{mark}
async def test_clone_waits_on_the_virtual_clock(layers_client, demo_clone) -> None:
    world, job = demo_clone
    done = await layers_client.jobs.wait(job)
    assert "pending" == (await layers_client.content.get(done.container_id)).approval_status


{mark}
async def test_client_follows_a_key_made_later(fake_layers: FakeLayers, layers_client) -> None:
    org = fake_layers.create_org("later-co")
    fake_layers.default_key = fake_layers.create_key(org, scopes=("*",), tier="partner")
    assert org == (await layers_client.account.whoami()).organization_id


{mark}
async def test_the_client_runs_on_this_test_loop(layers_client) -> None:
    {loop_check}
    assert [] == [p async for p in layers_client.projects.list()]
'''

ANYIO_CONFTEST = """
import pytest


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request):
    return request.param
"""

SETUPS: dict[str, dict[str, Any]] = {
    "anyio": {
        "ini": "[pytest]\n",
        "conftest": ANYIO_CONFTEST,
        "imports": "import sniffio",
        "fixture_deco": "@pytest.fixture",
        "mark": "@pytest.mark.anyio",
        "loop_check": "assert sniffio.current_async_library() in ('asyncio', 'trio')",
        "expected": 8,
        "args": ["-p", "no:asyncio"],  # an anyio user without pytest-asyncio
    },
    "asyncio-strict": {
        "ini": "[pytest]\nasyncio_mode = strict\nasyncio_default_fixture_loop_scope = function\n",
        "conftest": "",
        "imports": "import asyncio\n\nimport pytest_asyncio",
        "fixture_deco": "@pytest_asyncio.fixture",
        "mark": "@pytest.mark.asyncio",
        "loop_check": "assert asyncio.get_running_loop() is not None",
        "expected": 4,
        "args": [],
    },
    "asyncio-auto": {
        "ini": "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n",
        "conftest": "",
        "imports": "import asyncio",
        "fixture_deco": "@pytest.fixture",
        "mark": "",
        "loop_check": "assert asyncio.get_running_loop() is not None",
        "expected": 4,
        "args": [],
    },
}


@pytest.mark.parametrize("setup", sorted(SETUPS))
def test_fixtures_work_in_a_user_project(setup: str, tmp_path: pathlib.Path) -> None:
    spec = SETUPS[setup]
    body = USER_TESTS.format(**{k: spec[k] for k in ("imports", "fixture_deco", "mark", "loop_check")})
    files = {"pytest.ini": str(spec["ini"]), "conftest.py": str(spec["conftest"]), "test_app.py": body}
    run = run_pytest(tmp_path, files, list(spec["args"]))
    assert (0, {"passed": spec["expected"]}) == (run.returncode, run.counts), run


def test_an_anyio_user_pinned_to_asyncio_gets_no_trio_copy(tmp_path: pathlib.Path) -> None:
    body = textwrap.dedent(
        """
        import pytest


        @pytest.fixture
        def anyio_backend():
            return "asyncio"


        @pytest.mark.anyio
        async def test_whoami(layers_client) -> None:
            assert (await layers_client.account.whoami()).organization_id
        """
    )
    run = run_pytest(tmp_path, {"pytest.ini": "[pytest]\n", "test_app.py": body}, ["-p", "no:asyncio"])
    assert (0, {"passed": 1}) == (run.returncode, run.counts), run


@pytest.mark.anyio
async def test_layers_client_follows_the_demo_world(fake_layers: FakeLayers, layers_client: Client) -> None:
    world = fake_layers.demo()
    assert world.org_id == (await layers_client.account.whoami()).organization_id


def test_a_client_cannot_both_hold_a_key_and_follow_the_default() -> None:
    fake = FakeLayers(seed=0)
    with pytest.raises(ValueError, match="either key or follow_default_key"):
        fake.client(key=fake.default_key, follow_default_key=True)


def test_the_placeholder_secret_is_not_a_key(fake_layers: FakeLayers) -> None:
    assert 401 == fake_layers.request("GET", "/v1/whoami", key=FOLLOW_DEFAULT_KEY)[0]
