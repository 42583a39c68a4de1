"""Reading a question with the unit registry and the corpus lexicon: filters, topic, unknown units."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from dondoc.data.units import UnitRegistry
from dondoc.index.answer import Understood
from dondoc.nlp.query import ParsedQuestion, parse_question
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
    """Units as questions name them: full names, abbreviations, old names, unambiguous short forms."""
    aliases = {alias: e.name for e in registry.entries.values() for alias in (e.name, *e.aliases)}
    return UnitMatcher({**_prefix_aliases(registry), **aliases})


@dataclass(frozen=True)
class Reading:
    """A question read: its parse, the contract's Understood, and an unknown unit with suggestions if any."""

    parsed: ParsedQuestion
    understood: Understood
    unknown_unit: str | None = None
    suggestions: tuple[str, ...] = ()

    @property
    def grain(self) -> str | None:
        """The period kind that ranks a task first when its own deadline has it (closed windows only)."""
        period = self.parsed.period
        return period.kind if period and period.start and period.end else None


class QuestionReader:
    """Reads questions against one registry and lexicon (both fixed for the reader's life)."""

    def __init__(self, registry: UnitRegistry, lexicon: Lexicon) -> None:
        self.registry = registry
        self.lexicon = lexicon
        self.matcher = question_matcher(registry)
        self._choices = {unit_key(a): e.name for e in registry.entries.values() for a in (e.name, *e.aliases)}

    def restore(self, question: str) -> str | None:
        """The question with diacritics put back when it was typed (mostly) without them."""
        words = question.split()
        plain = sum(1 for w in words if fold(w) == w.lower())
        return self.lexicon.restore(question) if words and plain / len(words) >= _UNACCENTED else None

    def read(self, question: str, today: date) -> Reading:
        restored = self.restore(question)
        parsed = parse_question(question, today, self.matcher, restored=restored, compounds=self.lexicon.compounds)
        period = parsed.period
        understood = Understood(
            units=parsed.units,
            status=parsed.status,
            overdue=parsed.overdue,
            due_from=period.start.isoformat() if period and period.start else None,
            due_to=period.end.isoformat() if period and period.end else None,
            documents=parsed.documents,
            topic=parsed.topic,
            pending=parsed.pending,
            as_of=parsed.as_of.isoformat() if parsed.as_of else None,
        )
        for phrase in parsed.unit_phrases:
            suggestions = self.suggest(phrase)
            if suggestions:
                return Reading(parsed, understood, phrase, tuple(suggestions))
            # "Bộ Hàng hải còn chậm gì?": no unit is close, but the phrase is all the question names and
            # it is no word of the reports ("bộ phận một cửa" is).
            words = unit_key(phrase).split()
            if set(fold(parsed.topic).split()) <= set(words) and " ".join(words[:2]) not in self.lexicon.compounds:
                return Reading(parsed, understood, phrase, ())
        return Reading(parsed, understood)

    def parents(self, units: tuple[str, ...]) -> tuple[str, ...]:
        """The units `units` report to (a city department -> its city), for widening a search."""
        parents = (self.registry.entries[u].parent for u in units if u in self.registry.entries)
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
