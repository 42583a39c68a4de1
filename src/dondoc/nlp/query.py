"""Reading a question: documents, window, units, frames, state, and the topic words left.

The words come from the vocabulary files (nlp/words/*.toml, see `nlp.vocabulary`); the grammar of dates
from `nlp.periods`; unit names from a matcher the caller builds from the unit registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from dondoc.nlp.abbreviations import fold_aligned
from dondoc.nlp.documents import REFERENCE, document_keys
from dondoc.nlp.periods import find_as_of, find_period
from dondoc.nlp.reading import LocalUnit, Reading
from dondoc.nlp.segment import content_words, filler_words
from dondoc.nlp.text import blank, fold, normalize
from dondoc.nlp.units import UnitMatcher
from dondoc.nlp.vocabulary import Entry, compile_phrase, entries

Span = tuple[int, int]
_WORD = re.compile(r"[0-9a-z]+")
# "3630/VPCP-KSTT": a number and an issuer code, the type unsaid ("Văn bản số 3630/VPCP-KSTT").
_NUMBERED = re.compile(r"(?<![\d/])(\d{1,5})/(?:\d{4}/)?[a-z]")
# Between a document's reference and the body that issued it: "Kế hoạch 308 của Hà Nội".
_OF = re.compile(r"\s*,?\s*(?:cua|do)\s+$")
# Between a coordinating phrase and the coordinators, or between a unit and a frame right after it.
_GAP = re.compile(r"[\s,]*(?:va\s+|,\s*)?$")
# A unit-like phrase or a department may run this many words after its head.
_NAME_WORDS = 8
# "(28/2/2023)", "(ngày 28/2/2023)" right after a document's reference: its date.
_DATED = re.compile(r"(?:\s*\(\s*(?:ngay\s+)?\d{1,2}/\d{1,2}/\d{4}\s*\))?")
# "báo cáo năm 2024", "phụ lục kết quả tháng 01/2024": a report named by its date.
_REPORT_DATE = re.compile(
    r"(?<![0-9a-z])(?:"
    + "|".join(compile_phrase(p) for e in entries("periods", "report_date") for p in e.phrases)
    + r")\s*$"
)


def _report_words(question: _Question, end: int) -> list[Span]:
    """The report words before a report's date ("báo cáo kết quả" of "báo cáo kết quả tháng 01/2024")."""
    m = _REPORT_DATE.search(question.folded[:end])
    return [m.span()] if m else []


def reference_keys(text: str) -> list[str]:
    """Keys of the documents a text names: `document_keys` ("ct-7"), or "so-3630" for a numbered
    document whose type is not said ("Văn bản số 3630/VPCP-KSTT"), so such documents can be asked for too."""
    keys = document_keys(text)
    return keys or [f"so-{int(number)}" for number in dict.fromkeys(_NUMBERED.findall(fold(text)))]


def _spans(found: Iterable[Entry], folded: str, lowered: str) -> list[tuple[Entry, Span]]:
    return [(entry, span) for entry in found for span in entry.spans(folded, lowered)]


def _units(folded: str, matcher: UnitMatcher | None) -> tuple[list[str], list[Span]]:
    """Units named in the (blanked) folded text and their spans, mapped back from unit-key coordinates."""
    if matcher is None:
        return [], []
    words = list(_WORD.finditer(folded))
    keyed = " ".join(m.group(0) for m in words)
    starts = {}
    offset = 0
    for index, m in enumerate(words):
        starts[offset] = index
        offset += len(m.group(0)) + 1
    names, spans = [], []
    for match in matcher.find(keyed):
        first = starts.get(match.start)
        last = first + keyed[match.start : match.end].count(" ") if first is not None else None
        if first is None or last is None:
            continue
        names.append(match.name)
        spans.append((words[first].start(), words[last].end()))
    return names, spans


class _Question:
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
        return _spans(entries(file, table, name), folded, lowered)

    def claim(self, found: Iterable[tuple[Entry, Span]]) -> list[Entry]:
        found = list(found)
        self.taken += [span for _, span in found]
        return [entry for entry, _ in found]

    def words_after(self, start: int, stops: set[int], limit: int = _NAME_WORDS) -> list[re.Match[str]]:
        """The words from `start` that may name a body: up to a claimed span, an ender word, punctuation
        other than "&" and "-", or `limit` words."""
        words: list[re.Match[str]] = []
        for m in _WORD.finditer(self.free()[0], start):
            gap = self.folded[words[-1].end() if words else start : m.start()]
            if words and (m.start() in stops or re.search(r"[^\s&\-.]", gap)):
                break
            words.append(m)
            if len(words) >= limit:
                break
        return words


