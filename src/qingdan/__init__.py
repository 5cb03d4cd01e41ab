"""qingdan: grassroots duty lists (履行职责事项清单) kept as code."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
