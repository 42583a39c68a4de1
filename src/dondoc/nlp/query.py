"""Reading a question: documents, window, units, frames, state, and the topic words left.

The words come from the vocabulary files (nlp/words/*.toml, see `nlp.vocabulary`); the grammar of dates
from `nlp.periods`; unit names from a matcher the caller builds from the unit registry.
"""

from __future__ import annotations

import re
from datetime import date

from dondoc.nlp.abbreviations import fold_aligned
from dondoc.nlp.documents import REFERENCE, document_keys
from dondoc.nlp.periods import find_as_of, find_period
from dondoc.nlp.query_units import GAP, issuer_units, local_units, unit_roles, units_named, unknown_units
from dondoc.nlp.question_text import WORD, QuestionText, Span
from dondoc.nlp.reading import Reading
from dondoc.nlp.segment import content_words, filler_words
from dondoc.nlp.text import blank, fold, normalize
from dondoc.nlp.units import UnitMatcher
from dondoc.nlp.vocabulary import compile_phrase, entries

# "3630/VPCP-KSTT": a number and an issuer code, the type unsaid ("Văn bản số 3630/VPCP-KSTT").
_NUMBERED = re.compile(r"(?<![\d/])(\d{1,5})/(?:\d{4}/)?[a-z]")
# Right after a document's reference, its date: "(28/2/2023)", "(ngày 28/2/2023)", "hồi tháng 3/2024", "ngày
# 14/3/2025", "năm 2024".
_DATED = re.compile(
    r"(?:\s*\(\s*(?:ngay\s+)?\d{1,2}/\d{1,2}/\d{4}\s*\)"
    r"|\s+(?:(?:hoi|ngay|ban hanh(?: ngay)?)\s+)?(?:(?:thang|nam)\s+)?(?:\d{1,2}/){0,2}\d{4}(?![\d/]))?"
)
# "báo cáo năm 2024", "phụ lục kết quả tháng 01/2024": a report named by its date.
_REPORT_DATE = re.compile(
    r"(?<![0-9a-z])(?:"
    + "|".join(compile_phrase(p) for e in entries("periods", "report_date") for p in e.phrases)
    + r")\s*$"
)

_REPORT_DAY = entries("periods", "report_day")[0]
# "Công điện về mưa lũ ngày 16/11/2025": a document's kind, a few words that set no deadline, then its day.
_REPORT_DAY_BEFORE = re.compile(
    _REPORT_DAY.pattern.pattern
    + r"(?:\s+(?!(?:"
    + "|".join(compile_phrase(p) for p in _REPORT_DAY.values["not_between"])
    + r")(?![0-9a-z]))[^\s]+){0,10}?\s*$"
)


def _report_words(question: QuestionText, end: int) -> list[Span] | None:
    """The words naming the report whose date starts at `end` ("báo cáo kết quả" of "báo cáo kết quả tháng
    01/2024", "Công điện" of "Công điện về mưa lũ ngày 16/11/2025"); None when that date is no report's."""
    before = question.folded[:end]
    if m := _REPORT_DATE.search(before):
        return [m.span()]
    if m := _REPORT_DAY_BEFORE.search(before):
        return [_REPORT_DAY.pattern.match(question.folded, m.start()).span()]  # type: ignore[union-attr]
    return None


def reference_keys(text: str) -> list[str]:
    """Keys of the documents a text names: `document_keys` ("ct-7"), or "so-3630" for a numbered
    document whose type is not said ("Văn bản số 3630/VPCP-KSTT"), so such documents can be asked for too."""
    keys = document_keys(text)
    return keys or [f"so-{int(number)}" for number in dict.fromkeys(_NUMBERED.findall(fold(text)))]


def _frames(question: QuestionText, spans: list[Span]) -> list[str]:
    """The frames and intents asked (words/frames.toml, words/intents.toml), their words claimed."""
    frames = []
    ends = [end for _, end in spans]
    for entry, span in question.find("frames", "frame"):
        if entry.values.get("after_unit") and not any(
            end <= span[0] and GAP.fullmatch(question.folded[end : span[0]]) for end in ends
        ):
            continue
        frames.append(entry.name)
        question.taken.append(span)
    return frames + [entry.name for entry in question.claim(question.find("intents", "intent"))]


def _state(question: QuestionText, guards: list[Span], reported: bool) -> tuple[str | None, bool, bool, bool]:
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
    q = QuestionText(written, spelled if len(spelled) == len(written) else written)

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
    report_words = _report_words(q, period.span[0]) if period else None
    if period and report_words is not None:
        # "theo báo cáo năm 2024": the report's date, not a deadline; a deadline may still follow.
        reported_in, q.taken = period, [*q.taken, *period.spans, *report_words]
        period = find_period(blank(written, q.taken), today)
    if period:
        q.taken += period.spans

    guards = [span for _, span in q.find("states", "guard")]
    names, unit_spans = units_named(q.free()[0], units)
    q.taken += unit_spans
    issuers = issuer_units(q, names, unit_spans, doc_spans)
    frames = _frames(q, unit_spans)
    status, overdue, pending, verdict = _state(q, guards, reported_in is not None)
    pending = pending or (period is not None and period.kind == "soon")
    local, used = local_units(q, names, unit_spans, bool(documents or issuers))
    unknown = [] if names or local else unknown_units(q, compounds)
    kept = [i for i in range(len(names)) if i not in used and i not in issuers]
    lead, coordinating = unit_roles(q, [names[i] for i in kept], [unit_spans[i] for i in kept])

    spans = list(WORD.finditer(q.free()[0]))
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
