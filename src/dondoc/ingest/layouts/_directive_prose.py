"""The prose body of a directive: numbered sections, lettered items, "- " bullets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dondoc.ingest.layouts._directive_text import DEFAULT_UNIT, cited_docs, is_unit_like, subject_of
from dondoc.ingest.model import ParsedTask
from dondoc.nlp.dates import find_prose_deadline
from dondoc.nlp.text import fold, join_lines, normalize

_SECTION = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
# Vietnamese lettering skips f, j, w, z and puts đ after d.
_LETTER = re.compile(r"^([a-eg-iklmnopqrstuvxyđ])\)\s*(.*)$")
_BULLET = re.compile(r"^[-–•+]\s+(\S.*)$")
# Where the body ends: the distribution list, the signature, the appendix.
_END = re.compile(r"^(?:noi nhan|phu luc\b)")


@dataclass
class _Item:
    """A task being read; more lines may still join it."""

    section: str
    line: int
    lead: str
    lines: list[str] = field(default_factory=list)


def _next_text(lines: list[str], i: int, stop: int) -> str:
    """The next non-blank line after index i, normalised, or "" at the end of the body."""
    for j in range(i + 1, stop):
        text = normalize(lines[j])
        if text:
            return text
    return ""


def _opens_list(following: str) -> bool:
    return bool(_BULLET.match(following) or _LETTER.match(following))


def body_end(lines: list[str]) -> int:
    """Index of the first line after the prose body (the "Nơi nhận:" list or the appendix)."""
    seen_section = False
    for i, raw in enumerate(lines):
        text = normalize(raw)
        seen_section = seen_section or bool(_SECTION.match(text))
        if seen_section and _END.match(fold(text)):
            return i
    return len(lines)


def parse_prose(lines: list[str], stop: int, directive: str) -> list[ParsedTask]:
    """Tasks of the body, lines[:stop].

    A numbered section or a letter line followed by "- " bullets is a heading; otherwise it is
    a one-sentence task. A heading that names a unit ("d) Bộ Y tế") assigns its bullets; a
    sentence that opens with a unit ("b) Bộ Tư pháp đôn đốc …") assigns itself; anything else
    goes to all ministries and provinces.
    """
    items: list[_Item] = []
    current: _Item | None = None
    section = ""  # "1", "2", …
    heading = ""  # section label of the current letter block
    heading_lead = DEFAULT_UNIT
    for i in range(stop):
        text = normalize(lines[i])
        if not text:
            continue
        following = _next_text(lines, i, stop)
        if m := _SECTION.match(text):
            section, heading, heading_lead = m[1], m[1], DEFAULT_UNIT
            current = None if _opens_list(following) else _Item(section, i + 1, subject_of(m[2]) or DEFAULT_UNIT)
            if current:  # a section without items is itself a task ("3. Giao Ban Chỉ đạo … theo dõi …")
                current.lines.append(m[2])
                items.append(current)
        elif section and (m := _LETTER.match(text)):
            letter, rest = m[1], m[2]
            if _BULLET.match(following):  # a heading: "d) Bộ Y tế", "đ) Về phát triển dữ liệu:"
                title = rest.strip(" :")
                heading = f"{section}.{letter} {title}".strip()
                heading_lead = title if is_unit_like(title) else DEFAULT_UNIT
                current = None
            else:  # a one-sentence task, its subject (if any) is the unit
                subject = subject_of(rest)
                heading = f"{section}.{letter} {subject}" if subject else f"{section}.{letter}"
                heading_lead = DEFAULT_UNIT
                current = _Item(heading, i + 1, subject or DEFAULT_UNIT, [rest])
                items.append(current)
        elif section and (m := _BULLET.match(text)):
            lead = heading_lead
            if lead == DEFAULT_UNIT:
                lead = subject_of(m[1]) or lead
            current = _Item(heading, i + 1, lead, [m[1]])
            items.append(current)
        elif current is not None:  # a sentence wrapped onto the next line
            current.lines.append(text)
    return [_task(item, directive) for item in items]


def _task(item: _Item, directive: str) -> ParsedTask:
    content = join_lines(item.lines)
    docs = [directive, *(doc for doc in cited_docs(content) if doc != directive)]
    return ParsedTask(
        section=item.section,
        stt=None,
        line=item.line,
        content=content,
        directing_docs=docs,
        lead_text=item.lead,
        coordinating_text=None,
        deadline_text=find_prose_deadline(content),
        result_text=None,
    )
