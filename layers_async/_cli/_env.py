"""The client a CLI command builds from the environment (``LAYERS_API_KEY``, ``LAYERS_BASE_URL``)."""

from __future__ import annotations

from layers_async import Client
from layers_async.errors import InvalidRequestError

__all__ = ["client_from_env"]


def client_from_env(*, allow_http: bool | None = None) -> Client:
    """A `Client` configured from the environment, refusing with errors that say what to do instead.

    Args:
        allow_http: The command's ``--allow-http``; ``None`` for a command without that flag, whose refusal
            of a plain ``http://`` base URL is then passed on as the client words it.

    Raises:
        InvalidRequestError: No API key (naming ``LAYERS_API_KEY`` and ``--sandbox``), or a plain ``http://``
            base URL on a host that is not loopback (naming ``--allow-http``).
    """
    try:
        return Client(allow_http=bool(allow_http))
    except InvalidRequestError as exc:
        if allow_http is not None and exc.argument == "base_url" and "allow_http" in str(exc):
            raise InvalidRequestError(
                "refusing plain http:// to a non-loopback LAYERS_BASE_URL (the API key would travel in clear): "
                "use https://, or pass --allow-http",
                argument="base_url",
            ) from None
        if exc.argument != "api_key":
            raise
        raise InvalidRequestError(
            "no API key: set LAYERS_API_KEY (and LAYERS_BASE_URL if needed), or pass --sandbox", argument="api_key"
        ) from None
