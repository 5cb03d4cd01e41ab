"""Errors the library raises; the CLI maps them to exit codes in one place."""

from __future__ import annotations

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class QingdanError(Exception):
    """Base of every error qingdan raises on purpose; carries a bilingual message."""

    exit_code = EXIT_FINDINGS

    def __init__(self, zh: str, en: str | None = None) -> None:
        super().__init__(en or zh)
        self.zh = zh
        self.en = en or zh

    def message(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class UsageError(QingdanError):
    """The command line asks for something impossible (bad revision, missing file, bad option)."""

    exit_code = EXIT_USAGE


class EnvironmentProblem(QingdanError):
    """The surroundings are unusable: not a git repository, shallow clone, dubious ownership."""

    exit_code = EXIT_INTERNAL
