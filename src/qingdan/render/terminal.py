"""The terminal: the only module that imports rich. Reporters build their output with these names.

Colour follows no-color.org and force-color.org, whatever a renderer asks for: a non-empty NO_COLOR
means no escape sequences at all (it wins over everything); a non-empty FORCE_COLOR colours a pipe
too; otherwise colour only on a terminal. Only an explicit "no colour" from the caller is kept, so a
renderer passing ``no_color=False`` cannot switch colour back on.

rich is imported when one of its names is first used, not with this module: a renderer whose
machine formats (JSON, SARIF, CI annotations) need no terminal reads them as ``terminal.Console``
inside its text renderer, and a run that writes JSON does not pay for rich (a third of start-up).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.markup import escape
    from rich.panel import Panel
    from rich.progress import Progress
    from rich.syntax import Syntax
    from rich.table import Table
    from rich.text import Text as RichText

_RICH_NAMES = frozenset({"Console", "Panel", "Progress", "RichText", "Syntax", "Table", "escape"})


def colour_wanted(env: Mapping[str, str] | None = None) -> bool | None:
    """False under NO_COLOR, True under FORCE_COLOR, None (ask the terminal) otherwise."""
    env = os.environ if env is None else env
    if env.get("NO_COLOR", ""):
        return False
    if env.get("FORCE_COLOR", ""):
        return True
    return None


def _import_rich() -> None:
    """Import rich and define this module's rich names (on the first use of any of them)."""
    from rich.console import Console as RichConsole
    from rich.markup import escape
    from rich.panel import Panel
    from rich.progress import Progress
    from rich.syntax import Syntax
    from rich.table import Table
    from rich.text import Text as RichText

    class Console(RichConsole):
        """rich's Console with the colour conventions above applied to every renderer's console."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            wanted = colour_wanted()
            if wanted is False or kwargs.get("force_terminal") is False:
                kwargs["color_system"] = None
                kwargs["no_color"] = True
                kwargs["force_terminal"] = False
            else:
                if kwargs.get("no_color") is False:
                    kwargs.pop("no_color")
                if wanted is True and kwargs.get("force_terminal") is None:
                    kwargs["force_terminal"] = True
                    kwargs.pop("no_color", None)
            super().__init__(*args, **kwargs)

    Console.__module__ = __name__
    Console.__qualname__ = "Console"
    globals().update(
        Console=Console,
        Panel=Panel,
        Progress=Progress,
        RichText=RichText,
        Syntax=Syntax,
        Table=Table,
        escape=escape,
    )


def __getattr__(name: str) -> Any:
    if name in _RICH_NAMES:
        _import_rich()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Console", "Panel", "Progress", "RichText", "Syntax", "Table", "colour_wanted", "escape"]
