"""Query understanding: units, status intent, due window, directing documents and the topic words of a question."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dondoc.nlp.documents import REFERENCE, document_keys
from dondoc.nlp.periods import Period, find_as_of, find_period
from dondoc.nlp.segment import content_words, word_list
from dondoc.nlp.text import blank, fold, normalize
from dondoc.nlp.units import UnitMatcher

# Status intents, checked on folded text; each maps to (status, overdue, pending). A pattern's group 1,
# when present, must be written as one of `_AMBIGUOUS` allows: "trẻ em" is no "trễ", "muốn" no "muộn".
_INTENTS: list[tuple[re.Pattern[str], str | None, bool, bool]] = [
    (re.compile(r"\bchua\s+co\s+(?:bao\s+cao|ket\s+qua)\b"), "unknown", False, False),
    (
        re.compile(
            r"\b(?:bi\s+)?(?:qua|tre|lo|tre\s+qua)\s+(?:thoi\s+)?(?:han|hen|deadline)\b|\bda\s+het\s+han\b"
            r"|\bchua\s+(?:(?:duoc\s+)?(?:hoan\s+thanh|xong)\s+)?dung\s+han\b"
        ),
        None,
        True,
        False,
    ),
    (
        re.compile(
            r"\b(?:con\s+|bi\s+|dang\s+|van\s+)?(cham|tre)(?:\s+(?:tien\s+do|muon|tre|han|hen|trien\s+khai))?\b"
            r"(?!\s+(?:nhat|soc|em|nho|chi|con|lo))"
        ),
        None,
        True,
        False,
    ),
    (re.compile(r"\bton\s+dong\b|\bno\s+dong\b"), None, True, False),
    (
        re.compile(
            r"\bchua\s+(?:duoc\s+)?(?:hoan\s+thanh|xong|lam|thuc\s+hien|giai\s+quyet)\b"
            r"|\bcon\s+dang\s+do\b|\bdo\s+dang\b|\bchua\s+lam\s+xong\b"
        ),
        None,  # every task not finished: not done, in progress, no report yet (not recurring)
        False,
        True,
    ),
    (
        re.compile(
            r"\b(?:da|duoc)\s+(?:hoan\s+thanh|xong|lam\s+xong|thuc\s+hien\s+xong)\b"
            r"|\b(?:hoan\s+thanh|xong)\s+(?:roi|dung\s+han)\b"
        ),
        "done",
        False,
        False,
    ),
    (
        re.compile(r"\b(?:dang|van\s+dang|con\s+dang)\s+(?:lam|thuc\s+hien|trien\s+khai|xu\s+ly|tien\s+hanh)\b"),
        "in_progress",
        False,
        False,
    ),
    (re.compile(r"\b(?:nhiem\s+vu|viec|cong\s+viec)\s+(?:thuc\s+hien\s+)?thuong\s+xuyen\b"), "recurring", False, False),
]
_AMBIGUOUS = {"cham": {"chậm", "cham"}, "tre": {"trễ", "tre"}}
_WORD = re.compile(r"[0-9a-z]+")
# "3630/VPCP-KSTT": a number and an issuer code, the type unsaid ("Văn bản số 3630/VPCP-KSTT").
_NUMBERED = re.compile(r"(?<![\d/])(\d{1,5})/(?:\d{4}/)?[a-z]")


def reference_keys(text: str) -> list[str]:
    """Keys of the documents a text names: `document_keys` ("ct-7"), or "so-3630" for a numbered
    document whose type is not said ("Văn bản số 3630/VPCP-KSTT"), so such documents can be asked for too."""
    keys = document_keys(text)
    return keys or [f"so-{int(number)}" for number in dict.fromkeys(_NUMBERED.findall(fold(text)))]


@dataclass(frozen=True)
class ParsedQuestion:
    """What a question asks for, as exact filters plus the words left to rank by.

    Attributes:
        text: the question, normalised.
        units: canonical unit names the question names (old and new names alike).
        unit_phrases: unit-like phrases ("Bộ Giao thông") that named no known unit: candidates for suggestions.
        status: done | not_done | in_progress | recurring | unknown, when the question asks for one.
        overdue: "còn chậm", "quá hạn": past due and not finished as of today.
        pending: not finished yet, whatever the date ("sắp đến hạn", "cần làm tới").
        period: the due-date window, if any.
        as_of: the day the question judges by ("tính đến 01/3/2023"), when it names one.
        documents: document keys ("ct-7", "tb-487") of the directing documents it names.
        topic: the remaining words, as written, in order.
        topic_words: how many of those are content words (not question wording).
    """

    text: str
    units: tuple[str, ...] = ()
    unit_phrases: tuple[str, ...] = ()
    status: str | None = None
    overdue: bool = False
    pending: bool = False
    period: Period | None = None
    as_of: date | None = None
    documents: tuple[str, ...] = ()
    topic: str = ""
    topic_words: int = 0

    @property
    def has_filters(self) -> bool:
        return bool(self.units or self.status or self.overdue or self.pending or self.period or self.documents)

    @property
    def listing(self) -> bool:
        """A "which tasks of X are late" question: filters only, so every matching task is the answer."""
        return self.has_filters and self.topic_words == 0


def _units(folded: str, matcher: UnitMatcher | None) -> tuple[list[str], list[tuple[int, int]]]:
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


_UNIT_LIKE = re.compile(r"\b(?:bo|ubnd|uy\s+ban\s+nhan\s+dan|tinh|thanh\s+pho|tp)\s+((?:[a-z]+\s*){1,4})")
_UNIT_HEADS = {"bo": "bộ", "tinh": "tỉnh"}
# Words that end a unit's name in a question ("Bộ Giao thông còn chậm gì").
_AFTER_UNIT = frozenset(word_list("con|co|da|dang|chua|nhung|nao|gi|lam|duoc|la|ve|phai|trong|cac|thi|bi|can|se"))


def _unit_phrases(written: str, folded: str) -> list[str]:
    """Unit-like phrases left after known units are removed: "Bộ Giao thông" in "Bộ Giao thông còn chậm gì".

    The caller decides, by similarity to real unit names, whether one is meant.
    """
    phrases = []
    for m in _UNIT_LIKE.finditer(folded):
        before = folded[: m.start()].split()[-1:]
        if before and before[0] in ("can", "toan", "mot"):
            continue  # "cán bộ", "toàn bộ", "một bộ": not a ministry
        head = written[m.start() : m.end()].split()[0].lower()
        if fold(head) in _UNIT_HEADS and fold(head) != head and head != _UNIT_HEADS[fold(head)]:
            continue  # "bổ sung", "tình hình": accented, and not "bộ"/"tỉnh"
        words = [w for w in _WORD.finditer(folded, m.start(), m.end())]
        kept = words[:1]
        for w in words[1:]:
            if w.group(0) in _AFTER_UNIT:
                break
            kept.append(w)
        if len(kept) >= 2:
            phrases.append(written[kept[0].start() : kept[-1].end()])
    return phrases


def parse_question(
    question: str,
    today: date,
    units: UnitMatcher | None = None,
    restored: str | None = None,
    compounds: frozenset[str] = frozenset(),
) -> ParsedQuestion:
    """Read a Vietnamese question into filters and topic words.

    Args:
        question: as typed, with or without diacritics.
        today: the day relative windows ("quý này", "sắp đến hạn") and overdue are judged by.
        units: a matcher of unit names and abbreviations (from the unit registry); None finds no units.
        restored: the question with diacritics put back (`Lexicon.restore`), same length once normalised;
            filters are read from the question as typed, topic words from this spelling.
        compounds: folded compound words of the corpus, to tell "co so" (cơ sở) from "co" (có) in an
            unaccented question.

    Returns:
        The parsed question. Nothing here raises: an empty question parses to no filters and no topic.
    """
    written = normalize(question)
    folded = fold(written)
    if len(folded) != len(written):  # positions must line up; NFC Vietnamese always does
        written = folded
    taken: list[tuple[int, int]] = []

    doc_spans = [m.span() for m in REFERENCE.finditer(folded) if reference_keys(written[m.start() : m.end()])]
    documents = tuple(dict.fromkeys(key for s, e in doc_spans for key in reference_keys(written[s:e])))
    taken += doc_spans

    as_of = find_as_of(blank(written, taken), today)
    if as_of:
        taken.append(as_of.span)
    period = find_period(blank(written, taken), today)
    if period:
        taken += period.spans

    spelled = normalize(restored) if restored else written
    if len(spelled) != len(written):
        spelled = written
    names, unit_spans = _units(blank(folded, taken), units)
    taken += unit_spans
    phrases = [] if names else _unit_phrases(spelled, blank(folded, taken))

    status, overdue, pending = None, False, period is not None and period.kind == "soon"
    for pattern, intent_status, intent_overdue, intent_pending in _INTENTS:
        for m in pattern.finditer(blank(folded, taken)):
            if m.lastindex and written[m.start(1) : m.end(1)].lower() not in _AMBIGUOUS[m.group(1)]:
                continue
            taken.append(m.span())
            status = status or intent_status
            overdue = overdue or intent_overdue
            pending = pending or intent_pending

    spans = list(_WORD.finditer(blank(folded, taken)))
    remaining = [spelled[m.start() : m.end()] for m in spans]
    typed = [written[m.start() : m.end()] for m in spans]
    topic = content_words(remaining, typed, compounds)
    return ParsedQuestion(
        text=written,
        units=tuple(names),
        unit_phrases=tuple(phrases),
        status=status,
        overdue=overdue,
        pending=pending,
        period=period,
        as_of=as_of.day if as_of else None,
        documents=documents,
        topic=" ".join(topic),
        topic_words=len(topic),
    )
