"""List revisions ("2025.2"): ordering and the next revision."""

from __future__ import annotations

import datetime as dt


def revision_key(revision: str) -> tuple[int, int]:
    """ "2025.10" sorts after "2025.9"; anything malformed sorts first."""
    year, _, number = revision.partition(".")
    try:
        return int(year), int(number)
    except ValueError:
        return (0, 0)


def next_revision(revision: str, today: dt.date | None = None) -> str:
    """The revision after this one: the next number in the same year, or N.1 of a later year."""
    year, number = revision_key(revision)
    if today is not None and today.year > year:
        return f"{today.year}.1"
    return f"{year}.{number + 1}"
