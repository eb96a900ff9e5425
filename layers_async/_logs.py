"""The ``layers_async`` logger and the ``LAYERS_LOG`` switch.

The library logs to ``logging.getLogger("layers_async")`` and, like every library, adds no handler of
its own: the application decides where logs go. The one exception is ``LAYERS_LOG``: set it to
``info`` (each retry, with its reason, attempt and wait) or ``debug`` (also every attempt's status and
duration) and the logger gets that level and one handler writing to standard error. Log lines never
hold the API key: they show the method, the path, statuses, error codes and waits.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from layers_async.errors import APIError

__all__ = ["LOGGER_NAME", "configure_from_env", "failure_reason", "logger"]

LOGGER_NAME = "layers_async"
logger = logging.getLogger(LOGGER_NAME)

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_FORMAT = "[%(asctime)s %(levelname)s %(name)s] %(message)s"


class _EnvHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler ``LAYERS_LOG`` installs (a class of its own, so it is installed only once)."""


def configure_from_env(environ: Mapping[str, str] | None = None) -> int | None:
    """Apply ``LAYERS_LOG`` (``debug`` or ``info``, any case) to the ``layers_async`` logger.

    Unset, empty or another value changes nothing: no level, no handler.

    Args:
        environ: Where to read the variable; defaults to ``os.environ``.

    Returns:
        The level set, or ``None`` when the variable did not ask for one.
    """
    value = (os.environ if environ is None else environ).get("LAYERS_LOG", "")
    level = _LEVELS.get(value.strip().lower())
    if level is None:
        return None
    logger.setLevel(level)
    if not any(isinstance(h, _EnvHandler) for h in logger.handlers):
        handler = _EnvHandler()
        handler.setFormatter(logging.Formatter(_FORMAT))
        logger.addHandler(handler)
    return level


def failure_reason(error: Exception) -> str:
    """Why an attempt failed, for a log line: ``503 UNAVAILABLE`` or ``ConnectError``."""
    if isinstance(error, APIError):
        return f"{error.status_code} {error.code}"
    return type(error).__name__
