"""Tasks written as prose: unit-headed sections, numbered items, and "Nhiệm vụ / Cơ quan / Thời gian" blocks.

Directives and plans assign tasks in sentences: "a) Bộ Y tế: (1) … hoàn thành trong tháng 10
năm 2025; (2) …", "c) Văn phòng Chính phủ chủ trì …, hoàn thành trước ngày 15/9/2025", or a
block whose unit and deadline come after its tasks ("a) Nhiệm vụ: - … - … b) Cơ quan thực hiện:
Đơn vị chủ trì: X c) Thời gian thực hiện: …"), which then apply to each bullet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dondoc.data.units import UnitRegistry
from dondoc.ingest.model import ParsedTask
from dondoc.ingest.readers.document import Block
from dondoc.nlp.dates import find_prose_deadline
from dondoc.nlp.text import fold, normalize

_MARKER = re.compile(r"^\s*(?:([a-zđ])\)|\((\d{1,3})\)|((?:\d{1,3}\.)+\d{0,3})\s|([IVX]{1,5})\.\s|([-–+•]))\s*")
_INLINE_ITEM = re.compile(r"(?:(?<=[\s:;.])|^)\((\d{1,3})\)\s*")
_TASK_ZONE = re.compile(r"nhiem\s+vu|giai\s+phap|to\s+chuc\s+thuc\s+hien|trach\s+nhiem|phan\s+cong")
_OUT_OF_ZONE = re.compile(r"^(?:phu\s+luc|noi\s+nhan)")
_LABEL_TASK = re.compile(r"^(?:(?:noi\s+dung\s+)?nhiem\s+vu|noi\s+dung(?:\s+thuc\s+hien)?)\s*:")
_LABEL_UNITS = re.compile(r"^(?:co\s+quan|don\s+vi)\s+(?:thuc\s+hien|chu\s+tri|thuc\s+hien\s+chu\s+tri)\s*:")
_LABEL_LEAD = re.compile(r"^(?:don\s+vi|co\s+quan)?\s*chu\s+tri\s*:")
_LABEL_COORD = re.compile(r"^(?:don\s+vi|co\s+quan)?\s*phoi\s+hop\s*:")
_LABEL_TIME = re.compile(
    r"^(?:thoi\s+gian(?:\s+thuc\s+hien|\s+hoan\s+thanh)?|thoi\s+han(?:\s+hoan\s+thanh)?|tien\s+do(?:\s+thuc\s+hien)?)\s*:"
)


@dataclass
class _Item:
    """A task sentence and where it starts."""

    text: str
    line: int


@dataclass
class _Pending:
    """An "a) Nhiệm vụ" block waiting for its unit and deadline."""

    section: str
    items: list[_Item] = field(default_factory=list)
    lead: str = ""
    coordinating: str | None = None
    deadline: str | None = None
    phase: str = "tasks"


@dataclass
class _State:
    registry: UnitRegistry
    zone: bool
    section: list[str] = field(default_factory=list)
    unit: str | None = None
    pending: _Pending | None = None
    tasks: list[ParsedTask] = field(default_factory=list)


def _strip_marker(text: str) -> tuple[str | None, str, int]:
    """(the item's marker, the text after it, how many characters it took)."""
    found = _MARKER.match(text)
    if not found:
        return None, text, 0
    marker = next(group for group in found.groups() if group)
    return marker, text[found.end() :], found.end()


def _line_at(block: Block, offset: int) -> int:
    return block.line + block.text.count("\n", 0, offset)


def prose_tasks(blocks: list[Block], registry: UnitRegistry) -> list[ParsedTask]:
    """The tasks assigned in the text blocks of a document (tables are read elsewhere).

    Args:
        blocks: headings, paragraphs and list items in reading order.
        registry: to recognise the units a sentence opens with.

    Returns:
        One task per assigned item, each with the unit and deadline its text or block gives.
    """
    zoned = any(_is_top(block.text) and _TASK_ZONE.search(fold(block.text)) for block in blocks)
    state = _State(registry, zone=not zoned)
    for block in blocks:
        _read_block(state, block)
    _flush(state)
    return state.tasks


def _is_top(text: str) -> bool:
    marker, _, _ = _strip_marker(text)
    return bool(marker and re.fullmatch(r"[IVX]{1,5}", marker))


def _read_block(state: _State, block: Block) -> None:
    text = block.text
    folded = fold(text)
    if _OUT_OF_ZONE.match(folded):
        _flush(state)
        state.zone = False
        return
    marker, rest, taken = _strip_marker(text)
    if marker and re.fullmatch(r"[IVX]{1,5}", marker):
        _flush(state)
        state.zone = bool(_TASK_ZONE.search(folded))
        state.section, state.unit = [marker], None
        return
    if not state.zone:
        return
    body = fold(rest)
    if _label(state, block, rest, body, taken):
        return
    bullet = marker in ("-", "–", "+", "•") or (marker is None and block.kind == "list_item")
    if state.pending and state.pending.phase == "tasks" and bullet:
        state.pending.items.append(_Item(normalize(rest), block.line))
        return
    if marker and ((marker[0].isdigit() and "." in marker) or block.kind == "heading"):
        _flush(state)
        state.section = [*state.section[:1], marker.rstrip(".")]
        state.unit = None
    elif marker and marker.isalpha() and len(marker) == 1:
        _flush(state)
        state.section = [*state.section[:2], marker]
        state.unit = None
    _read_items(state, block, rest, taken, marker)


def _label(state: _State, block: Block, rest: str, body: str, taken: int) -> bool:
    """Handle the "Nhiệm vụ:", "Cơ quan thực hiện:", "Chủ trì:", "Thời gian thực hiện:" lines of a block."""
    value = normalize(rest.partition(":")[2])
    if _LABEL_TASK.match(body):
        _flush(state)
        state.pending = _Pending(".".join(state.section))
        if value:
            offset = taken + len(rest.partition(":")[0]) + 1
            state.pending.items.append(_Item(value, _line_at(block, offset)))
        return True
    pending = state.pending
    if pending is None:
        return False
    if _LABEL_UNITS.match(body):
        pending.phase = "units"
        if value and not _LABEL_LEAD.match(fold(value)):
            pending.lead = value.rstrip(".")
        elif value:
            pending.lead = normalize(value.partition(":")[2]).rstrip(".")
        return True
    if _LABEL_LEAD.match(body):
        pending.phase, pending.lead = "units", value.rstrip(".")
        return True
    if _LABEL_COORD.match(body):
        pending.phase, pending.coordinating = "units", value.rstrip(".") or None
        return True
    if _LABEL_TIME.match(body):
        pending.deadline = value.rstrip(". ") or None
        _flush(state)
        return True
    return False


def _read_items(state: _State, block: Block, rest: str, taken: int, marker: str | None) -> None:
    """Split a block into its "(1) … (2) …" items and keep those with a unit as tasks."""
    cuts = list(_INLINE_ITEM.finditer(rest))
    lead_in = rest[: cuts[0].start()] if cuts else rest
    pieces: list[tuple[str | None, int, str]] = []
    if cuts:
        head = normalize(lead_in).rstrip(" :")
        if head and lead_in.rstrip().endswith(":"):
            if _unit_heading(state.registry, head):
                state.unit = head
        elif head:
            pieces.append((None, 0, lead_in))
        for index, cut in enumerate(cuts):
            end = cuts[index + 1].start() if index + 1 < len(cuts) else len(rest)
            pieces.append((f"({cut[1]})", cut.end(), rest[cut.end() : end]))
    else:
        head, colon, tail = rest.partition(":")
        if colon and len(head) < 120 and _unit_heading(state.registry, normalize(head)):
            state.unit = normalize(head)
            pieces.append((None, len(head) + 1, tail))
        else:
            pieces.append((None, 0, rest))
    for stt, offset, piece in pieces:
        _add_task(state, block, stt, taken + offset, piece, marker)


def _unit_heading(registry: UnitRegistry, head: str) -> bool:
    """True when `head` is only a unit's name ("Bộ Khoa học và Công nghệ", "Các bộ, ngành, địa phương")."""
    if len(head) > 150 or not registry.leading_unit(head):
        return False
    lead, _ = registry.resolve_cell(head)
    return bool(lead) and len(fold(head).split()) <= 6 * len(lead) + 2


def _add_task(state: _State, block: Block, stt: str | None, offset: int, piece: str, marker: str | None) -> None:
    text = normalize(piece).strip(" ;,")
    if len(text) < 15 or text.isupper():
        return
    leading = state.registry.leading_unit(text)
    lead = leading or state.unit
    deadline = find_prose_deadline(text)
    # A task is an item ("a)", "(1)", "-", "1.") or a sentence with a deadline, never a letterhead line.
    if not lead or not (marker or stt or deadline):
        return
    skipped = len(piece) - len(piece.lstrip())
    state.tasks.append(
        ParsedTask(
            section=" ".join([".".join(state.section), state.unit or ""]).strip() + " (prose)",
            stt=stt,
            line=_line_at(block, offset + skipped),
            content=text.rstrip("."),
            lead_text=lead,
            deadline_text=deadline,
        )
    )


def _flush(state: _State) -> None:
    """Emit the tasks of a finished "Nhiệm vụ" block, each with the block's unit and deadline."""
    pending, state.pending = state.pending, None
    if pending is None or not pending.lead:
        return
    for item in pending.items:
        state.tasks.append(
            ParsedTask(
                section=pending.section,
                stt=None,
                line=item.line,
                content=item.text.rstrip("."),
                lead_text=pending.lead,
                coordinating_text=pending.coordinating,
                deadline_text=pending.deadline or find_prose_deadline(item.text),
            )
        )