def _issuers(question: _Question, names: list[str], spans: list[Span], documents: list[Span]) -> list[int]:
    """Indices of the units that follow a document's reference as its issuer ("Kế hoạch 308 của Hà Nội")."""
    return [
        i
        for i, (start, _) in enumerate(spans)
        if any(end <= start and _OF.fullmatch(question.folded[end:start] + " ") for _, end in documents)
    ]


def _local(question: _Question, names: list[str], spans: list[Span], context: bool) -> tuple[list[LocalUnit], set[int]]:
    """A province's bodies named with words the registry does not hold ("Sở KH&CN Hà Nội", "Công an TP Hà Nội"):
    each with the unit named right after it (its province) and the indices of those units.

    Args:
        context: the question names a document or its issuer, which tells whose police "Công an thành phố" is.
    """
    enders = {span[0] for _, span in question.find("units", "ender")}
    found, used = [], set()
    for entry, (start, end) in question.find("units", "local", restored=True):
        words = question.words_after(start, enders)
        stop = max(end, words[-1].end() if words else end)
        following = next(
            (i for i, (s, _) in enumerate(spans) if s >= stop and not question.folded[stop:s].strip()), None
        )
        if following is None and (len(words) < 2 or (entry.values.get("needs_province") and not context)):
            continue
        head = question.written[start:end]
        if fold(head) == head.lower() == "so" and following is None:
            continue  # "so" typed plain is as likely "số" or "sổ": only a province after it makes it a department
        province = names[following] if following is not None else None
        if following is not None:
            used.add(following)
        found.append(LocalUnit(question.spelled[start:stop], province))
        question.taken.append((start, stop))
    return found, used


def _unknown_units(question: _Question, compounds: frozenset[str]) -> list[str]:
    """Unit-like phrases that name no known unit ("Bộ Hàng hải"): a head word and the name after it,
    unless the words are a compound of the reports ("bộ phận một cửa")."""
    enders = {span[0] for _, span in question.find("units", "ender")}
    excluded = [span for _, span in question.find("units", "not_head")]
    phrases = []
    for entry, (start, end) in question.find("units", "head", excluded, restored=True):
        head = question.written[start:end]
        if entry.values.get("needs_marks") and fold(head) == head.lower():
            continue  # "bo" typed plain is as likely "bỏ" as "bộ"
        words = question.words_after(start, enders, 5)
        keys = [w.group(0) for w in words]
        if len(words) < 2 or any(" ".join(keys[:n]) in compounds for n in range(2, len(keys) + 1)):
            continue
        phrases.append(question.spelled[start : words[-1].end()])
        question.taken.append((start, words[-1].end()))
    return phrases


def _frames(question: _Question, unit_spans: list[Span]) -> list[str]:
    """The frames and intents asked (words/frames.toml, words/intents.toml), their words claimed."""
    frames = []
    ends = [end for _, end in unit_spans]
    for entry, span in question.find("frames", "frame"):
        if entry.values.get("after_unit") and not any(
            end <= span[0] and _GAP.fullmatch(question.folded[end : span[0]]) for end in ends
        ):
            continue
        frames.append(entry.name)
        question.taken.append(span)
    return frames + [entry.name for entry in question.claim(question.find("intents", "intent"))]


def _roles(question: _Question, names: list[str], spans: list[Span]) -> tuple[list[str], list[str]]:
    """(lead units, coordinating units): "phối hợp với X" makes X a coordinator; "X phối hợp" without
    "với", the question's one unit."""
    question.claim(question.find("roles", "role", name="lead"))
    coordinating: list[str] = []
    for _, (start, end) in question.find("roles", "role", name="coordinating"):
        question.taken.append((start, end))
        after = [i for i, (s, _) in enumerate(spans) if s >= end and _GAP.fullmatch(question.folded[end:s])]
        chain = _chain(question, spans, after)
        if chain:
            coordinating += [names[i] for i in chain]
        elif len(set(names)) == 1:
            coordinating.append(names[0])
    lead = [name for name in names if name not in coordinating]
    return lead, list(dict.fromkeys(coordinating))


def _chain(question: _Question, spans: list[Span], after: list[int]) -> list[int]:
    """The first unit after a phrase and those listed right after it ("với Bộ Tư pháp, Bộ Y tế")."""
    if not after:
        return []
    chain = [after[0]]
    for i in range(after[0] + 1, len(spans)):
        if not _GAP.fullmatch(question.folded[spans[chain[-1]][1] : spans[i][0]]):
            break
        chain.append(i)
    return chain


