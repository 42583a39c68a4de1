"""Tasks written as prose, read by evidence: the outline says where an item sits, its unit slots who leads it.

An item is a task when it stands in a section that assigns work (not the purpose, background, targets or
figures of a plan, nor what follows "Nơi nhận"), and a unit leads it: its own subject or assignment, a
heading that names units, an intro sentence above it, or the labelled fields of its block ("Đơn vị chủ trì:
…; Thời gian thực hiện: …", which apply to every item since the previous block). Deadlines come from the
item, else its labels, else the heading or intro above it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract.outline import Node, build_outline
from dondoc.ingest.extract.slots import (
    assigned_units,
    first_of,
    heading_units,
    label_of,
    starts_with,
    subject_units,
    UnitSpan,
    unit_span,
    words,
)
from dondoc.ingest.model import PROSE_SECTION, ParsedTask
from dondoc.ingest.readers.document import Block
from dondoc.nlp.dates import find_prose_deadline, find_prose_deadlines
from dondoc.nlp.text import fold, match_form, normalize

_SECTION_KINDS = {"roman", "part", "title", "article"}
_BULLETS = {"dash", "plus", "bullet"}
_FOOTNOTE = re.compile(r"^\[\d{1,2}\]")
_MIN_TASK = 15
_CLAUSE_BOUNDARY = re.compile(r"(?:;|\.)\s+(?=[A-ZĐÀ-Ỹ])")
_HEADING_CHARS = 160
_BOILERPLATE = re.compile(r"chịu trách nhiệm thi hành|có hiệu lực (?:thi hành )?(?:kể )?từ")


@dataclass(frozen=True)
class _Context:
    """What the items above and before an item say about it."""

    zone: bool
    lead: tuple[str, ...] = ()
    deadline: str | None = None
    section: tuple[str, ...] = ()


@dataclass
class _Candidate:
    """A task waiting for the labelled fields that may follow it."""

    node: Node
    content: str
    line: int
    section: tuple[str, ...]
    lead: tuple[str, ...]
    own_lead: bool
    deadline: str | None
    coordinating: tuple[str, ...] = ()


@dataclass
class _Labels:
    """A block's labelled fields, filled as they come."""

    lead: tuple[str, ...] = ()
    coordinating: tuple[str, ...] = ()
    deadline: str | None = None
    seen: bool = False


