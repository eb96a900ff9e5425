"""Checks of the client's construction options: the API key and the base URL.

Both are checked once, when the `Client` is built, so that no header is ever refused later by the HTTP
library (whose message would hold the key) and no URL is ever built from a base that would corrupt it.
No message here ever contains the key or a password.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import SplitResult, urlsplit

from layers_async.errors import InvalidRequestError

__all__ = ["check_api_key", "check_base_url", "is_loopback"]


def check_api_key(key: object) -> str:
    """Return ``key`` if it is a non-empty string of visible ASCII characters (``!`` to ``~``).

    Raises:
        InvalidRequestError: Missing, empty, or holding whitespace, control or non-ASCII characters. The
            message says where, never what.
    """
    if not isinstance(key, str) or not key:
        raise InvalidRequestError("an API key is required: pass api_key=... or set LAYERS_API_KEY", argument="api_key")
    if key.isascii() and key.isprintable() and " " not in key:
        return key
    where = next(i for i, ch in enumerate(key) if not "!" <= ch <= "~")
    kind = "whitespace" if key[where].isspace() else "a non-printable or non-ASCII character"
    raise InvalidRequestError(
        f"api_key holds {kind} at position {where} of {len(key)} (an API key is visible ASCII only; "
        "check for a trailing newline or a copied space)",
        argument="api_key",
    )


def _shown(parts: SplitResult) -> str:
    """The URL without its user information (what an error message may show)."""
    host = parts.netloc.rpartition("@")[2]
    return f"{parts.scheme}://{host}{parts.path}"


def check_base_url(base_url: object, *, allow_http: bool) -> str:
    """Return ``base_url`` without a trailing slash if it is a plain ``http(s)://host[:port][/path]``.

    Raises:
        InvalidRequestError: Not an http(s) URL with a host; user information (``user:pw@``), a query,
            a fragment, whitespace or a bad port; or ``http://`` to a non-loopback host without
            ``allow_http``.
    """
    if not isinstance(base_url, str):
        raise InvalidRequestError("base_url must be a string", argument="base_url")
    parts = urlsplit(base_url)
    if "@" in parts.netloc:
        raise InvalidRequestError(
            "base_url must not hold user information (user:password@host); the API key is the only credential",
            argument="base_url",
        )
    shown = _shown(parts)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidRequestError(f"base_url must be an http(s) URL, got {shown!r}", argument="base_url")
    if "?" in base_url or "#" in base_url:
        raise InvalidRequestError(f"base_url must not hold a query or a fragment: {shown!r}", argument="base_url")
    if not base_url.isprintable() or any(ch.isspace() for ch in base_url):
        raise InvalidRequestError("base_url holds whitespace or control characters", argument="base_url")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise InvalidRequestError(f"base_url has an invalid port: {shown!r}", argument="base_url")
    if parts.scheme == "http" and not allow_http and not is_loopback(parts.hostname):
        raise InvalidRequestError(
            "refusing plain http:// to a non-loopback host (the API key would travel in clear); "
            "use https:// or pass allow_http=True",
            argument="base_url",
        )
    return base_url.rstrip("/")


def is_loopback(host: str) -> bool:
    """``True`` for ``localhost`` and loopback IP addresses."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
