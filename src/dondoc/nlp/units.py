"""Finding unit names in text (unit cells and questions) and telling lead units from coordinators."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from dondoc.nlp.text import fold, normalize

_NON_WORD = re.compile(r"[^0-9a-z]+")
_PARENTHESES = re.compile(r"\([^()]*\)")
# "X chủ trì, Y phối hợp" and "X phối hợp (với) Y": where the lead part of a unit cell ends.
_LEAD_MARK = re.compile(r"\bchu\s+tri\b")
_COORD_MARK = re.compile(r"\bphoi\s+hop(?:\s+voi)?\b")


def unit_key(text: str) -> str:
    """Accent-folded, punctuation-free form: "Bộ LĐ-TB&XH" and "bo ld tb xh" meet here."""
    return _NON_WORD.sub(" ", fold(text)).strip()


@dataclass(frozen=True)
class UnitMatch:
    """A unit named in a text: its canonical name and where the name stands in the keyed text."""

    name: str
    start: int
    end: int


class UnitMatcher:
    """Finds the longest non-overlapping unit names in a text, as whole words.

    Args:
        aliases: spelling as written -> canonical unit name.
    """

    def __init__(self, aliases: Mapping[str, str]) -> None:
        self._by_key: dict[str, str] = {}
        for alias, name in aliases.items():
            key = unit_key(alias)
            if key:
                self._by_key.setdefault(key, name)
        keys = sorted(self._by_key, key=len, reverse=True)
        self._pattern = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")\b") if keys else None

    def find(self, text: str) -> list[UnitMatch]:
        """Every unit named in `text`, in order of appearance, each canonical name once."""
        if not self._pattern:
            return []
        seen: set[str] = set()
        found = []
        for m in self._pattern.finditer(unit_key(text)):
            name = self._by_key[m.group(0)]
            if name not in seen:
                seen.add(name)
                found.append(UnitMatch(name, m.start(), m.end()))
        return found


_CLAUSE_END = re.compile(r"[;.:(]")


def partners_named(text: str) -> str:
    """What a task's text says it works with: "Chủ trì, phối hợp với Bộ Tài chính và các bộ …; …" -> "Bộ Tài
    chính và các bộ …", up to the clause's end ("" when it names no partner)."""
    found = _COORD_MARK.search(fold(normalize(text)))
    if not found:
        return ""
    rest = normalize(text)[found.end() :]
    end = _CLAUSE_END.search(rest)
    return rest[: end.start() if end else 150][:150]


def split_roles(cell: str) -> tuple[str, str]:
    """Split a unit cell into its lead part and its coordinating part.

    Parenthetical notes ("(Nhiệm vụ của Bộ … chuyển sang)", "(nay là …)") are dropped first:
    they name where a task came from, not who does it. Both parts keep their punctuation.
    """
    text = normalize(_PARENTHESES.sub(" ", cell))
    folded = fold(text)  # same length as `text`, so match positions slice the original
    for mark in (_LEAD_MARK, _COORD_MARK):
        found = mark.search(folded)
        if found:
            return text[: found.start()], text[found.end() :]
    return text, ""
