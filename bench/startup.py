"""Start-up: what any qingdan command costs before it does its own work.

Times in one run, each the best of N runs (wall clock) and that run's CPU time of the child:

  * `python -c pass`, the interpreter alone (the floor of any Python tool),
  * `python -c "import typer"`, the floor of any typer command line,
  * `qingdan --version` (imports the command line, runs nothing),
  * `qingdan rules --format json` (a whole command that reads no repository),
  * every command up to the moment its own code would start: the real entry point with the
    command's required arguments, parsed and converted by typer, stopped before the command's
    function runs (its library imports and its work are what follows),
  * `git --version`, a C program's start-up, for scale.

Target: start-up of any command < 0.15 s; each row shows whether it is met.
Usage: python bench/startup.py [--runs 15] [--command NAME ...]
Figures vary by machine and by load; compare the rows of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
TARGET = 0.15
# as a user runs it: an installed wheel has its bytecode compiled (pip does so at install), so the
# children may write and use __pycache__ even where this shell forbids it
COMMAND_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

# the command line, stopped where a command's own function would be called (a click context
# invoking a command that is not a group); exit 0 there
STOP_AT_COMMAND = """
import sys
import typer

# typer.Context is a subclass of the context class its click creates
Context = typer.Context.__mro__[1]
_invoke = Context.invoke

def _stop(self, callback, /, *args, **kwargs):
    if not hasattr(self.command, "commands"):
        raise SystemExit(0)
    return _invoke(self, callback, *args, **kwargs)

Context.invoke = _stop
sys.argv = ["qingdan", *sys.argv[1:]]
from qingdan.cli import main
main()
"""

# each command path with the arguments it requires (a value each typer accepts), from the tree itself
LIST_COMMANDS = """
import json
import typer.main
from qingdan.cli import app

def sample(param):
    choices = param.type_descriptor.choices
    if choices:
        return str(getattr(choices[0], "value", choices[0]))
    if param.type_descriptor.annotation is int:
        return "1"
    table = getattr(param.type_descriptor.parameter_info.parser, "table", None)
    if table:  # a parser of labels (qingdan.cli.usage.LabelChoice) takes any of its codes
        return next(iter(table))
    return "x"

def args_of(command):
    args = []
    for param in command.params:
        if not param.required:
            continue
        if param.param_type_name == "option":
            args.append(param.opts[0])
        args.append(sample(param))
    return args

out = []
root = typer.main.get_command(app)
for name in root.list_commands(None):
    command = root.get_command(None, name)
    subs = getattr(command, "commands", None)
    if subs:
        out += [[name, sub, *args_of(subs[sub])] for sub in subs]
    else:
        out.append([name, *args_of(command)])
print(json.dumps(out))
"""


def best(cmd: list[str], runs: int, cwd: Path | None = None) -> tuple[float, float]:
    """The fastest wall time of runs, and the child's CPU seconds in that run."""
    results = []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=COMMAND_ENV, cwd=cwd
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(cmd)} failed")
        results.append((wall, usage.ru_utime + usage.ru_stime))
    return min(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--command", action="append", help="only these commands (repeatable)")
    options = parser.parse_args()
    runs = options.runs
    python = str(BIN / "python")
    qingdan = str(BIN / "qingdan")
    rows = [
        ("python -c pass", [python, "-c", "pass"]),
        ('python -c "import typer"', [python, "-c", "import typer"]),
        ("qingdan --version", [qingdan, "--version"]),
        ("qingdan rules --format json", [qingdan, "rules", "--format", "json"]),
    ]
    commands = json.loads(
        subprocess.run([python, "-c", LIST_COMMANDS], capture_output=True, check=True).stdout
    )
    wanted = set(options.command or [])
    rows += [
        (f"  {' '.join(argv)[:36]}", [python, "-c", STOP_AT_COMMAND, *argv])
        for argv in commands
        if not wanted or argv[0] in wanted
    ]
    rows.append(("git --version", ["git", "--version"]))
    figures = {}
    empty = Path(os.environ.get("TMPDIR", "/tmp")) / "qingdan-startup-bench"
    empty.mkdir(exist_ok=True)  # the stopped commands run nothing, but not in a repository either
    for name, cmd in rows:
        figures[name] = best(cmd, runs, cwd=empty)
    floor = figures['python -c "import typer"'][0]
    print(f"best of {runs} runs; target: any command < {TARGET:.2f} s; load {os.getloadavg()[0]:.2f}")
    print("rows indented: the command up to its own function (parsed, converted, not run)")
    print(f"{'command':40} {'wall s':>8} {'cpu s':>8} {'× typer':>8}  target {TARGET:.2f} s")
    for name, (wall, cpu) in figures.items():
        verdict = "" if not name.startswith(("qingdan", "  ")) else ("met" if wall < TARGET else "NOT met")
        print(f"{name:40} {wall:8.3f} {cpu:8.3f} {wall / floor:8.2f}  {verdict}")
    qingdan_rows = [wall for name, (wall, _) in figures.items() if name.startswith(("qingdan", "  "))]
    slowest = max(qingdan_rows)
    verdict = "met" if slowest < TARGET else "NOT met"
    print(f"slowest qingdan start-up {slowest:.3f} s: target {verdict}")


if __name__ == "__main__":
    main()
