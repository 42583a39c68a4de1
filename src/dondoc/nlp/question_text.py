"""A question being read: its spellings aligned character for character, and the spans claimed so far."""

from __future__ import annotations

import re
from collections.abc import Iterable

from dondoc.nlp.abbreviations import fold_aligned
from dondoc.nlp.text import blank
from dondoc.nlp.vocabulary import Entry, entries

Span = tuple[int, int]
WORD = re.compile(r"[0-9a-z]+")
# A unit-like phrase or a department may run this many words after its head.
NAME_WORDS = 8


def entry_spans(found: Iterable[Entry], folded: str, lowered: str) -> list[tuple[Entry, Span]]:
    """Where each of the entries' phrases stands in the folded text (diacritics checked on `lowered`)."""
    return [(entry, span) for entry in found for span in entry.spans(folded, lowered)]


class QuestionText:
    """The question's three aligned spellings and the spans claimed so far."""

    def __init__(self, written: str, spelled: str) -> None:
        self.written = written
        self.spelled = spelled
        self.folded = fold_aligned(written)
        lowered = written.lower()
        self.lowered = lowered if len(lowered) == len(written) else self.folded
        # The heads of names are checked on the restored spelling: "may tinh tien" is "máy tính tiền", no "tỉnh".
        restored = spelled.lower()
        self.restored = restored if len(restored) == len(written) else self.lowered
        self.taken: list[Span] = []

    def free(self, extra: Iterable[Span] = ()) -> tuple[str, str]:
        """The folded and lower-case text with the claimed spans (and `extra`) blanked."""
        spans = [*self.taken, *extra]
        return blank(self.folded, spans), blank(self.lowered, spans)

    def find(
        self, file: str, table: str, extra: Iterable[Span] = (), name: str | None = None, restored: bool = False
    ) -> list[tuple[Entry, Span]]:
        """Where the entries of a vocabulary table stand in the text not claimed yet (diacritics checked on
        the question as typed, or as restored)."""
        folded, lowered = self.free(extra)
        if restored:
            lowered = blank(self.restored, [*self.taken, *extra])
        return entry_spans(entries(file, table, name), folded, lowered)

    def claim(self, found: Iterable[tuple[Entry, Span]]) -> list[Entry]:
        found = list(found)
        self.taken += [span for _, span in found]
        return [entry for entry, _ in found]

    def words_after(self, start: int, stops: set[int], limit: int = NAME_WORDS) -> list[re.Match[str]]:
        """The words from `start` that may name a body: up to a claimed span, an ender word, punctuation
        other than "&" and "-", or `limit` words."""
        words: list[re.Match[str]] = []
        for m in WORD.finditer(self.free()[0], start):
            gap = self.folded[words[-1].end() if words else start : m.start()]
            if words and (m.start() in stops or re.search(r"[^\s&\-.]", gap)):
                break
            words.append(m)
            if len(words) >= limit:
                break
        return words
