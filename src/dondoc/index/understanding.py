"""Reading a question against what the index knows: the unit registry, the stored reports and their units,
the corpus lexicon and how much each word tells in it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from datetime import date

from rapidfuzz import fuzz

from dondoc.data.units import UnitRegistry
from dondoc.index.local_units import LocalUnits, strip_province_words
from dondoc.nlp.query import read_question
from dondoc.nlp.reading import Reading
from dondoc.nlp.segment import Lexicon
from dondoc.nlp.text import fold
from dondoc.nlp.units import UnitMatcher, unit_key

# A unit-like phrase this close to a unit name was meant as a unit (and the question gets suggestions).
UNIT_LIKE_SCORE = 85
# Share of a question's words typed without diacritics above which they are put back before reading.
_UNACCENTED = 0.8


def _prefix_aliases(registry: UnitRegistry) -> dict[str, str]:
    """Short forms officials type: "Bộ Giao thông" for "Bộ Giao thông vận tải", when only one unit starts so."""
    owners: dict[str, set[str]] = {}
    for entry in registry.entries.values():
        words = entry.name.split()
        if entry.kind != "ministry" or len(words) < 4:
            continue
        for n in range(3, len(words)):
            owners.setdefault(" ".join(words[:n]).rstrip(","), set()).add(entry.name)
    taken = {unit_key(a) for e in registry.entries.values() for a in (e.name, *e.aliases)}
    return {
        prefix: next(iter(names))
        for prefix, names in owners.items()
        if len(names) == 1 and unit_key(prefix) not in taken
    }


def question_matcher(registry: UnitRegistry) -> UnitMatcher:
    """Units as questions name them: full names, abbreviations, old names, unambiguous short forms.

    A department's spelling that ends with a bare "Thành phố" ("Sở Y tế Thành phố", written so in its
    city's report) is left out: in a question the city is named, and `LocalUnits` finds the department.
    """
    aliases = {
        alias: e.name
        for e in registry.entries.values()
        for alias in (e.name, *e.aliases)
        if e.kind != "department" or strip_province_words(unit_key(alias)) == unit_key(alias)
    }
    return UnitMatcher({**_prefix_aliases(registry), **aliases})


class QuestionReader:
    """Reads questions against one registry, lexicon and set of stored units (fixed for the reader's life).

    Args:
        registry: the unit registry.
        lexicon: the corpus lexicon (diacritics, compound words).
        local: the province bodies of the stored reports (`TaskCatalog.local`).
        telling: whether a topic word tells something in this corpus (not a word nearly every task holds).
        units_of: the units of the documents given by key, to tell which of several same-named province
            bodies a question naming a document means.
    """

    def __init__(
        self,
        registry: UnitRegistry,
        lexicon: Lexicon,
        local: LocalUnits | None = None,
        telling: Callable[[str], bool] | None = None,
        units_of: Callable[[tuple[str, ...]], Collection[str]] | None = None,
    ) -> None:
        self.registry = registry
        self.lexicon = lexicon
        self.local = local
        self.telling = telling
        self.units_of = units_of
        self.matcher = question_matcher(registry)
        self._choices = {unit_key(a): e.name for e in registry.entries.values() for a in (e.name, *e.aliases)}

    def restore(self, question: str) -> str | None:
        """The question with diacritics put back when it was typed (mostly) without them."""
        words = question.split()
        plain = sum(1 for w in words if fold(w) == w.lower())
        return self.lexicon.restore(question) if words and plain / len(words) >= _UNACCENTED else None

    def read(self, question: str, today: date) -> Reading:
        """The question read, its units resolved against the registry and the stored reports."""
        reading = read_question(
            question, today, self.matcher, restored=self.restore(question), compounds=self.lexicon.compounds
        )
        if reading.not_found:  # a unit-like phrase no unit is called: the registry's closest names
            reading = dataclasses.replace(reading, suggestions=tuple(self.suggest(reading.not_found[0])))
        reading = self._former(reading)
        among = self.units_of(reading.documents) if self.units_of and reading.documents else None
        reading = self._local(reading, among or None)
        reading = self._rehomed(reading, among or None)
        if self.telling is not None and reading.key_words:
            reading = dataclasses.replace(reading, key_words=tuple(w for w in reading.key_words if self.telling(w)))
        return reading

    def _former(self, reading: Reading) -> Reading:
        """ "Bộ X cũ nay Bộ Y", "Bộ Y hồi còn là Bộ X": the old body's own tasks."""
        if not reading.asks("former") or not reading.units:
            return reading
        old = [u for u in reading.units if self.registry.current_of(u) != u]
        if not old:
            old = [f for u in reading.units for f in self.registry.former_names(u)]
        if not old:
            return reading
        renamed = tuple((u, self.registry.current_of(u)) for u in old)
        return dataclasses.replace(reading, units=tuple(old), renamed=renamed)

    def _local(self, reading: Reading, among: Collection[str] | None) -> Reading:
        """A province's body ("Sở KH&CN Hà Nội") as the stored reports name it; a body not found is said
        so, and the question falls back on its province."""
        if not reading.local or self.local is None:
            return reading
        units, not_found = list(reading.units), list(reading.not_found)
        provinces = [u for u in reading.issuers if self._kind(u) == "province"]
        for local in reading.local:
            province = local.province if local.province and self._kind(local.province) == "province" else None
            province = province or (provinces[0] if provinces else None)
            found = self.local.find(local.phrase, province, among)
            if found:  # several provinces' bodies of that name, when none is said: all of them
                units += found
            else:
                not_found.append(f"{local.phrase} {self._short(province)}".strip())
                units += [province] if province else []
        return dataclasses.replace(reading, units=tuple(dict.fromkeys(units)), not_found=tuple(not_found))

    def _rehomed(self, reading: Reading, among: Collection[str] | None) -> Reading:
        """A department the registry knows in one city, asked about in another's document ("KH 308 của HN giao
        CATP …": Hà Nội's police, not Hồ Chí Minh City's): the named province's body of that name, when stored."""
        named = {u for u in (*reading.issuers, *reading.units) if self._kind(u) == "province"}
        if len(named) != 1 or self.local is None:
            return reading
        province = named.pop()
        units = []
        for unit in reading.units:
            entry = self.registry.entries.get(unit)
            moved = []
            if entry and entry.kind == "department" and entry.parent not in (None, province):
                moved = self.local.find(unit, province, among)
            units += moved or [unit]
        return dataclasses.replace(reading, units=tuple(dict.fromkeys(units)))

    def _kind(self, name: str) -> str:
        entry = self.registry.entries.get(name)
        return entry.kind if entry else "other"

    def _short(self, province: str | None) -> str:
        entry = self.registry.entries.get(province or "")
        return entry.aliases[1] if entry and len(entry.aliases) > 1 else province or ""

    def parents(self, units: tuple[str, ...]) -> tuple[str, ...]:
        """The units `units` report to (a city department -> its city), for widening a search."""
        parents = []
        for unit in units:
            entry = self.registry.entries.get(unit)
            parents.append(entry.parent if entry else self.local.parent(unit) if self.local else None)
        return tuple(dict.fromkeys(p for p in parents if p))

    def suggest(self, phrase: str, limit: int = 4) -> list[str]:
        """Units whose names are close to `phrase`; empty when none is close enough to have been meant.

        The phrase's first words must nearly spell the first words of a real unit name with the same
        head ("Bộ Giao thông" ~ "Bộ Giao thông vận tải"), so "bộ phận", "cán bộ ngồi" or "bộ chỉ số"
        never count as units.
        """
        words = unit_key(phrase).split()
        if len(words) < 2:
            return []
        scored: dict[str, float] = {}
        for key, name in self._choices.items():
            target = key.split()
            if target[0] != words[0] or len(target) < 2:
                continue
            n = min(len(words), len(target), 3)
            score = fuzz.ratio(" ".join(words[:n]), " ".join(target[:n]))
            if score >= UNIT_LIKE_SCORE:
                scored[name] = max(scored.get(name, 0.0), score)
        return sorted(scored, key=lambda name: -scored[name])[:limit]
