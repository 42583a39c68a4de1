"""The question vocabulary as data: the entries of nlp/words/*.toml, each phrase list compiled to one pattern.

A phrase is written as officials type it, with diacritics, in a small grammar: words separated by spaces,
"(a|b c)" for alternatives, "?" after a group for an optional one, "#" for a number. It matches with or
without diacritics; a word typed WITH diacritics must carry the same marks as the phrase's word ("chấm" is
no "chậm", "trẻ" no "trễ"), wherever the tone mark sits ("hòan" is "hoàn"). Typos are not listed: what
folding does not absorb is left to the fuzzy unit matching and to the topic search.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import product
from typing import Any

from dondoc.nlp.abbreviations import fold_aligned
from dondoc.nlp.text import normalize

_GRAMMAR = frozenset("()|?")
_WORD = re.compile(r"[0-9a-zà-ỹđ]+")


def _marks(word: str) -> str:
    """The diacritics of a lower-case word, sorted, wherever they sit ("hòan" and "hoàn" give the same)."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(sorted(c for c in decomposed if unicodedata.combining(c))) + ("đ" * word.count("đ"))


def compile_phrase(phrase: str) -> str:
    """The regular expression of one phrase, on folded text ("(bị )?quá hạn" -> r"(?:bi\\s+)?qua\\s+han")."""
    folded = fold_aligned(normalize(phrase))
    out = []
    for char in folded:
        if char == "(":
            out.append("(?:")
        elif char == " ":
            out.append(r"\s+")
        elif char == "#":
            out.append(r"\d{1,4}")
        elif char == ",":
            out.append(",?")  # a comma may or may not be typed
        elif char in _GRAMMAR:
            out.append(char)
        else:
            out.append(re.escape(char))
    return "".join(out)


def expand_phrase(phrase: str, limit: int = 64) -> list[str]:
    """The word sequences a phrase stands for ("(bị )?quá hạn" -> ["bị quá hạn", "quá hạn"]), at most `limit`."""
    parts: list[list[str]] = []
    pattern = re.compile(r"\(([^()]*)\)(\?)?|([^()]+)")
    for m in pattern.finditer(normalize(phrase).lower()):
        if m[3] is not None:
            parts.append([m[3]])
        else:
            parts.append(m[1].split("|") + ([""] if m[2] else []))
    phrases = []
    for combination in product(*parts):
        phrases.append(" ".join("".join(combination).split()))
        if len(phrases) >= limit:
            break
    return [p for p in dict.fromkeys(phrases) if p]


@dataclass(frozen=True)
class Example:
    """An example question of an entry and what reading it must give (the entry's own meaning when empty)."""

    q: str
    expect: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    """One vocabulary entry: its name, what it sets, its phrases and its example questions.

    Attributes:
        table: the kind of entry (the TOML table: "state", "frame", "intent", "verdict", "role", "stop", …).
        name: what it means ("overdue", "own", "count", …).
        values: the entry's other fields ("status", "overdue", "step", …).
        phrases: as written in the file.
        examples: questions that must read as the entry says (tests/nlp/test_vocabulary.py).
    """

    table: str
    name: str
    values: Mapping[str, Any]
    phrases: tuple[str, ...]
    examples: tuple[Example, ...]

    @property
    def pattern(self) -> re.Pattern[str]:
        return _pattern(self.phrases)

    def spans(self, folded: str, written: str) -> Iterator[tuple[int, int]]:
        """Where the entry's phrases stand in `folded` (the folded form of `written`, same length), whole words,
        with the marks of every accented word in `written` matching the phrase's."""
        allowed = _allowed_marks(self.phrases)
        for m in self.pattern.finditer(folded):
            if m.start() == m.end():
                continue
            typed = written[m.start() : m.end()].lower()
            if all(
                fold_aligned(word) == word or _marks(word) in allowed.get(fold_aligned(word), {_marks(word)})
                for word in _WORD.findall(typed)
            ):
                yield m.span()

    def words(self) -> list[str]:
        """Every word sequence of the entry's phrases, for learning their spellings."""
        return [text for phrase in self.phrases for text in expand_phrase(phrase)]


@cache
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(phrases, key=len, reverse=True)
    body = "|".join(compile_phrase(p) for p in ordered)
    return re.compile(r"(?<![0-9a-z])(?:" + body + r")(?![0-9a-z])")


@cache
def _allowed_marks(phrases: tuple[str, ...]) -> dict[str, frozenset[str]]:
    allowed: dict[str, set[str]] = {}
    for phrase in phrases:
        for word in _WORD.findall(normalize(phrase).lower()):
            allowed.setdefault(fold_aligned(word), set()).add(_marks(word))
    return {key: frozenset(marks) for key, marks in allowed.items()}


def _examples(raw: list[Any]) -> tuple[Example, ...]:
    out = []
    for item in raw:
        if isinstance(item, str):
            out.append(Example(item))
        else:
            out.append(Example(item["q"], {k: v for k, v in item.items() if k != "q"}))
    return tuple(out)


@cache
def vocabulary(name: str) -> tuple[Entry, ...]:
    """The entries of nlp/words/`name`.toml, in file order (earlier entries claim their words first).

    Raises:
        ValueError: an entry has no phrase or no example question.
    """
    raw = tomllib.loads(resources.files("dondoc.nlp").joinpath(f"words/{name}.toml").read_text(encoding="utf-8"))
    entries = []
    for table, items in raw.items():
        if not isinstance(items, list):
            continue
        for item in items:
            if not item.get("phrases") or not item.get("examples"):
                raise ValueError(f"{name}.toml: entry {item.get('name')!r} needs phrases and examples")
            values = {k: v for k, v in item.items() if k not in ("name", "phrases", "examples")}
            entries.append(
                Entry(table, item.get("name", table), values, tuple(item["phrases"]), _examples(item["examples"]))
            )
    return tuple(entries)


def entries(file: str, table: str, name: str | None = None) -> tuple[Entry, ...]:
    """The entries of one table of a vocabulary file (those called `name`, when given)."""
    return tuple(e for e in vocabulary(file) if e.table == table and (name is None or e.name == name))


VOCABULARY_FILES = ("states", "verdicts", "frames", "intents", "roles", "units", "periods", "stop")


def all_entries() -> list[Entry]:
    """Every entry of every vocabulary file."""
    return [entry for name in VOCABULARY_FILES for entry in vocabulary(name)]
