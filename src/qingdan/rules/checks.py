"""The rules validate runs, in their order: each module of this package checks one rule over the
whole repository (the package itself holds what they share)."""

from __future__ import annotations

from qingdan.rules import (
    RuleCheck,
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
