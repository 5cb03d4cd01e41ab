"""The terminal: the only module that imports rich. Reporters build their output with these names."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text as RichText

__all__ = ["Console", "Panel", "RichText", "Syntax", "Table", "escape"]
