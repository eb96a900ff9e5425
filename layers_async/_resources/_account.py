"""``client.account``: the key's identity and the org's credits (API reference: Account)."""

from __future__ import annotations

from layers_async._resources._base import Resource
from layers_async.models._account import Credits, Whoami

__all__ = ["Account"]


class Account(Resource):
    """The calling key: ``whoami`` and ``credits`` (neither needs a scope)."""

    __slots__ = ()

    async def whoami(self) -> Whoami:
        """Check the key and read its org, scopes and rate-limit tier.

        Raises:
            AuthenticationError: The key is unknown or malformed.
            KillSwitchError: The key or org is disabled.
        """
        return await self._call("GET", "/v1/whoami", Whoami)

    async def credits(self) -> Credits:
        """Read the org's credit balance; check ``available`` before starting generation."""
        return await self._call("GET", "/v1/credits", Credits)