@dataclass
class _Reader:
    registry: UnitRegistry
    zoned: bool
    stopped: bool = False
    found: list[_Candidate] = field(default_factory=list)

    def read(self, nodes: list[Node], context: _Context) -> list[_Candidate]:
        """Read sibling items; returns the candidates still open to labels that follow at a higher level."""
        pending: list[_Candidate] = []
        labels = _Labels()
        run = context
        addressees = False
        for node in nodes:
            if self._stops(node):
                if not self.stopped and node.children:  # a site's label line ("Nơi ban hành:") above the text
                    pending.extend(self.read(node.children, run))
                continue
            if addressees and node.kind in _BULLETS:
                continue  # "Kính gửi: - Bộ Y tế; - …": who receives the document, not who leads a task
            addressees = _is_addressee_intro(node.text)
            if addressees:
                nodes_under = [child for child in node.children if child.kind not in _BULLETS]
                pending.extend(self.read(nodes_under, replace(run, lead=())))
                continue
            label = label_of(node.text) if node.text else None
            if label is None and node.children and not node.text.strip(" :"):
                label = None
            if label is not None and label[0] != "task":
                if not labels.seen and not pending and label[0] == "lead":
                    run = replace(run, lead=self._units(label[1]) or run.lead)
                self._label(labels, label, node)
                continue
            if labels.seen:
                self._close(pending, labels)
                pending, labels = [], _Labels()
            if label is not None:  # "Nhiệm vụ: …": the task text follows the label, or its items do
                pending.extend(self._task_label(node, label[1], run))
                continue
            opened, run = self._item(node, run, context)
            pending.extend(opened)
        if labels.seen:
            self._close(pending, labels)
            return []
        return pending

    def _stops(self, node: Node) -> bool:
        """Whether reading stops at this item ("Nơi nhận", site boilerplate) or is still stopped."""
        form = match_form(node.text)
        if self.stopped:
            if node.kind == "title" and starts_with(form, words().appendix_markers):
                self.stopped = False
            return self.stopped
        if starts_with(form, words().end_markers):
            self.stopped = True
        return self.stopped or bool(starts_with(form, words().skip_markers) or _FOOTNOTE.match(node.text))

    def _item(self, node: Node, run: _Context, context: _Context) -> tuple[list[_Candidate], _Context]:
        """Read one item and its children; returns open candidates and the context for the next siblings."""
        text = node.text
        zone = self._zone(node, run.zone, top=not context.section)
        section = (*context.section, node.marker or "") if node.marker else context.section
        if node.kind in _SECTION_KINDS or (node.bold and node.children):
            inner = _Context(zone, context.lead if node.kind not in _SECTION_KINDS else (), None, section)
            units = heading_units(text) if node.kind not in ("title", "article") else None
            if units is not None:
                inner = replace(inner, lead=self._resolve(units.names))
            elif deadline := find_prose_deadline(text):
                inner = replace(inner, deadline=deadline)
            return self.read(node.children, inner), run if node.kind not in _SECTION_KINDS else replace(
                run, zone=zone, lead=()
            )
        if node.kind == "article":
            return [], run
        is_intro = text.rstrip().endswith(":") or (node.bold and len(text) < _HEADING_CHARS)
        units = heading_units(text) if is_intro or node.children else None
        if units is not None and (is_intro or len(text) < _HEADING_CHARS):
            lead = self._resolve(units.names)
            inner = _Context(zone, lead, find_prose_deadline(text) or run.deadline, section)
            return self.read(node.children, inner), run
        own = _own_units(text)
        own_lead = self._resolve(own.names) if own else ()
        coordinating = _coordinators(text, self.registry) if own_lead else ()
        deadline = find_prose_deadline(text)
        opened: list[_Candidate] = []
        if is_intro or (node.children and not _is_action(text)):
            covering = _covering_deadline(text)
            partners = _partners(text) if node.children else ()
            inner = _Context(zone, partners or own_lead or run.lead, covering or run.deadline, section)
            opened = self.read(node.children, inner)
            if node.kind == "text" and is_intro:
                run = replace(run, lead=own_lead or run.lead, deadline=covering or run.deadline)
            return opened, run
        lead = own_lead or run.lead
        if zone and len(text) >= _MIN_TASK and not _BOILERPLATE.search(match_form(text)):
            if node.kind != "text" or own_lead or _is_action(text):
                for start, clause, clause_lead in self._clauses(text):
                    opened.append(
                        _Candidate(node, clause, _line(node, start), section, clause_lead or lead,
                                   bool(clause_lead or own_lead), find_prose_deadline(clause) or deadline
                                   or run.deadline, coordinating)  # fmt: skip
                    )
        if node.children:
            inner = _Context(zone, lead, deadline or run.deadline, section)
            opened.extend(self.read(node.children, inner))
        if node.kind == "text" and own is not None and own.start == 0:
            run = replace(run, lead=own_lead)  # later unlabelled paragraphs go on with this unit
        return opened, run

    def _clauses(self, text: str) -> list[tuple[int, str, tuple[str, ...]]]:
        """A sentence split where a clause or sentence names its own unit as subject, each with that unit:
        "Bộ X chủ trì …; Bộ Y ban hành …" is two tasks. (offset, text, lead or () for the first)."""
        cuts = [0]
        for boundary in _CLAUSE_BOUNDARY.finditer(text):
            if subject_units(text[boundary.end() :]) is not None:
                cuts.append(boundary.end())
        clauses = []
        for index, start in enumerate(cuts):
            end = cuts[index + 1] if index + 1 < len(cuts) else len(text)
            clause = text[start:end].strip().rstrip(";")
            own = subject_units(clause) if index else None
            clauses.append((start, clause, self._resolve(own.names) if own else ()))
        return clauses

    def _task_label(self, node: Node, value: str, run: _Context) -> list[_Candidate]:
        """A "Nhiệm vụ:" label: its value is a task, and so is each item under it."""
        opened = []
        if len(value) >= _MIN_TASK and run.zone:
            offset = node.text.index(":") + 1
            offset += len(node.text[offset:]) - len(node.text[offset:].lstrip())
            own = subject_units(value)
            lead = self._resolve(own.names) if own else run.lead
            opened.append(
                _Candidate(node, value, _line(node, offset), run.section, lead, own is not None,
                           find_prose_deadline(value) or run.deadline)  # fmt: skip
            )
        inner = replace(run, section=(*run.section, node.marker or ""))
        return opened + self.read(node.children, inner)

    def _label(self, labels: _Labels, label: tuple[str, str], node: Node) -> None:
        role, value = label
        labels.seen = True
        if not value and node.children:  # "Cơ quan thực hiện:" with "- Đơn vị chủ trì: …" under it
            for child in node.children:
                inner = label_of(child.text)
                if inner is not None:
                    self._label(labels, inner, child)
            return
        if role == "lead" and value:
            labels.lead = self._units(value)
        elif role == "coordinating" and value:
            labels.coordinating = self._units(value)
        elif role == "deadline" and value:
            labels.deadline = value

    def _close(self, pending: list[_Candidate], labels: _Labels) -> None:
        for candidate in pending:
            if labels.lead:
                candidate.lead = labels.lead
            if labels.coordinating:
                candidate.coordinating = labels.coordinating
            if labels.deadline:
                candidate.deadline = labels.deadline
        self.found.extend(pending)

    def _zone(self, node: Node, zone: bool, top: bool) -> bool:
        """Whether the items under a part of the document assign work, by the words of its heading.

        Only the document's parts ("I.", "PHẦN II", a bold top-level heading) say so: "4.1. Kinh phí thực
        hiện" inside "II. NHIỆM VỤ" still assigns work.
        """
        if not self.zoned or not (node.kind in ("roman", "part") or (top and node.bold)):
            return zone
        return section_zone(node.text, True)

    def _units(self, value: str) -> tuple[str, ...]:
        """Units of a labelled field: every name it lists, known or not."""
        return self._resolve(tuple(_split_units(value, self.registry)))

    def _resolve(self, names: Iterable[str]) -> tuple[str, ...]:
        """Each name as the registry calls it when it is a known unit as a whole, else as written."""
        return tuple(dict.fromkeys(self.registry.exact(name) or name for name in names))


