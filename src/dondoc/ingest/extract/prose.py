"""Tasks written as prose, read by evidence: the outline says where an item sits, its unit slots who leads it.

An item is a task when it stands in a part that assigns work (not the purpose, background, targets or
figures of a plan, nor what follows "Nơi nhận"), and a unit leads it: its own subject or assignment, a
heading that names units, an intro sentence above it, or the labelled fields of its block ("Đơn vị chủ trì:
…; Thời gian thực hiện: …", which apply to every item since the previous block). Deadlines come from the
item, else its labels, else the heading or intro above it. A document none of whose leads stands in a slot
written to assign work (a heading, a label, an assignment) assigns nothing: news and biographies narrate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract.leads import (
    ASSIGNING,
    Lead,
    LeadReader,
    covering_deadline,
    is_action,
    is_addressee_intro,
    is_norm,
)
from dondoc.ingest.extract.outline import Node, build_outline, line_at, numbering_order
from dondoc.ingest.extract.slots import first_of, heading_units, label_of, starts_with, words
from dondoc.ingest.model import PROSE_SECTION, ParsedTask
from dondoc.ingest.readers.document import Block
from dondoc.nlp.dates import find_prose_deadline, find_recurring
from dondoc.nlp.text import fold, match_form, normalize

_PARTS = {"roman", "part", "title", "article"}
_BULLETS = {"dash", "plus", "bullet"}
_FOOTNOTE = re.compile(r"^\[\d{1,2}\]")
_MIN_TASK = 15
_HEADING_CHARS = 160
_ASIDE = re.compile(r"\([^()]*\)")  # "(gồm các Sở: …)" does not make a heading of units a paragraph
# A decision's closing article, a plan's closing "if there are difficulties, report to …": formulas, not tasks.
_BOILERPLATE = re.compile(
    r"chịu trách nhiệm thi hành|có hiệu lực (?:thi hành )?(?:kể )?từ|nếu có (?:khó khăn|vướng mắc|phát sinh)"
)
# Where a clause or sentence may start a new task with its own subject: "…; Bộ Y ban hành …".
_CLAUSE_BOUNDARY = re.compile(r"(?:;|\.)\s+(?=[^\W\d_])")
_HEADING_OPENING = re.compile(r"^(?:các|những|một số|về)\s+")
_HEADING_OPENS = 12  # a part's heading names its purpose in its first words
# A heading that points back to the recipients it named: "… nêu trên", "… từ Hà Tĩnh đến Khánh Hòa".
_BACK_REFERENCE = re.compile(r"\s*(?:nêu trên|từ .+ đến .+)$")
_RANGE = re.compile(r"từ (?P<first>[^,;:]+?) đến (?P<last>[^,;:]+?)\s*:?$")
# "X chủ trì (, phối hợp …)": a unit given the lead of work, not chairing a meeting.
_LEADS_WORK = re.compile(r"\bchủ trì\b(?!\s+(?:hội nghị|cuộc họp|buổi|phiên|lễ|hội thảo|tọa đàm|đoàn|kỳ họp))")
# A closing paragraph about all the items above: "… 04 nội dung nêu trên", "các nhiệm vụ trên đây".
_ALL_ABOVE = re.compile(r"(?:nội dung|nhiệm vụ|yêu cầu|giải pháp|việc)\s+(?:nêu trên|trên đây|nói trên)")
_ADDRESSED = re.compile(r"kính gửi\s*:\s*\S")  # "Kính gửi: Ủy ban nhân dân các tỉnh" on one line
_ENOUGH = 2  # evidence that a document assigns work (`_Reader.assigning`)
_SAME_TASK = 90
_COMPARED = 160


@dataclass(frozen=True)
class _Context:
    """What the items above and before an item say about it."""

    zone: bool
    lead: Lead | None = None
    deadline: str | None = None
    section: tuple[str, ...] = ()


@dataclass
class _Candidate:
    """A task waiting for the labelled fields that may follow it."""

    node: Node
    content: str
    line: int
    section: tuple[str, ...]
    lead: Lead | None
    deadline: str | None
    coordinating: tuple[str, ...] = ()
    own_lead: bool = False


@dataclass
class _Labels:
    """A block's labelled fields, filled as they come."""

    lead: Lead | None = None
    coordinating: tuple[str, ...] = ()
    deadline: str | None = None
    seen: bool = False


