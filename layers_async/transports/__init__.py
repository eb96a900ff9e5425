"""The HTTP transports: pick one with ``Client(transport=...)``.

* `HttpxTransport`: the default (httpx 0.28); asyncio and trio; keep it to ~10 requests in flight.
* `Httpx2Transport`: httpx2, the maintained fork (extra ``[httpx2]``); asyncio and trio.
* `AiohttpTransport`: aiohttp (extra ``[aiohttp]``); asyncio only; the fastest by far.

Each library is imported only when its transport is first used, so ``import layers_async`` never
imports httpx2 or aiohttp.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from layers_async._public import publish as _publish
from layers_async.transports._httpx import HttpxTransport

if TYPE_CHECKING:
    from layers_async.transports._aiohttp import AiohttpTransport
    from layers_async.transports._httpx2 import Httpx2Transport

__all__ = ["AiohttpTransport", "Httpx2Transport", "HttpxTransport"]

_LAZY = {
    "AiohttpTransport": ("layers_async.transports._aiohttp", "aiohttp"),
    "Httpx2Transport": ("layers_async.transports._httpx2", "httpx2"),
}


def __getattr__(name: str) -> Any:
    # Import the library only when its transport is asked for (PEP 562).
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module_name, extra = _LAZY[name]
    import importlib

    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ImportError(f"{name} needs the {extra!r} extra: pip install 'layers-async[{extra}]'") from exc
    value = getattr(module, name)
    _publish(__name__, value)
    globals()[name] = value
    return value


# Reprs and tracebacks name the public module (attrs annotations resolved first).
_publish(__name__, *(globals()[name] for name in __all__ if name in globals()))