def _line(node: Node, offset: int) -> int:
    from dondoc.ingest.extract.outline import line_at

    return line_at(node, offset)


def _split_units(value: str, registry: UnitRegistry) -> list[str]:
    """A labelled field's units: "Các Sở, ngành, đơn vị, UBND cấp xã" -> two names, in the document's words."""
    names: list[str] = []
    for part in re.split(r"\s*;\s*", value.rstrip(".")):
        span = unit_span(part, 0)
        names.extend(span.names if span else ([normalize(part)] if part.strip() else []))
    return names


def _coordinators(text: str, registry: UnitRegistry) -> tuple[str, ...]:
    found = re.search(r"\bphối hợp(?: với)?\s+", match_form(text))
    if not found:
        return ()
    span = unit_span(text, found.end())
    return span.names if span else ()


_COVERING = re.compile(r"^(?:hoàn thành|xong|trước|chậm nhất|trong)\b")


def _covering_deadline(text: str) -> str | None:
    """The deadline an intro sets for the items under it: "…, hoàn thành trước ngày 30/11/2025:".

    "Từ nay đến ngày 19/12/2025 chỉ còn 01 tháng" says how much time is left, not when items are due.
    """
    found = [phrase for phrase in find_prose_deadlines(text) if _COVERING.match(match_form(phrase))]
    return found[-1] if found else None


_PARTNERS = re.compile(r"^(?:phối hợp với|phối hợp cùng|phối hợp)\s+")


def _partners(intro: str) -> tuple[str, ...]:
    """Under "b) Phối hợp với các sở, ngành, UBND các xã": the heading's unit only helps; those named lead."""
    found = _PARTNERS.match(match_form(intro))
    span = unit_span(intro, found.end()) if found else None
    return span.names if span else ()


