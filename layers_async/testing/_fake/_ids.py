"""Deterministic ids: every id the emulator mints comes from a seeded generator, so runs repeat exactly."""

from __future__ import annotations

import random
import re

__all__ = ["IdGen", "UUID_RE", "normalize_uuid"]

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def normalize_uuid(value: str, prefix: str) -> str | None:
    """Return ``prefix_<uuid>`` (lower case) for ``<uuid>`` or ``prefix_<uuid>``, else ``None``."""
    raw = value[len(prefix) + 1 :] if value.startswith(prefix + "_") else value
    if UUID_RE.match(raw) is None:
        return None
    return f"{prefix}_{raw.lower()}"


class IdGen:
    """Mints ``<prefix>_<uuid>`` and ``<prefix>_<ULID>`` ids from a seed.

    Entity ids and request ids use separate streams, so adding a request never shifts entity ids.
    """

    __slots__ = ("_entities", "_req_bits", "_req_ms", "_req_prefix", "_requests")

    def __init__(self, seed: int) -> None:
        self._entities = random.Random(f"entities:{seed}")
        self._requests = random.Random(f"requests:{seed}")
        self._req_bits = self._requests.getrandbits
        self._req_ms = -1
        self._req_prefix = ""

    def uuid(self, prefix: str) -> str:
        """Return ``prefix_<uuid4>`` (or a bare uuid when ``prefix`` is empty)."""
        n = self._entities.getrandbits(128)
        n = (n & ~(0xF << 76)) | (4 << 76)
        n = (n & ~(0x3 << 62)) | (0x2 << 62)
        h = f"{n:032x}"
        value = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
        return f"{prefix}_{value}" if prefix else value

    def ulid(self, prefix: str, epoch: float) -> str:
        """Return ``prefix_<ULID>`` whose time part is ``epoch``."""
        return f"{prefix}_{_ulid(int(epoch * 1000), self._entities.getrandbits(80))}"

    def request_id(self, epoch: float) -> str:
        """Return a fresh ``req_<ULID>`` (the same string `_ulid` gives; the time part is cached per ms)."""
        ms = int(epoch * 1000)
        if ms != self._req_ms:
            self._req_ms = ms
            self._req_prefix = "req_" + _time_part(ms)
        r = self._req_bits(80)
        p = _PAIRS
        return (
            f"{self._req_prefix}{p[r >> 70]}{p[(r >> 60) & 1023]}{p[(r >> 50) & 1023]}{p[(r >> 40) & 1023]}"
            f"{p[(r >> 30) & 1023]}{p[(r >> 20) & 1023]}{p[(r >> 10) & 1023]}{p[r & 1023]}"
        )

    def rand(self) -> random.Random:
        """The entity stream, for deterministic choices (formats, hooks)."""
        return self._entities


_PAIRS = [a + b for a in _CROCKFORD for b in _CROCKFORD]


def _ulid(ms: int, rnd: int) -> str:
    # 128 bits as 26 Crockford characters: 13 lookups of 10 bits each (the top 2 bits are zero).
    n = ((ms & 0xFFFFFFFFFFFF) << 80) | rnd
    pairs = _PAIRS
    return "".join([pairs[(n >> shift) & 1023] for shift in range(120, -10, -10)])


def _time_part(ms: int) -> str:
    # The first 10 characters of `_ulid`: the 48-bit millisecond time (the 80 random bits follow).
    return _ulid(ms, 0)[:10]
