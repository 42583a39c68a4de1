"""The unit registry: ministries, agencies, groups and provinces, their spellings and 2025 successors."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

from dondoc.nlp.text import fold, normalize
from dondoc.nlp.units import UnitMatcher, split_roles, unit_key

_REGISTRY_FILE = Path(__file__).with_name("units.json")
PROVINCES_FILE = Path(__file__).with_name("provinces.json")
_PARENTHESES = re.compile(r"\([^()]*\)")
# Words of a body that is not a province's own ("Ban Chỉ đạo Trung ương", "Đài Truyền hình Việt Nam").
_NATIONAL = re.compile(r"(?i)\b(?:trung ương|việt nam|chính phủ|quốc gia|quốc hội)\b")
_ENDS_WITH_LEVEL = re.compile(r"(?i)\b(?:tỉnh|thành phố|tp\.?)$")


class UnknownUnit(Exception):
    """Raised when a name matches no unit; carries the closest names to offer instead."""

    def __init__(self, value: str, suggestions: list[str]) -> None:
        super().__init__(f"unknown unit: {value!r}")
        self.value = value
        self.suggestions = suggestions


@dataclass(frozen=True)
class UnitEntry:
    """One unit as the registry knows it."""

    name: str
    kind: str
    abbreviation: str | None = None
    aliases: tuple[str, ...] = ()
    cell_aliases: tuple[str, ...] = ()
    current: str | None = None
    parent: str | None = None


def provinces_from_package() -> list[dict[str, str | None]]:
    """The 63 provinces of 2022-2025 and their 2025 successor, read from the vietnamadminunits package.

    Importing that package takes most of a second (it brings in geometry libraries), so its
    answer is kept in provinces.json; `python -m dondoc.data.units` rewrites the file and a
    test checks that the file still equals this function's result.
    """
    from vietnamadminunits import convert_address
    from vietnamadminunits.database import get_data

    return [
        {
            "name": row["province"],
            "short": row["provinceShort"],
            "current": successor
            if (successor := convert_address(row["province"]).province) != row["province"]
            else None,
        }
        for row in get_data(["province", "provinceShort"], table="admin_units_legacy")
    ]


def _initials(short: str) -> str:
    """ "Quảng Trị" -> "QT", as officials shorten a province after its level ("tỉnh QT", "TP HN")."""
    return "".join(word[0] for word in fold(short).split()).upper()


def _province_entry(province: dict[str, str | None], shared_initials: set[str]) -> UnitEntry:
    official, short = str(province["name"]), str(province["short"])
    city = official.startswith("Thành phố")
    spellings = [short, f"UBND {short}", f"tỉnh {short}", f"UBND tỉnh {short}", f"Ủy ban nhân dân tỉnh {short}"]
    if city:
        spellings += [f"TP {short}", f"TP. {short}", f"UBND TP {short}", f"UBND thành phố {short}", f"TP.{short}"]
    initials = _initials(short)
    if province["current"] is None and len(initials) > 1 and initials not in shared_initials:
        # Only after the level's word: "QT" alone is as often "quốc tế".
        spellings += [f"{level} {initials}" for level in (("TP", "thành phố") if city else ("tỉnh",))]
    if short == "Hồ Chí Minh":
        spellings += ["TP.HCM", "TPHCM", "TP HCM", "HCM", "Sài Gòn", "UBND TP.HCM"]
    if short == "Hà Nội":
        spellings += ["HN"]
    return UnitEntry(name=official, kind="province", aliases=(official, *spellings), current=province["current"])


class UnitRegistry:
    """Resolves unit cells and questions to canonical unit names.

    Args:
        entries: every known unit; names must be unique.
    """

    def __init__(self, entries: list[UnitEntry]) -> None:
        self.entries = {entry.name: entry for entry in entries}
        question_aliases = {alias: e.name for e in entries for alias in (e.name, *e.aliases)}
        self._question = UnitMatcher(question_aliases)
        self._cell = UnitMatcher({**question_aliases, **{a: e.name for e in entries for a in e.cell_aliases}})

    @classmethod
    @cache
    def load(cls) -> UnitRegistry:
        """The bundled registry (units.json plus provinces), loaded once per process."""
        data = json.loads(_REGISTRY_FILE.read_text(encoding="utf-8"))
        entries = [
            UnitEntry(
                name=item["name"],
                kind=item["kind"],
                abbreviation=item.get("abbr"),
                aliases=tuple(item.get("aliases", ())),
                cell_aliases=tuple(item.get("cell_aliases", ())),
                current=item.get("current"),
                parent=item.get("parent"),
            )
            for item in data["units"]
        ]
        provinces = json.loads(PROVINCES_FILE.read_text(encoding="utf-8"))["provinces"]
        initials = Counter(_initials(str(p["short"])) for p in provinces if p["current"] is None)
        shared = {letters for letters, count in initials.items() if count > 1}
        return cls(entries + [_province_entry(p, shared) for p in provinces])

    def current_of(self, name: str) -> str:
        """The body that holds `name`'s tasks today (itself when it was not reorganised)."""
        entry = self.entries.get(name)
        return entry.current if entry and entry.current else name

    def former_names(self, name: str) -> list[str]:
        """Units that `name` took over in 2025 ("Bộ Tài chính" -> ["Bộ Kế hoạch và Đầu tư"])."""
        return [e.name for e in self.entries.values() if e.current == name]

    def resolve_cell(self, lead_text: str, coordinating_text: str | None = None) -> tuple[list[str], list[str]]:
        """Canonical lead and coordinating units of a unit cell.

        A cell naming no known unit keeps its own cleaned text as the unit, so that every
        task has one and nothing the report says is lost; units it lists with ";" between them
        ("Sở Tài chính; Trung tâm Chuyển đổi số") stay apart.
        """
        lead_part, coord_part = split_roles(lead_text)
        lead = self._names_in(lead_part)
        coordinating = self._names_in(coord_part)
        if coordinating_text:
            coordinating += self._names_in(_PARENTHESES.sub(" ", coordinating_text))
        if not lead:
            # A lead part naming no known unit ("Các Sở, ban, ngành") is kept as written; only a
            # cell with no lead part at all ("Phối hợp với Bộ Y tế") makes its coordinators lead.
            cleaned = normalize(_PARENTHESES.sub(" ", lead_part)).strip(" ,.;:-")
            if cleaned or not coordinating:
                cleaned = cleaned or normalize(_PARENTHESES.sub(" ", lead_text)).strip(" ,.;:-")
                lead = [part.strip(" ,.:-")[:200] for part in cleaned.split(";") if part.strip(" ,.:-")]
            else:
                lead, coordinating = coordinating, []
        coordinating = [name for name in dict.fromkeys(coordinating) if name not in lead]
        return lead, coordinating

    def exact(self, name: str) -> str | None:
        """The unit `name` is, when it is a known name or spelling as a whole ("BYT", "Bộ Y tế"), else None."""
        found = self._question.find(name)
        whole = len(found) == 1 and (found[0].start, found[0].end) == (0, len(unit_key(name)))
        return found[0].name if whole else None

    def local_name(self, name: str, province: str | None) -> str:
        """A body of a province's own report named with its province: "Sở Y tế" in Sơn La's plan is "Sở Y tế
        tỉnh Sơn La", "Công an Thành phố" in Hà Nội's is "Công an Thành phố Hà Nội" (two provinces' departments are
        two units). Known units, national bodies and names that give a province already stay as they are."""
        entry = self.entries.get(province or "")
        if entry is None or entry.kind != "province" or name in self.entries or _NATIONAL.search(name):
            return name
        if any(self.entries[m.name].kind == "province" for m in self._question.find(name)):
            return name
        city = entry.name.startswith("Thành phố ")
        short = entry.name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
        if _ENDS_WITH_LEVEL.search(name):
            local = f"{name} {short}"
        else:
            local = f"{name} {'thành phố' if city else 'tỉnh'} {short}"
        return self.exact(local) or local  # "Sở Tài chính" of Hồ Chí Minh City is the registry's department

    def resolve_names(self, names: str | None) -> list[str]:
        """Units a reader has already read, "; "-separated: each the registry's name when it is one, else as written.

        The general reader finds units by where they stand (ingest.extract.slots) and keeps each whole:
        "Đoàn Thanh niên … Hồ Chí Minh tỉnh" is not Thành phố Hồ Chí Minh, as a cell search would make it.
        """
        found = []
        for part in (names or "").split(";"):
            cleaned = normalize(part).strip(" ,.;:-")
            if cleaned:
                found.append(self.exact(cleaned) or cleaned[:200])
        return list(dict.fromkeys(found))

    def _find(self, text: str) -> list[str]:
        """Units named in a cell, except a ministry's words inside a department's name ("Sở Tư pháp")."""
        keyed = unit_key(text)
        return [m.name for m in self._cell.find(text) if not keyed[: m.start].endswith("so ")]

    def _names_in(self, text: str) -> list[str]:
        names = self._find(text)
        head, colon, tail = text.partition(":")
        if colon:
            # "02 bộ, ngành: Tư pháp, Y tế" lists its members after the colon: keep them, not the group.
            head_names = self._find(head)
            tail_names = self._find(tail)
            if tail_names and all(self.entries[name].kind == "group" for name in head_names):
                names = tail_names
        return names

    def leading_unit(self, text: str) -> str | None:
        """The unit a sentence opens with ("Bộ Y tế xây dựng …" -> "Bộ Y tế"), None when it opens otherwise.

        A department ("Sở Y tế …") is returned as written: the registry knows ministries, not every
        province's departments.
        """
        found = self._cell.find(text[:200])
        if not found:
            return None
        if found[0].start == 0:
            return found[0].name
        keyed = unit_key(text[:200])
        if keyed[: found[0].start] == "so ":
            # "Sở Y tế triển khai …": a province's department, named as written.
            return " ".join(text.split()[: len(keyed[: found[0].end].split())])
        return None

    def find_in_question(self, text: str) -> list[str]:
        """Units a question names, by full name or abbreviation (bare domain words are not units here)."""
        return [m.name for m in self._question.find(text)]

    def lookup(self, text: str) -> str:
        """The one unit `text` names; a ministry's words inside a department's name ("Sở Y tế") name no ministry.

        Raises:
            UnknownUnit: nothing matches; the exception lists the closest names.
        """
        found = [m.name for m in self._question.find(text)] or self._find(text)
        if found:
            return found[0]
        raise UnknownUnit(text, self.suggest(text))

    def suggest(self, text: str, limit: int = 5) -> list[str]:
        """The units whose names or spellings are closest to `text`."""
        choices = {unit_key(alias): e.name for e in self.entries.values() for alias in (e.name, *e.aliases)}
        best = process.extract(unit_key(text), list(choices), scorer=fuzz.WRatio, limit=limit * 4)
        return list(dict.fromkeys(choices[key] for key, _score, _ in best))[:limit]


if __name__ == "__main__":
    PROVINCES_FILE.write_text(
        json.dumps(
            {
                "about": "Written by `python -m dondoc.data.units` from vietnamadminunits.",
                "provinces": provinces_from_package(),
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
