"""Checks of the client's options: the API key and the base URL at construction; the clock, the timeout,
the retry policy and extra headers at construction or in `Client.with_options`.

The key and the base URL are checked once, when the `Client` is built, so that no header is ever refused
later by the HTTP library (whose message would hold the key) and no URL is ever built from a base that
would corrupt it.
No message here ever contains the key or a password.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from urllib.parse import SplitResult, urlsplit

from layers_async._clock import Clock
from layers_async._retry import RetryPolicy
from layers_async.errors import InvalidRequestError

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "check_api_key",
    "check_base_url",
    "check_clock",
    "check_header_values",
    "check_headers",
    "check_max_response_bytes",
    "check_retry",
    "check_timeout",
    "is_loopback",
]

# Headers the client sets itself; a caller's header must not replace them.
_RESERVED_HEADERS = frozenset(
    {"authorization", "x-api-key", "idempotency-key", "content-type", "content-length", "host"}
)
_TOKEN_CHARS = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


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
    if "@" in base_url:  # user information, wherever urlsplit would put it (``user:pw@host`` has no scheme)
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


def check_clock(clock: object) -> Clock:
    """Require a `Clock`: ``now()``, ``wall()`` and ``async sleep()``."""
    missing = [name for name in ("now", "wall", "sleep") if not callable(getattr(clock, name, None))]
    if missing:
        raise InvalidRequestError(
            f"clock must provide now(), wall() and async sleep(); missing: {', '.join(missing)}", argument="clock"
        )
    return clock  # type: ignore[return-value]


def check_timeout(value: object) -> float | None:
    """Require a positive finite number of seconds, or ``None`` for no limit."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < float("inf"):
        message = f"timeout must be a positive number of seconds or None, got {value!r}"
        raise InvalidRequestError(message, argument="timeout")
    return float(value)


def check_retry(value: object) -> RetryPolicy:
    """Require a `RetryPolicy` (``RetryPolicy.disabled()`` for no retries)."""
    if not isinstance(value, RetryPolicy):
        message = f"retry must be a RetryPolicy (RetryPolicy.disabled() for none), got {type(value).__name__}"
        raise InvalidRequestError(message, argument="retry")
    return value


def check_headers(value: object) -> tuple[tuple[str, str], ...]:
    """Require a mapping of header names to values (no line breaks; not one the client sets itself)."""
    if not isinstance(value, Mapping):
        raise InvalidRequestError("headers must be a mapping of header names to values", argument="headers")
    pairs: list[tuple[str, str]] = []
    for name, text in value.items():
        if not isinstance(name, str) or not name or not set(name) <= _TOKEN_CHARS:
            raise InvalidRequestError(f"headers: {name!r} is not a valid header name", argument="headers")
        if name.lower() in _RESERVED_HEADERS:
            raise InvalidRequestError(f"headers: {name} is set by the client itself", argument="headers")
        if not isinstance(text, str) or not all(c == "\t" or " " <= c <= "~" for c in text):
            message = f"headers: the value of {name} must be printable ASCII text on one line"
            raise InvalidRequestError(message, argument="headers")
        pairs.append((name, text))
    return tuple(pairs)


#: The default cap on one response body, after decompression.
DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024


def check_max_response_bytes(value: object) -> int | None:
    """Return ``value`` if it is a positive integer or ``None`` (no limit).

    Raises:
        InvalidRequestError: Anything else.
    """
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value > 0):
        return value
    raise InvalidRequestError("max_response_bytes must be a positive integer or None", argument="max_response_bytes")


def check_header_values(headers: tuple[tuple[str, str], ...]) -> None:
    """Refuse a header whose name or value is not printable ASCII, before any I/O.

    The HTTP library would refuse it later with a message holding the value; the error here names the
    header only.

    Raises:
        InvalidRequestError: A name or value holds a control or non-ASCII character.
    """
    for name, value in headers:
        if not (isinstance(name, str) and isinstance(value, str)):
            raise InvalidRequestError("header names and values must be strings", argument="headers")
        if not (name.isascii() and value.isascii() and name.isprintable() and value.isprintable()) or not name:
            raise InvalidRequestError(
                f"the {name!r} header must be printable ASCII" if name.isascii() and name.isprintable() else
                "a header name must be printable ASCII",
                argument=name.lower().replace("-", "_") if name.isascii() else "headers",
            )  # fmt: skip
