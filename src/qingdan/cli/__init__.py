"""The command line: each module parses one group of commands, calls one library function, renders, exits.

Exit codes: 0 clean, 1 findings (or changes pending with --check), 2 usage error, 3 internal error.
"""

from qingdan.cli import ci as _ci  # noqa: F401  (registers its commands)
from qingdan.cli import edit as _edit  # noqa: F401
from qingdan.cli import history as _history  # noqa: F401
from qingdan.cli import validate as _validate  # noqa: F401
from qingdan.cli.app import app, main

__all__ = ["app", "main"]
