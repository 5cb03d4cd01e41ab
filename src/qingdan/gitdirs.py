"""Where a work tree's git folders are: one `git rev-parse`, without GitPython.

fsutil needs this for every write and lock; keeping it out of gitrepo means an edit or an import
does not pay for importing GitPython when it asks nothing else of git.
"""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path

# as gitrepo runs git: no prompt, no optional locks, no pager
_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_LITERAL_PATHSPECS": "1",
    "GIT_PAGER": "cat",
}


@functools.lru_cache(maxsize=64)
def git_dirs(root: Path) -> tuple[Path, ...]:
    """The git folder of the work tree around root and its common folder (the same folder in a plain
    repository; the main repository's .git in a linked worktree), resolved; () outside git."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--absolute-git-dir", "--git-common-dir"],
            cwd=root,
            env={**os.environ, **_ENV},
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    lines = done.stdout.decode("utf-8", "surrogateescape").splitlines()
    if done.returncode != 0 or len(lines) != 2:
        return ()
    git_dir = Path(os.path.realpath(lines[0]))
    common = Path(os.path.realpath(root / lines[1] if not os.path.isabs(lines[1]) else lines[1]))
    return (git_dir, common) if common != git_dir else (git_dir,)