_TOPIC = re.compile(r"^về\b[^:]{3,400}:\s*")


def _own_units(text: str) -> UnitSpan | None:
    """The units an item names as its own lead: its subject or the object of its assignment; after a topic
    ("Về dự án …: Bộ Xây dựng khẩn trương …", "Về đề nghị …: giao Bộ Tài chính …") only what follows the topic."""
    topic = _TOPIC.match(match_form(text))
    body = text[topic.end() :] if topic else text
    return subject_units(body) or assigned_units(body)


def _is_addressee_intro(text: str) -> bool:
    """"Kính gửi:", "THỦ TƯỚNG CHÍNH PHỦ điện:": the list that follows names the recipients."""
    form = match_form(text).rstrip()
    return bool(form.endswith(":") and (starts_with(form, words().addressee_markers) or form.endswith("điện:")))


def _is_action(text: str) -> bool:
    """Whether a sentence starts as an instruction: a verb, an assignment or a unit that acts."""
    form = match_form(text)
    verb = starts_with(form, words().subject_ends) or starts_with(form, words().assign_verbs)
    return bool(verb) or subject_units(text) is not None


def section_zone(heading: str, zone: bool) -> bool:
    """A part's heading says whether it assigns work ("II. NHIỆM VỤ VÀ GIẢI PHÁP") or not ("I. MỤC ĐÍCH, YÊU
    CẦU", "IV. KINH PHÍ"), by the words it opens with; a part that opens with neither is read for tasks."""
    form = _HEADING_OPENING.sub("", match_form(heading))
    task, background = first_of(form, words().task_sections), first_of(form, words().background_sections)
    first = min((found for found in (task, background) if found), default=None, key=lambda found: found[0])
    if first is None or first[0] > _HEADING_OPENS:
        return zone
    return first is task


_HEADING_OPENING = re.compile(r"^(?:các|những|một số|về)\s+")
_HEADING_OPENS = 12  # a part's heading names its purpose in its first words
_SAME_TASK = 90
_COMPARED = 160


def _without_restatements(candidates: list[_Candidate]) -> list[_Candidate]:
    """Tasks written twice (a page's summary before the official text, a headline before its paragraph):
    the later, fuller statement is kept."""
    keys = [fold(c.content)[:_COMPARED] for c in candidates]
    kept = []
    for index, candidate in enumerate(candidates):
        later = (keys[j] for j in range(index + 1, len(candidates)))
        if not any(fuzz.ratio(keys[index], key) >= _SAME_TASK for key in later):
            kept.append(candidate)
    return kept


def _closes(text: str) -> bool:
    return starts_with(match_form(text), words().end_markers) is not None


def prose_tasks(blocks: list[Block], registry: UnitRegistry) -> list[ParsedTask]:
    """The tasks assigned in the text blocks of a document (tables are read elsewhere).

    Args:
        blocks: headings, paragraphs and list items in reading order.
        registry: the unit registry.

    Returns:
        One task per assigned item, with the units, deadline and section its place gives it.
    """
    outline = build_outline(blocks, _closes)
    parts = [n for root in outline for n in root.walk() if n.kind in ("roman", "part")]
    parts += [root for root in outline if root.bold]
    zoned = any(section_zone(part.text, False) for part in parts)
    reader = _Reader(registry, zoned)
    reader.found.extend(reader.read(outline, _Context(zone=not zoned)))
    tasks = []
    for candidate in _without_restatements(sorted(reader.found, key=lambda c: c.line)):
        if not candidate.lead:
            continue
        tasks.append(
            ParsedTask(
                section=f"{'.'.join(m for m in candidate.section if m)} {PROSE_SECTION}".strip(),
                stt=candidate.node.marker,
                line=candidate.line,
                content=normalize(candidate.content).rstrip(" .;"),
                lead_text="; ".join(candidate.lead),
                coordinating_text="; ".join(candidate.coordinating) or None,
                deadline_text=candidate.deadline,
            )
        )
    return tasks
