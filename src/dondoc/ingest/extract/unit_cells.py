"""Who a table's unit cell names: its lead and coordinating units, without the verbs and notes around them.

A unit column is a unit slot, but its cells are often sentences: "Sở KH&CN chủ trì hướng dẫn, tổng
hợp; Các sở, ngành, UBND cấp xã thực hiện công bố …", "Sở Khoa học và Công nghệ thúc đẩy, theo
dõi, báo cáo chỉ tiêu", two units on two lines. Each clause opens with its units; the first verb
after them ends the names ("thực hiện", "phối hợp"), and a clause whose verb is "phối hợp" names
coordinators. A verb is told from a unit's own name by its lower-case initial: names capitalise
their distinctive words ("Sở Xây dựng chủ trì"). Units are read only here, never from the task text.
"""

from __future__ import annotations

import re

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract.slots import kept_together
from dondoc.nlp.table_cells import looks_like_unit
from dondoc.nlp.text import normalize
from dondoc.nlp.units import unit_key

# Lower-case verbs that end the names a clause opens with (matched case-sensitively); verbs that also
# stand inside names written in lower case ("Viện Nghiên cứu phát triển", "các tổ chức") are not here.
_VERB = re.compile(
    r"(?<![\w-])(?:chủ trì|phối hợp|thực hiện|thúc đẩy|theo dõi|báo cáo|hướng dẫn|tổng hợp|tham mưu|triển khai|"
    r"chỉ đạo|đôn đốc|ban hành|công bố|chịu trách nhiệm|có trách nhiệm|làm đầu mối|là cơ quan|được giao)(?![\w-])"
)
_COORDINATE = re.compile(r"^phối hợp(?:\s+với)?\b", re.IGNORECASE)
_NOTE = re.compile(r"\([^()]*\)")
_CLAUSE_END = re.compile(r"\s*;\s*|\.\s+(?=[A-ZĐÀ-Ỹ])|\n")
# Where one unit of a list ends: a comma or "và" before a unit's name, or a bare space (a line break
# in the cell) before a name that can only start a unit ("Các sở, ngành, UBND xã Sở Tài chính").
_LIST_BREAK = re.compile(r"\s*(?:,|\bvà\b)?\s+")
_NEW_NAME = re.compile(r"^(?:Sở|Bộ|Các|Trung tâm|Viện|Công an)\s+\w")
_ABBREVIATED = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "UBMTTQ": "Ủy ban Mặt trận Tổ quốc"}
_ABBREVIATION = re.compile(r"\b(?:UBND|HĐND|UBMTTQ)\b")


def cell_units(text: str, registry: UnitRegistry) -> tuple[list[str], list[str]]:
    """The lead and coordinating units a unit cell names, in the order written.

    Args:
        text: the cell as read (a lead column's, or a coordinating column's).
        registry: to spell a department named by its ministry's abbreviation ("Sở KH&CN") in full.

    Returns:
        (lead units, coordinating units); a cell of names only gives leads.
    """
    lead: list[str] = []
    coordinating: list[str] = []
    for clause in _CLAUSE_END.split(_NOTE.sub(" ", text)):
        clause = normalize(clause)
        while clause:
            verb = _VERB.search(clause)
            names = _unit_list(clause[: verb.start()] if verb else clause, registry)
            rest = clause[verb.start() :] if verb else ""
            if not verb and _COORDINATE.match(clause):
                coordinating += _unit_list(_COORDINATE.sub("", clause), registry)
                break
            if _COORDINATE.match(rest) and not names:
                coordinating += _unit_list(_COORDINATE.sub("", rest), registry)
                break
            (coordinating if _COORDINATE.match(rest) else lead).extend(names)
            clause = _next_clause(rest)
    lead = list(dict.fromkeys(lead))
    return lead, [name for name in dict.fromkeys(coordinating) if name not in lead]


def _next_clause(rest: str) -> str:
    """What follows a verb phrase: a later clause opening with a unit ("…, phối hợp với Sở Y tế"), else nothing."""
    coordinate = re.search(r"\bphối hợp(?:\s+với)?\s+", rest)
    if coordinate and coordinate.start() > 0:
        return rest[coordinate.start() :]
    for found in re.finditer(r",\s+", rest):
        tail = rest[found.end() :]
        if looks_like_unit(tail) and tail[:1].isupper():
            return tail
    return ""


def _unit_list(text: str, registry: UnitRegistry) -> list[str]:
    """The units of a list of names: "Sở A, Trung tâm B" are two, so are "Các sở, ngành, UBND xã, phường".

    A group's list goes on through its lower-case members ("Các bộ, ngành, địa phương" is one group).

    A text that names no body in a way this can see ("Xây dựng", "Tài chính" in a unit column) is kept
    as written: the registry reads it as the unit it stands for there.
    """
    text = text.strip(" ,.;:-")
    if not text:
        return []
    units: list[str] = []
    for part, after_comma in _split_names(text):
        if units and after_comma and units[-1].lower().startswith("các ") and not part[:1].isupper():
            units[-1] = f"{units[-1]}, {part}"  # a group's list goes on ("Các sở, ngành, địa phương")
        else:
            units.append(part)
    return [_spelled(unit, registry) for unit in kept_together(tuple(units))]


def _split_names(text: str) -> list[tuple[str, bool]]:
    """Cut a list of names before each name that opens a unit; each part says whether a comma came before it."""
    parts: list[tuple[str, bool]] = []
    start, comma = 0, False
    for found in _LIST_BREAK.finditer(text):
        tail = text[found.end() :]
        joined = found.group().strip()
        if found.start() <= start or not looks_like_unit(tail):
            continue
        if joined or _NEW_NAME.match(tail):
            parts.append((text[start : found.start()], comma))
            start, comma = found.end(), joined == ","
    parts.append((text[start:], comma))
    return [(part.strip(" ,.;:-"), after) for part, after in parts if part.strip(" ,.;:-")]


def _spelled(unit: str, registry: UnitRegistry) -> str:
    """A unit spelled out: "UBND xã" -> "Ủy ban nhân dân xã", "Sở KH&CN" -> "Sở Khoa học và Công nghệ"."""
    unit = _ABBREVIATION.sub(lambda found: _ABBREVIATED[found.group()], unit)
    head, _, rest = unit.partition(" ")
    if head == "Sở" and rest:
        key = unit_key(f"Bộ {rest}")
        for entry in registry.entries.values():
            if entry.kind == "ministry" and key in {unit_key(a) for a in (entry.name, *entry.aliases)}:
                return "Sở " + entry.name.removeprefix("Bộ ")
    return unit
