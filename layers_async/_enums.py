"""What every model shares: the open enum base."""

from __future__ import annotations

import enum
from typing import Any

__all__ = ["OpenEnum"]


class OpenEnum(str, enum.Enum):
    """A string enum that keeps values it does not know (the API grows).

    ``JobStatus("paused")`` returns a pseudo-member whose ``value`` is ``"paused"``; it is not listed by
    iteration and compares equal to its string. Known members still work with ``match`` and
    ``typing.assert_never``.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        alias = cls._aliases().get(value)
        if alias is not None:
            return cls(alias)
        member = str.__new__(cls, value)
        member._name_ = value.upper()
        member._value_ = value
        return member

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {}

    def __str__(self) -> str:
        return str(self.value)

    @property
    def is_known(self) -> bool:
        """``False`` for a value this SDK version does not know."""
        return self._name_ in type(self).__members__