def _state(question: _Question, guards: list[Span], reported: bool) -> tuple[str | None, bool, bool, bool]:
    """(status, overdue, pending, verdict) from the state words (words/states.toml); with verdict words
    (words/verdicts.toml), or a report named by its date (`reported`), the state words give the status the
    report wrote."""
    verdicts = question.find("verdicts", "verdict")
    status, overdue, pending = None, False, False
    found = []
    for entry in entries("states", "state"):
        spans = list(entry.spans(*question.free(guards)))
        if spans:
            found.append(entry)
            question.taken += spans
    if not found:
        return None, False, False, False
    if verdicts or reported:
        question.claim(verdicts)
        return str(found[0].values["verdict"]), False, False, True
    for entry in found:
        status = status or entry.values.get("status")
        overdue = overdue or bool(entry.values.get("overdue"))
        pending = pending or bool(entry.values.get("pending"))
    return status, overdue, pending, False


def read_question(
    question: str,
    today: date,
    units: UnitMatcher | None = None,
    restored: str | None = None,
    compounds: frozenset[str] = frozenset(),
) -> Reading:
    """Read a Vietnamese question into filters, frames and topic words.

    Args:
        question: as typed, with or without diacritics.
        today: the day relative windows ("quý này", "sắp đến hạn") and overdue are judged by.
        units: a matcher of unit names and abbreviations (from the unit registry); None finds no units.
        restored: the question with diacritics put back (`Lexicon.restore`), same length once normalised;
            filters are read from the question as typed, topic words from this spelling.
        compounds: folded compound words of the corpus, to tell "co so" (cơ sở) from "co" (có) in an
            unaccented question, and "bộ phận" from a ministry.

    Returns:
        The reading. Nothing here raises: an empty question reads as no filter and no topic.
    """
    written = normalize(question)
    if len(fold_aligned(written)) != len(written):  # positions must line up; NFC Vietnamese always does
        written = fold(written)
    spelled = normalize(restored) if restored else written
    q = _Question(written, spelled if len(spelled) == len(written) else written)

    doc_spans = [
        (m.start(), _DATED.match(q.folded, m.end()).end())  # type: ignore[union-attr]
        for m in REFERENCE.finditer(q.folded)
        if reference_keys(written[m.start() : m.end()])
    ]
    documents = tuple(dict.fromkeys(key for s, e in doc_spans for key in reference_keys(written[s:e])))
    q.taken += doc_spans
    as_of = find_as_of(blank(written, q.taken), today)
    if as_of:
        q.taken.append(as_of.span)
    reported_in, period = None, find_period(blank(written, q.taken), today)
    if period and _REPORT_DATE.search(q.folded[: period.span[0]]):
        # "theo báo cáo năm 2024": the report's date, not a deadline; a deadline may still follow.
        reported_in, q.taken = period, [*q.taken, *period.spans, *_report_words(q, period.span[0])]
        period = find_period(blank(written, q.taken), today)
    if period:
        q.taken += period.spans

    guards = [span for _, span in q.find("states", "guard")]
    names, unit_spans = _units(q.free()[0], units)
    q.taken += unit_spans
    issuers = _issuers(q, names, unit_spans, doc_spans)
    frames = _frames(q, unit_spans)
    status, overdue, pending, verdict = _state(q, guards, reported_in is not None)
    pending = pending or (period is not None and period.kind == "soon")
    local, used = _local(q, names, unit_spans, bool(documents or issuers))
    unknown = [] if names or local else _unknown_units(q, compounds)
    kept = [i for i in range(len(names)) if i not in used and i not in issuers]
    lead, coordinating = _roles(q, [names[i] for i in kept], [unit_spans[i] for i in kept])

    spans = list(_WORD.finditer(q.free()[0]))
    remaining = [q.spelled[m.start() : m.end()] for m in spans]
    typed = [written[m.start() : m.end()] for m in spans]
    topic = content_words(remaining, typed, compounds)
    filler = filler_words(topic)
    return Reading(
        text=written,
        units=tuple(dict.fromkeys(lead)),
        coordinating=tuple(coordinating),
        local=tuple(local),
        issuers=tuple(dict.fromkeys(names[i] for i in issuers)),
        status=status,
        verdict=verdict,
        overdue=overdue,
        pending=pending,
        period=period,
        reported_in=reported_in,
        as_of=as_of.day if as_of else None,
        documents=documents,
        topic=" ".join(topic),
        key_words=tuple(word for word, fill in zip(topic, filler, strict=True) if not fill),
        frames=tuple(dict.fromkeys(frames)),
        not_found=tuple(unknown),
    )
