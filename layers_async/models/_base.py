"""What every model shares (kept outside the package so the converter can load it alone)."""

from layers_async._enums import OpenEnum

__all__ = ["OpenEnum"]