@dataclass
class _Reader:
    leads: LeadReader
    zoned: bool
    stopped: bool = False
    # How much the leads of the parts that assign work stand in slots written to assign it: a heading, a label or
    # a numbered item is enough (2); an assignment in an unnumbered paragraph counts half, as news also report
    # one ("…, Ủy ban Kiểm tra đề nghị Bộ Chính trị xem xét …").
    assigning: int = 0
    addressees: Lead | None = None  # "Kính gửi: - …": whom the document asks, when an item names no one
    recipients: tuple[str, ...] = ()  # the same, as written
    closing: str | None = None  # a closing paragraph's deadline for everything above it that has none
    paragraph: Lead | None = None  # the last unit a paragraph named, which an article's next headline goes on with
    # "Trước ngày 30/6/2025, Bộ Nội vụ chủ trì …;" opens a list of paragraphs ended by ";": each is due then too.
    listed: str | None = None
    found: list[_Candidate] = field(default_factory=list)

    def _noted(self, lead: Lead | None, zone: bool, weight: int = _ENOUGH) -> Lead | None:
        if lead and zone and lead.evidence in ASSIGNING:
            self.assigning += weight
        return lead

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
            addressees = is_addressee_intro(node.text)
            if addressees or _ADDRESSED.match(match_form(node.text)):
                self._address(node, nodes)
                under = [child for child in node.children if child.kind not in _BULLETS]
                pending.extend(self.read(under, replace(run, lead=None)))
                continue
            label = label_of(node.text) if node.text else None
            if label is not None and label[0] != "task":
                if not labels.seen and not pending and label[0] == "lead":
                    run = replace(run, lead=self._noted(self.leads.labelled(label[1]), run.zone) or run.lead)
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

    def _address(self, intro: Node, siblings: list[Node]) -> None:
        """Remember the first recipients list: the bullets under the intro, right after it, or on its line."""
        if self.addressees is not None:
            return
        after = siblings[siblings.index(intro) + 1 :]
        bullets = [n for n in intro.children if n.kind in _BULLETS] or [
            n for n in after[: next((i for i, n in enumerate(after) if n.kind not in _BULLETS), len(after))]
        ]
        inline = intro.text.partition(":")[2].strip()
        spans = [heading_units(n.text) for n in bullets] or ([heading_units(inline)] if inline else [])
        self.recipients = tuple(dict.fromkeys(name for span in spans if span for name in span.names))
        self.addressees = self.leads.named(self.recipients, "heading")

    def _named(self, heading: Lead | None, text: str) -> Lead | None:
        """A heading that points back to the recipients: "Các Sở Xây dựng nêu trên", "Chủ tịch UBND các tỉnh, thành
        phố từ Hà Tĩnh đến Khánh Hòa" -> the recipients of that kind, or that range of them."""
        if heading is None or not self.recipients or len(heading.units) != 1:
            return heading
        form = match_form(text)
        kind = _BACK_REFERENCE.sub("", match_form(heading.units[0])).removeprefix("các ").strip()
        named = [unit for unit in self.recipients if match_form(unit).startswith(kind.split(" các ")[0])]
        span = _RANGE.search(form)
        if span and named:
            first = next((i for i, unit in enumerate(named) if match_form(unit).endswith(span["first"])), None)
            last = next((i for i, unit in enumerate(named) if match_form(unit).endswith(span["last"])), None)
            named = named[first : last + 1] if first is not None and last is not None else []
        elif "nêu trên" not in form:
            return heading
        return self.leads.named(tuple(named), heading.evidence) if named else heading

    def _stops(self, node: Node) -> bool:
        """Whether reading stops at this item ("Nơi nhận") until a new part ("PHỤ LỤC", "KẾ HOẠCH"), or skips it."""
        form = match_form(node.text)
        if self.stopped:
            if node.kind == "title" and starts_with(form, words().appendix_markers):
                self.stopped = False
            return self.stopped
        if starts_with(form, words().end_markers) or any(closing in form for closing in words().closings):
            self.stopped = True  # "Nơi nhận:", "Bộ Tài chính trân trọng cảm ơn sự phối hợp …"
        return self.stopped or bool(starts_with(form, words().skip_markers) or _FOOTNOTE.match(node.text))

    def _item(self, node: Node, run: _Context, context: _Context) -> tuple[list[_Candidate], _Context]:
        """Read one item and its children; returns open candidates and the context for the next siblings."""
        text = node.text
        zone = self._zone(node, run.zone, top=not context.section)
        section = (*context.section, node.marker or "") if node.marker else context.section
        if node.kind in _PARTS or (node.bold and node.children):
            return self._part(node, run, context, zone, section)
        if node.kind == "text" and _ALL_ABOVE.search(match_form(text)) and (closing := find_prose_deadline(text)):
            self.closing = closing  # "… bảo đảm đến hết tháng 12 năm 2025 giải quyết dứt điểm 04 nội dung nêu trên"
            return [], run
        is_intro = text.rstrip().endswith(":") or (node.bold and len(text) < _HEADING_CHARS)
        heading = self._noted(self._named(self.leads.heading(text), text), zone) if is_intro or node.children else None
        if heading is not None and (is_intro or len(_ASIDE.sub("", text)) < _HEADING_CHARS):
            inner = _Context(zone, heading, _deadline_in(text) or run.deadline, section)
            return self.read(node.children, inner), run
        own = self.leads.own(text)
        if own is None and self.addressees is not None and self.leads.asks_recipients(text):
            own = self.addressees.with_evidence("assignment")  # "…, đề nghị Quý Ủy ban gửi báo cáo …"
        # An item numbered in a list whose subject is a unit ("1. Sở Y tế triển khai …") assigns it, as
        # a heading would; a paragraph that opens with a unit may only narrate.
        structured = bool(node.marker or node.bold)
        if own and own.evidence == "subject" and (structured or _LEADS_WORK.search(match_form(text))):
            own = own.with_evidence("heading")  # "1. Sở Y tế triển khai …", "Bộ Nội vụ chủ trì, phối hợp …"
        self._noted(own, zone, _ENOUGH if structured else 1)
        deadline = _deadline_in(text)
        if is_intro or (node.children and not is_action(text)):
            covering = covering_deadline(text)
            partners = self._noted(self.leads.partners(text), zone) if node.children else None
            own = own or (
                self._noted(self.leads.intro(text), zone, _ENOUGH if node.marker else 1) if is_intro else None
            )
            inner = _Context(zone, partners or own or run.lead, covering or run.deadline, section)
            under = self.read(node.children, inner)
            if node.kind == "text" and is_intro:
                run = replace(run, lead=own or run.lead, deadline=covering or run.deadline)
            return under, run
        lead = own or run.lead or (self.addressees if zone else None)
        if node.marker and own is None and lead is not None:
            self._noted(lead, zone)  # a numbered item under an intro that assigns: the list is the work given
        opened: list[_Candidate] = []
        kept = zone and len(text) >= _MIN_TASK and not _BOILERPLATE.search(match_form(text)) and not is_norm(text)
        if kept and (node.kind != "text" or own or is_action(text)):
            coordinating = self.leads.coordinators(text) if own else ()
            for start, clause, clause_lead in self._clauses(text):
                due = _deadline_in(clause) or deadline or (None if own else self.listed) or run.deadline
                own_lead = bool(clause_lead or own)
                opened.append(
                    _Candidate(
                        node, clause, line_at(node, start), section, clause_lead or lead, due, coordinating, own_lead
                    )
                )
        if node.children:
            inner = _Context(zone, lead, deadline or run.deadline, section)
            opened.extend(self.read(node.children, inner))
        if node.kind == "text" and own is not None:
            run = replace(run, lead=own.with_evidence("paragraph"))  # later paragraphs go on with this unit
            self.paragraph = run.lead
            self.listed = deadline if deadline and _opens_list(text, deadline) else None
        elif node.kind == "text" and not text.rstrip().endswith(";"):
            self.listed = None  # the list ends with its last paragraph
        return opened, run

    def _part(
        self, node: Node, run: _Context, context: _Context, zone: bool, section: tuple[str, ...]
    ) -> tuple[list[_Candidate], _Context]:
        """A part ("II.", "Điều 3.", a title) or a bold heading: its units or deadline apply to what it holds."""
        is_part = node.kind in _PARTS
        inner = _Context(zone, None if is_part else run.lead, None if is_part else run.deadline, section)
        heading = self.leads.heading(node.text) if node.kind not in ("title", "article") else None
        self._noted(heading, zone)
        if heading is not None:
            inner = replace(inner, lead=heading)
        elif deadline := _deadline_in(node.text):
            inner = replace(inner, deadline=deadline)
        self.paragraph = self.listed = None
        opened = self.read(node.children, inner)
        if is_part:
            return opened, replace(run, zone=zone, lead=None)
        if heading is None and not node.marker and self.paragraph is not None:
            # A news article's headlines cut one story: "Thường trực Chính phủ yêu cầu Bộ trưởng …" under one
            # headline goes on under the next until another unit is named.
            return opened, replace(run, lead=self.paragraph)
        return opened, run

    def _clauses(self, text: str) -> list[tuple[int, str, Lead | None]]:
        """A sentence split where a clause or sentence names its own unit as subject, each with that unit:
        "Bộ X chủ trì …; Bộ Y ban hành …" and "…; giao Văn phòng Bộ tổng hợp …" are two tasks each. (offset,
        text, the clause's own lead after the first)."""
        cuts = [0] + [
            boundary.end()
            for boundary in _CLAUSE_BOUNDARY.finditer(text)
            if self.leads.opening(text[boundary.end() :]) is not None
        ]
        clauses = []
        for index, start in enumerate(cuts):
            end = cuts[index + 1] if index + 1 < len(cuts) else len(text)
            clause = text[start:end].strip().rstrip(";")
            clauses.append((start, clause, self.leads.opening(clause) if index else None))
        return clauses

    def _task_label(self, node: Node, value: str, run: _Context) -> list[_Candidate]:
        """A "Nhiệm vụ:" label: its value is a task, and so is each item under it."""
        opened = []
        if len(value) >= _MIN_TASK and run.zone:
            offset = node.text.index(":") + 1
            offset += len(node.text[offset:]) - len(node.text[offset:].lstrip())
            own = self.leads.subject(value)
            due = _deadline_in(value) or run.deadline
            opened.append(
                _Candidate(node, value, line_at(node, offset), run.section, own or run.lead, due, own_lead=bool(own))
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
            labels.lead = self._noted(self.leads.labelled(value), True)
        elif role == "coordinating" and value:
            coordinating = self.leads.labelled(value)
            labels.coordinating = coordinating.units if coordinating else ()
        elif role == "deadline" and value:
            labels.deadline = value

    def _close(self, pending: list[_Candidate], labels: _Labels) -> None:
        for candidate in pending:
            candidate.lead = labels.lead or candidate.lead
            candidate.coordinating = labels.coordinating or candidate.coordinating
            candidate.deadline = labels.deadline or candidate.deadline
        self.found.extend(pending)

    def _zone(self, node: Node, zone: bool, top: bool) -> bool:
        """Whether the items under a part of the document assign work, by the words of its heading.

        Only the document's parts ("I.", "PHẦN II", "Điều 3.", a bold top-level heading) say so: "4.1. Kinh
        phí thực hiện" inside "II. NHIỆM VỤ" still assigns work. An article assigns work only when its
        heading says so ("Điều 3. Tổ chức thực hiện"): the others state rules.
        """
        if node.kind == "article":
            return section_zone(node.text, False)
        if not self.zoned or not (node.kind in ("roman", "part") or (top and node.bold)):
            return zone
        return section_zone(node.text, True)


def _opens_list(text: str, deadline: str) -> bool:
    """A paragraph that opens with its deadline and ends with ";" ("Trước ngày 30/6/2025, Bộ Nội vụ …;")."""
    return text.rstrip().endswith(";") and match_form(text).lstrip("*_ ").startswith(match_form(deadline))


def _deadline_in(text: str) -> str | None:
    """The deadline a sentence gives: a dated one, else a recurring time ("báo cáo trước ngày 18 hằng tháng")."""
    return find_prose_deadline(text) or find_recurring(text)


def section_zone(heading: str, zone: bool) -> bool:
    """A part's heading says whether it assigns work ("II. NHIỆM VỤ VÀ GIẢI PHÁP") or not ("I. MỤC ĐÍCH, YÊU
    CẦU", "IV. KINH PHÍ"), by the words it opens with; a heading that opens with neither gives `zone`."""
    form = _HEADING_OPENING.sub("", match_form(heading))
    task, background = first_of(form, words().task_sections), first_of(form, words().background_sections)
    first = min((found for found in (task, background) if found), default=None, key=lambda found: found[0])
    if first is None or first[0] > _HEADING_OPENS:
        return zone
    return first is task


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


@dataclass(frozen=True)
class ProseReading:
    """The tasks of a document's prose and what says the text is whole.

    Attributes:
        tasks: one per assigned item.
        numbered: (items that follow the one before in order, pairs of numbered siblings).
    """

    tasks: list[ParsedTask]
    numbered: tuple[int, int]


def prose_tasks(blocks: list[Block], registry: UnitRegistry) -> ProseReading:
    """The tasks assigned in the text blocks of a document (tables are read elsewhere).

    Args:
        blocks: headings, paragraphs and list items in reading order.
        registry: the unit registry.

    Returns:
        One task per assigned item, with the units, deadline and section its place gives it; none when no
        lead stands in a slot written to assign work.
    """
    outline = build_outline(blocks, _closes)
    numbered = numbering_order(outline)
    parts = [n for root in outline for n in root.walk() if n.kind in ("roman", "part")]
    parts += [root for root in outline if root.bold]
    zoned = any(section_zone(part.text, False) for part in parts)
    reader = _Reader(LeadReader(registry), zoned)
    reader.found.extend(reader.read(outline, _Context(zone=not zoned)))
    found = [c for c in _without_restatements(sorted(reader.found, key=lambda c: c.line)) if c.lead]
    for candidate in found:
        candidate.deadline = candidate.deadline or reader.closing
    if reader.assigning < _ENOUGH:
        return ProseReading([], numbered)
    tasks = [
        ParsedTask(
            section=f"{'.'.join(m for m in c.section if m)} {PROSE_SECTION}".strip(),
            stt=c.node.marker,
            line=c.line,
            content=normalize(c.content).rstrip(" .;"),
            lead_text="; ".join(c.lead.units),
            coordinating_text="; ".join(c.coordinating) or None,
            deadline_text=c.deadline,
        )
        for c in found
        if c.lead
    ]
    return ProseReading(tasks, numbered)
