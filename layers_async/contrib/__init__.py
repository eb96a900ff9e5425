"""Adapters to existing engines, each behind an extra: ``layers_async.contrib.redis`` (``[redis]``)."""

__all__: list[str] = []
