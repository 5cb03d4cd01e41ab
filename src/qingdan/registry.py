"""The legal-instrument registry (laws.yaml) and the departments registry (departments.yaml)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

FORBIDDEN_SOLE_LEVELS = frozenset({"department_document", "meeting_minutes", "leader_instruction"})
_PRC = "中华人民共和国"


def _entries(data: dict[str, Any], key: str) -> list[Any]:
    """A list-valued key of a registry, or nothing when a schema error already reports it."""
    value = data.get(key)
    return value if isinstance(value, list) else []


def normalize(name: str) -> str:
    return name.strip().strip("《》").replace(" ", "").replace("\u3000", "")


@dataclass
class Version:
    date: str
    effective: str
    articles: int | None = None
    text: str | None = None


@dataclass
class Instrument:
    title: str
    level: str
    aliases: list[str] = field(default_factory=list)
    issuer: str = ""
    versions: list[Version] = field(default_factory=list)  # newest first
    status: str = "in_force"
    repealed: str | None = None
    index: int = 0  # position in the registry file

    @property
    def newest(self) -> Version | None:
        return self.versions[0] if self.versions else None

    def version(self, date: str) -> Version | None:
        return next((v for v in self.versions if v.date == date), None)

    def in_force_on(self, date: str) -> Version | None:
        """The newest version whose effective date is on or before date."""
        return next((v for v in self.versions if v.effective <= date), None)


class Laws:
    """Instruments by title and alias; lookups tolerate 《》 and a missing 中华人民共和国 prefix."""

    def __init__(self, instruments: list[Instrument]) -> None:
        self.instruments = instruments
        self.by_name: dict[str, Instrument] = {}
        self.duplicates: list[tuple[str, Instrument]] = []
        for inst in instruments:
            for name in {inst.title, *inst.aliases}:
                key = normalize(name)
                if key in self.by_name and self.by_name[key] is not inst:
                    self.duplicates.append((name, inst))
                self.by_name.setdefault(key, inst)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Laws:
        out = []
        for index, raw in enumerate(_entries(data, "instruments")):
            if not isinstance(raw, dict) or not isinstance(raw.get("title"), str):
                continue
            versions = [
                Version(
                    date=str(v.get("date")),
                    effective=str(v.get("effective") or v.get("date")),
                    articles=v.get("articles") if isinstance(v.get("articles"), int) else None,
                    text=v.get("text") if isinstance(v.get("text"), str) else None,
                )
                for v in _entries(raw, "versions")
                if isinstance(v, dict) and v.get("date")
            ]
            out.append(
                Instrument(
                    title=raw["title"],
                    level=str(raw.get("level", "")),
                    aliases=[a for a in _entries(raw, "aliases") if isinstance(a, str)],
                    issuer=str(raw.get("issuer", "")),
                    versions=versions,
                    status=str(raw.get("status", "in_force")),
                    repealed=str(raw["repealed"]) if raw.get("repealed") else None,
                    index=index,
                )
            )
        return cls(out)

    def lookup(self, name: str) -> Instrument | None:
        key = normalize(name)
        found = self.by_name.get(key)
        if found is None and not key.startswith(_PRC):
            found = self.by_name.get(_PRC + key)
        return found

    def suggest(self, name: str) -> str | None:
        # compare without the shared 中华人民共和国 prefix, which would make every law look alike
        short = {key.removeprefix(_PRC): inst for key, inst in self.by_name.items()}
        close = difflib.get_close_matches(normalize(name).removeprefix(_PRC), list(short), n=1, cutoff=0.6)
        return short[close[0]].title if close else None


class Departments:
    """Registered department names and aliases, each mapped to its canonical name."""

    def __init__(self, names: dict[str, str], duplicates: list[tuple[str, int]]) -> None:
        self.names = names
        self.duplicates = duplicates  # (name, index of the entry that repeats it)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Departments:
        names: dict[str, str] = {}
        duplicates: list[tuple[str, int]] = []
        for index, entry in enumerate(_entries(data, "departments")):
            if isinstance(entry, str):
                canonical, aliases = entry, []
            elif isinstance(entry, dict) and isinstance(entry.get("name"), str):
                canonical, aliases = (
                    entry["name"],
                    [a for a in _entries(entry, "aliases") if isinstance(a, str)],
                )
            else:
                continue
            for name in (canonical, *aliases):
                if name in names:
                    duplicates.append((name, index))
                names[name] = canonical
        return cls(names, duplicates)

    def canonical(self, name: str) -> str | None:
        return self.names.get(name.strip())

    def suggest(self, name: str) -> str | None:
        close = difflib.get_close_matches(name, list(self.names), n=1, cutoff=0.5)
        return self.names[close[0]] if close else None
