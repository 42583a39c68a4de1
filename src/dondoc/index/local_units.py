"""A province's own bodies as the stored reports name them: "Sở Khoa học và Công nghệ" of Hà Nội's plan.

The registry knows ministries, provinces and Hồ Chí Minh City's departments; a city's plan writes
"Sở Khoa học và Công nghệ" or "Công an Thành phố" and means its own. Such a unit is known here by its
department words and its province (the province its name or its report's scope gives), so a question
naming "Sở KH&CN Hà Nội", "Công an TP Hà Nội" or "Sở Y tế HCM" finds it, and never a ministry.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from dondoc.data.units import UnitRegistry
from dondoc.nlp.abbreviations import fold_aligned, replace_abbreviations
from dondoc.nlp.units import unit_key
from dondoc.nlp.vocabulary import compile_phrase, entries

# Two department names this close (rapidfuzz ratio on their keys) are one: "Sở Khoa học Công nghệ".
SAME_NAME = 90


def _local_head() -> re.Pattern[str]:
    """The words a province's body starts with (words/units.toml, `local`), on folded text."""
    phrases = [compile_phrase(p) for e in entries("units", "local") for p in e.phrases]
    return re.compile(r"^(?:" + "|".join(phrases) + r")(?![0-9a-z])")


@dataclass(frozen=True)
class LocalUnit:
    """A province's body as stored: its name, the name answers show, its province."""

    name: str
    shown: str
    province: str


class LocalUnits:
    """The stored local units, by department key and province.

    Args:
        registry: the unit registry (its departments, provinces and their spellings).
        leads: each task's lead units, by catalog row.
        scopes: each row's province, when every report of it speaks for one (`Source.scope`).
    """

    def __init__(self, registry: UnitRegistry, leads: Iterable[Sequence[str]], scopes: Iterable[str | None]) -> None:
        self.registry = registry
        self._province_keys = self._provinces()
        self.by_key: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.units: dict[str, LocalUnit] = {}
        self.rows: dict[str, list[int]] = defaultdict(list)
        head = _local_head()
        for entry in registry.entries.values():
            if entry.kind == "department" and entry.parent:
                self._add(LocalUnit(entry.name, entry.name, entry.parent))
        for row, (names, scope) in enumerate(zip(leads, scopes, strict=True)):
            for name in names:
                if name in registry.entries or not head.search(fold_aligned(name.lower())):
                    continue
                province = self.province_in(name) or scope
                if province is None:
                    continue
                shown = name if self.province_in(name) else f"{name} ({province})"
                self._add(LocalUnit(name, shown, province))
                self.rows[shown].append(row)

    def _provinces(self) -> dict[str, str]:
        """Folded spelling of a province (without "tỉnh", "thành phố") -> its canonical name."""
        found = {}
        for entry in self.registry.entries.values():
            if entry.kind == "province":
                for alias in (entry.name, *entry.aliases):
                    found[_LEADING_WORDS.sub("", unit_key(alias))] = entry.name
        return {key: name for key, name in found.items() if key}

    def province_in(self, name: str) -> str | None:
        """The province a unit's own name ends with ("Sở Y tế TP Hồ Chí Minh"), if any."""
        key = strip_province_words(unit_key(name))
        for spelling, province in sorted(self._province_keys.items(), key=lambda kv: -len(kv[0])):
            if key.endswith(" " + spelling):
                return province
        return None

    def department_key(self, name: str) -> str:
        """What a local unit's name says without its province: "Sở KH&CN Hà Nội" -> "so khoa hoc va cong nghe"."""
        key = strip_province_words(unit_key(replace_abbreviations(name)))
        for spelling in sorted(self._province_keys, key=len, reverse=True):
            if key.endswith(" " + spelling):
                key = strip_province_words(key[: -len(spelling)].strip())
                break
        return key

    def _add(self, unit: LocalUnit) -> None:
        self.by_key[(self.department_key(unit.name), unit.province)].add(unit.shown)
        self.units[unit.shown] = unit

    def find(self, phrase: str, province: str | None, among: Collection[str] | None = None) -> list[str]:
        """The stored units `phrase` names (shown names), in `province` when given; `among` limits the
        candidates (the units of the documents a question names)."""
        key = self.department_key(phrase)
        found = []
        for (department, where), names in self.by_key.items():
            if province and where != self.registry.current_of(province) and where != province:
                continue
            if department == key or fuzz.ratio(department, key) >= SAME_NAME:
                found += [name for name in names if among is None or name in among]
        return sorted(set(found))

    def parent(self, name: str) -> str | None:
        unit = self.units.get(name)
        return unit.province if unit else None


_PROVINCE_WORDS = re.compile(r"(?:\s+(?:tinh|thanh pho|tp|t p))+$")
# Before a province's name: "UBND tỉnh", "TP", "thành phố".
_LEADING_WORDS = re.compile(r"^(?:(?:ubnd|uy ban nhan dan|tinh|thanh pho|tp|t p)\s+)+")


def strip_province_words(key: str) -> str:
    """A unit key without the words that stand before a province's name at its end ("cong an thanh pho")."""
    return _PROVINCE_WORDS.sub("", key).strip()
