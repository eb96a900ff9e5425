"""The emulator's world saved to and loaded from a JSON file, so a sandbox lives across processes.

The format is JSON (not pickle): loading it runs no code, a person can read and diff it, and it does not
depend on the Python version. Values JSON cannot hold are tagged objects with one ``$`` key: ``{"$dc":
"module:Class", "fields": {...}}`` for the emulator's own dataclasses (only classes of this package are
ever built), ``{"$t": [...]}`` for tuples, ``{"$d": [[key, value], ...]}`` for dicts whose keys are not
plain strings, ``{"$b": "base64"}`` for bytes and ``{"$f": "inf"}`` for non-finite floats.

Timed events (job stages, publications) are closures, so they are not saved: they are queued again from
the jobs and scheduled posts on load. Caches and rate-limit windows start afresh.
"""

from __future__ import annotations

import base64
import dataclasses
import importlib
import json
import math
import os
import pathlib
import random
import tempfile
import time
from typing import Any

from layers_async.testing._fake._clock import EmulatorClock, RealClock
from layers_async.testing._fake._engine import resume_timed_events
from layers_async.testing._fake._fake import FakeLayers

__all__ = ["FORMAT", "StateFileError", "load_world", "save_world"]

FORMAT = "layers-async-sandbox/1"
_PACKAGE = "layers_async.testing._fake."
# Store attributes rebuilt on load rather than saved: the clock, the lock, the id generator (saved as its
# random states), timed events (closures), and caches/windows that are only an optimisation or per minute.
_TRANSIENT = frozenset({"clock", "lock", "ids", "_events", "_seq", "top_cache", "minute_buckets"})


class StateFileError(ValueError):
    """A sandbox state file that cannot be read back (not JSON, another format, or damaged)."""


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$f": repr(value)}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, tuple):
        return {"$t": [_encode(v) for v in value]}
    if isinstance(value, bytes):
        return {"$b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {"$d": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        if not cls.__module__.startswith(_PACKAGE):
            raise TypeError(f"cannot save a {cls.__qualname__} in the sandbox state")
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$dc": f"{cls.__module__}:{cls.__qualname__}", "fields": fields}
    raise TypeError(f"cannot save a {type(value).__qualname__} in the sandbox state")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$t" in value:
        return tuple(_decode(v) for v in value["$t"])
    if "$d" in value:
        return {_freeze(_decode(k)): _decode(v) for k, v in value["$d"]}
    if "$b" in value:
        return base64.b64decode(value["$b"])
    if "$f" in value:
        return float(value["$f"])
    if "$dc" in value:
        return _build(value["$dc"], value["fields"])
    return {k: _decode(v) for k, v in value.items()}


def _freeze(key: Any) -> Any:
    return tuple(_freeze(k) for k in key) if isinstance(key, (list, tuple)) else key


def _build(name: str, fields: dict[str, Any]) -> Any:
    module_name, _, qualname = name.partition(":")
    if not module_name.startswith(_PACKAGE):
        raise StateFileError(f"unexpected class {name!r}")
    cls: Any = getattr(importlib.import_module(module_name), qualname, None)
    if not isinstance(cls, type) or not dataclasses.is_dataclass(cls):
        raise StateFileError(f"unknown class {name!r}")
    known = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: _decode(v) for k, v in fields.items() if k in known})


def _random_state(rng: random.Random) -> Any:
    return _encode(rng.getstate())


def save_world(fake: FakeLayers, path: pathlib.Path, *, extra: dict[str, Any] | None = None) -> None:
    """Write ``fake``'s world to ``path`` atomically (a temp file in the same folder, then a rename).

    Args:
        fake: The emulator to save.
        path: The state file; its folder is created when missing.
        extra: More JSON-ready data kept beside the world (the CLI keeps the demo's handles there).
    """
    store = fake._store
    with store.lock:
        world = {k: _encode(v) for k, v in vars(store).items() if k not in _TRANSIENT}
        document = {
            "format": FORMAT,
            "savedAt": time.time(),
            "now": store.clock.now(),
            "seed": store.seed,
            "ids": [_random_state(store.ids._entities), _random_state(store.ids._requests)],
            "defaultKey": _encode(fake._default_key),
            "world": world,
            "extra": _encode(extra or {}),
        }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(document, f, separators=(",", ":"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        pathlib.Path(tmp).unlink(missing_ok=True)
        raise


def load_world(
    path: pathlib.Path, *, speed: float = 1.0, clock: EmulatorClock | None = None
) -> tuple[FakeLayers, dict[str, Any]]:
    """Read a world saved by `save_world`; its clock resumes where it stopped plus the time since, × ``speed``.

    Args:
        path: The state file.
        speed: Clock seconds per real second, between the save and now and from now on.
        clock: Use this clock instead (a `VirtualClock` set by the caller, in tests).

    Returns:
        The emulator and the ``extra`` data saved with it.

    Raises:
        StateFileError: The file is not a sandbox state file of this format, or is damaged.
        OSError: The file cannot be read.
    """
    text = path.read_text(encoding="utf-8")
    try:
        document = json.loads(text)
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise StateFileError(f"not a {FORMAT} file")
        elapsed = max(0.0, time.time() - float(document["savedAt"]))
        clock = clock or RealClock(speed, start=float(document["now"]) + elapsed * speed)
        fake = FakeLayers(seed=int(document["seed"]), clock=clock)
        store = fake._store
        for name, value in document["world"].items():
            setattr(store, name, _decode(value))
        for rng, state in zip((store.ids._entities, store.ids._requests), document["ids"]):
            rng.setstate(_decode(state))
        fake._default_key = _decode(document["defaultKey"])
        extra = _decode(document["extra"])
        resume_timed_events(store)
    except StateFileError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise StateFileError(f"damaged ({type(exc).__name__}: {detail[:120]})") from None
    return fake, extra
