"""A world saved to a JSON state file and loaded back behaves as if it had never stopped."""

from __future__ import annotations

import json
import pathlib
from datetime import datetime, timezone
from typing import Any

import pytest

from layers_async.testing import DemoHandles, FakeLayers, VirtualClock
from layers_async.testing._fake import _persist
from layers_async.testing._fake._persist import StateFileError, load_world, save_world

CID = "0b7f6a6e-3c1d-4e55-9a3e-2f1b5c7d9e10"


def _clone(fake: FakeLayers, world: DemoHandles) -> str:
    body = {"projectId": world.project_id, "sourcePlatformPostId": world.breakout_post_id, "variations": 2}
    status, data = fake.request("POST", f"/v1/content/{CID}/clone-from-post", json_body=body)
    assert 202 == status, data
    return str(data["jobId"])


def _after_job(fake: FakeLayers, job_id: str) -> tuple[Any, ...]:
    fake.advance(60)
    job = fake.request("GET", f"/v1/jobs/{job_id}")[1]
    container = fake.request("GET", f"/v1/content/cnt_{CID}")[1]
    org = fake.create_org("after")  # the next minted id shows the id stream carried on
    return job["status"], container["hook"], [a["id"] for a in container["mediaAssets"]], org


def _reloaded(fake: FakeLayers, path: pathlib.Path) -> FakeLayers:
    save_world(fake, path)
    loaded, _ = load_world(path, clock=VirtualClock(fake.now()))
    return loaded


def test_a_running_job_finishes_the_same_after_a_reload(tmp_path: pathlib.Path) -> None:
    straight, saved = FakeLayers(seed=3), FakeLayers(seed=3)
    expected = _after_job(straight, _clone(straight, straight.demo()))
    job_id = _clone(saved, saved.demo())
    saved.advance(6)  # into the second stage
    assert expected == _after_job(_reloaded(saved, tmp_path / "state.json"), job_id)


def test_the_default_key_and_extra_data_survive(tmp_path: pathlib.Path) -> None:
    fake = FakeLayers(seed=0)
    world = fake.demo()
    save_world(fake, tmp_path / "s.json", extra={"demo": world})
    loaded, extra = load_world(tmp_path / "s.json", clock=VirtualClock(fake.now()))
    assert (world, world.key) == (extra["demo"], loaded.default_key)
    assert 200 == loaded.request("GET", f"/v1/projects/{world.project_id}")[0]


def test_a_queued_publication_is_published_after_a_reload(tmp_path: pathlib.Path) -> None:
    fake = FakeLayers(seed=0)
    world = fake.demo()
    job_id = _clone(fake, world)
    fake.advance(60)
    assert 200 == fake.request("POST", f"/v1/content/cnt_{CID}/approve", json_body={})[0], job_id
    when = fake.now() + 120
    stamp = f"{datetime.fromtimestamp(when, timezone.utc):%Y-%m-%dT%H:%M:%SZ}"
    target = {"socialAccountId": world.tiktok_account_id, "mode": "direct_publish"}
    status, data = fake.request(
        "POST", f"/v1/content/cnt_{CID}/schedule", json_body={"scheduledFor": stamp, "targets": [target]}
    )
    assert 200 <= status < 300, data
    loaded = _reloaded(fake, tmp_path / "state.json")
    loaded.advance(600)
    post_id = data["scheduledPosts"][0]["id"]
    assert "published" == loaded.request("GET", f"/v1/scheduled-posts/{post_id}")[1]["status"]


def test_the_clock_moves_on_by_the_real_time_elapsed_times_the_speed(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeLayers(seed=0)
    fake.demo()
    save_world(fake, tmp_path / "s.json")
    saved_at = json.loads((tmp_path / "s.json").read_text())["savedAt"]
    monkeypatch.setattr(_persist.time, "time", lambda: saved_at + 30.0)
    loaded, _ = load_world(tmp_path / "s.json", speed=10)
    assert 300 == pytest.approx(loaded.now() - fake.now(), abs=5)


@pytest.mark.parametrize(
    "text",
    ["", "{not json", "[]", '{"format": "something-else"}', '{"format": "layers-async-sandbox/1", "seed": 0}'],
)
def test_a_damaged_file_is_one_state_file_error(tmp_path: pathlib.Path, text: str) -> None:
    (tmp_path / "s.json").write_text(text)
    with pytest.raises(StateFileError) as info:
        load_world(tmp_path / "s.json")
    assert 1 == len(str(info.value).splitlines())


def test_only_emulator_classes_are_ever_built(tmp_path: pathlib.Path) -> None:
    fake = FakeLayers(seed=0)
    save_world(fake, tmp_path / "s.json")
    doc = json.loads((tmp_path / "s.json").read_text())
    doc["extra"] = {"x": {"$dc": "subprocess:Popen", "fields": {"args": ["true"]}}}
    (tmp_path / "s.json").write_text(json.dumps(doc))
    with pytest.raises(StateFileError, match="unexpected class"):
        load_world(tmp_path / "s.json")


def test_a_save_leaves_no_temp_file_behind(tmp_path: pathlib.Path) -> None:
    fake = FakeLayers(seed=0)
    fake.demo()
    save_world(fake, tmp_path / "dir" / "s.json")
    save_world(fake, tmp_path / "dir" / "s.json")
    assert ["s.json"] == sorted(p.name for p in (tmp_path / "dir").iterdir())
