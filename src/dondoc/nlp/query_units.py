"""The units a question names: known names, the issuer of a document it names, a province's own bodies,
unit-like phrases no unit is called, and which units it asks about as coordinators."""

from __future__ import annotations

import re

from dondoc.nlp.question_text import WORD, QuestionText, Span
from dondoc.nlp.reading import LocalUnit
from dondoc.nlp.text import fold
from dondoc.nlp.units import UnitMatcher

# Between a document's reference and the body that issued it: "Kế hoạch 308 của Hà Nội".
_OF = re.compile(r"\s*,?\s*(?:cua|do)\s+$")
# Between a coordinating phrase and the coordinators, or between a unit and a frame right after it.
GAP = re.compile(r"[\s,]*(?:va\s+|,\s*)?$")


def units_named(folded: str, matcher: UnitMatcher | None) -> tuple[list[str], list[Span]]:
    """Units named in the (blanked) folded text and their spans, mapped back from unit-key coordinates."""
    if matcher is None:
        return [], []
    words = list(WORD.finditer(folded))
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


def issuer_units(question: QuestionText, names: list[str], spans: list[Span], documents: list[Span]) -> list[int]:
    """Indices of the units that follow a document's reference as its issuer ("Kế hoạch 308 của Hà Nội")."""
    return [
        i
        for i, (start, _) in enumerate(spans)
        if any(end <= start and _OF.fullmatch(question.folded[end:start] + " ") for _, end in documents)
    ]


def local_units(
    question: QuestionText, names: list[str], spans: list[Span], context: bool
) -> tuple[list[LocalUnit], set[int]]:
    """A province's bodies named with words the registry does not hold ("Sở KH&CN Hà Nội", "Công an TP Hà Nội"):
    each with the unit named right after it (its province) and the indices of those units.

    Args:
        context: the question names a document or its issuer, which tells whose police "Công an thành phố" is.
    """
    enders = {span[0] for _, span in question.find("units", "ender")}
    excluded = [span for _, span in question.find("units", "not_head")]  # "cơ sở dữ liệu" is no department
    found, used = [], set()
    for entry, (start, end) in question.find("units", "local", excluded, restored=True):
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


def unknown_units(question: QuestionText, compounds: frozenset[str]) -> list[str]:
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


def unit_roles(question: QuestionText, names: list[str], spans: list[Span]) -> tuple[list[str], list[str]]:
    """(lead units, coordinating units): "phối hợp với X" makes X a coordinator; "X phối hợp" without
    "với", the question's one unit."""
    question.claim(question.find("roles", "role", name="lead"))
    coordinating: list[str] = []
    for _, (start, end) in question.find("roles", "role", name="coordinating"):
        question.taken.append((start, end))
        after = [i for i, (s, _) in enumerate(spans) if s >= end and GAP.fullmatch(question.folded[end:s])]
        chain = chain_after(question, spans, after)
        if chain:
            coordinating += [names[i] for i in chain]
        elif len(set(names)) == 1:
            coordinating.append(names[0])
    lead = [name for name in names if name not in coordinating]
    return lead, list(dict.fromkeys(coordinating))


def chain_after(question: QuestionText, spans: list[Span], after: list[int]) -> list[int]:
    """The first unit after a phrase and those listed right after it ("với Bộ Tư pháp, Bộ Y tế")."""
    if not after:
        return []
    chain = [after[0]]
    for i in range(after[0] + 1, len(spans)):
        if not GAP.fullmatch(question.folded[spans[chain[-1]][1] : spans[i][0]]):
            break
        chain.append(i)
    return chain
