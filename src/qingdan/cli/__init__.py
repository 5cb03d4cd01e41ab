"""The command line: each module parses one group of commands, calls one library function, renders, exits.

Exit codes: 0 clean, 1 findings (or changes pending with --check), 2 usage error, 3 internal error.

A run imports only the module of the command it runs (qingdan.cli.app.COMMANDS names each command's
module and help panel); import_commands() imports them all.
"""

from qingdan.cli.app import app, import_commands, main

__all__ = ["app", "import_commands", "main"]
