"""The rules validate runs, in their order: each module of this package checks one rule over the
whole repository (the package itself holds what they share)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from qingdan.model import Finding
from qingdan.rules import (
    RuleCheck,
    Summary,
    admission,
    adoption,
    assessment,
    basis,
    characters,
    departments,
    devolution,
    duplicates,
    ids,
    retirement,
    sourcing,
    units,
    vocabulary,
)


def all_checks() -> list[RuleCheck]:
    return [
        ids.check,
        basis.check,
        departments.check,
        devolution.check,
        admission.check,
        retirement.check,
        duplicates.check,
        vocabulary.check,
        characters.check,
        sourcing.check,
        assessment.check,
        units.check,
        adoption.check,
    ]


def file_checks() -> list[RuleCheck]:
    """The rules' work that one list decides alone (given the configuration and registries), run on a
    context holding that one list; in the order of all_checks."""
    return [
        ids.check_file,
        basis.check,
        departments.check,
        devolution.check,
        admission.check,
        retirement.check_file,
        duplicates.check,
        vocabulary.check,
        characters.check,
        sourcing.check,
        units.check_file,
    ]


def cross_checks() -> list[Callable[[list[Summary]], Iterator[Finding]]]:
    """The rules' work across lists, over the lists' summaries (adoption and assessments, which read
    whole documents, are run by filerules on the documents they concern)."""
    return [ids.cross, retirement.cross, units.cross]
