"""Parser for the monthly Đề án 06 working-group report (markdown prose plus a TAB-separated late-tasks table).

The layout is Báo cáo 230/BC-TCTTKĐA: section IV lists next month's directives in prose, and the
document ends with "NHIỆM VỤ CHẬM MUỘN …", one table row per line, cells separated by TABs and
sometimes wrapped in `<p>`/`<ul><li>` tags.
"""

from __future__ import annotations

import re

from dondoc.ingest.layouts._monthly_prose import parse_directives, plain
from dondoc.ingest.model import ParsedTask
from dondoc.nlp.text import normalize

LAYOUT = "monthly_report"

_HEADING = re.compile(r"^#{1,6}\s")
_TABLE_HEADER = re.compile(r"^STT\t", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
# Inside `<p>` cells the exporter put runs of spaces where the original had line breaks.
_WIDE_GAP = re.compile(r"\s{5,}")
_DOC_WORD = (
    r"(?:Chỉ thị|Chi thị|Thông báo|Công văn|Nghị quyết|Quyết định|Văn bản|Nghị định|Kế hoạch|Thông tư|Luật|Tờ trình)"
)
# "- A - B" inside one `<p>` cell: split only before a document word, so "Văn hóa - Thể thao" stays whole.
_INLINE_ITEM = re.compile(r"\s+-\s+(?=" + _DOC_WORD + r"\b)")
_GROUP = re.compile(r"^([A-Z])[.:]\s*(.+)$")
_SUBGROUP = re.compile(r"^([IVX]+)[.:]\s*(.+)$")
_STT = re.compile(r"^\d{1,3}[.)]?$")


def matches(lines: list[str]) -> bool:
    """A markdown report carrying a TAB-separated "STT\\t…" table: only the monthly report looks like that."""
    has_table = any(_TABLE_HEADER.match(line) and line.count("\t") >= 4 for line in lines)
    return has_table and any(_HEADING.match(line) for line in lines)


def parse(lines: list[str]) -> list[ParsedTask]:
    """Read the section IV directives and the late-tasks table.

    Args:
        lines: the file's text split into lines (``text.splitlines()``).

    Returns:
        The prose directives of section IV (no result, since they are next month's work), then
        the table rows, each with ``status_hint="not_done"`` because the table lists late tasks only.

    Raises:
        ValueError: when the late-tasks table is missing or has no task row.
    """
    header = next((i for i, line in enumerate(lines) if _TABLE_HEADER.match(line) and line.count("\t") >= 4), None)
    if header is None:
        raise ValueError("monthly report: no TAB-separated 'STT\\t…' task table found")
    rows = _table_rows(lines, header)
    if not rows:
        raise ValueError(f"monthly report: the task table at line {header + 1} has no numbered rows")
    return parse_directives(lines[:header]) + rows


def _table_rows(lines: list[str], header: int) -> list[ParsedTask]:
    group = subgroup = ""
    group_label = sub_label = ""
    tasks: list[ParsedTask] = []
    for index in range(header + 1, len(lines)):
        line = lines[index]
        if _HEADING.match(line):  # a group heading written as markdown ("#### B. …") instead of a row
            found = _GROUP.match(plain(line.lstrip("#")))
            if found:
                group, group_label, subgroup, sub_label = found[1], _group_label(found[2]), "", ""
            continue
        if "\t" not in line:
            continue
        cells = [*line.split("\t"), "", "", "", "", ""][:6]
        first = plain(cells[0])
        if not any(plain(cell) for cell in cells[1:]):
            # Roman numerals first: "I." is a subgroup, not a group letter.
            if found := _SUBGROUP.match(first):
                subgroup, sub_label = found[1], _sub_label(found[2])
            elif found := _GROUP.match(first):
                group, group_label, subgroup, sub_label = found[1], _group_label(found[2]), "", ""
            continue
        if not _STT.match(first):
            continue
        section = f"{group}.{subgroup} {group_label} - {sub_label}" if subgroup else f"{group} {group_label}"
        tasks.append(
            ParsedTask(
                section=section.strip(),
                stt=first.rstrip(".)"),
                line=index + 1,
                content=plain(cells[1]),
                directing_docs=_doc_items(cells[2]),
                lead_text=plain(cells[3]),
                deadline_text=plain(cells[4]) or None,
                result_text=plain(cells[5]) or None,
                status_hint="not_done",
            )
        )
    return tasks


def _doc_items(cell: str) -> list[str]:
    """Directing documents one per item: `<li>` items, wide gaps or " - " before a document word."""
    if "<li" in cell:
        parts = re.split(r"</li>", cell)
    else:
        parts = [p for chunk in _WIDE_GAP.split(_TAG.sub(" ", cell)) for p in _INLINE_ITEM.split(chunk)]
    items = [plain(part).lstrip("-•+ ").rstrip(" ;,") for part in parts]
    return [item for item in items if item]


def _group_label(heading: str) -> str:
    """Short name of a top group: the road map of the Đề án, or the directives issued since."""
    upper = heading.upper()
    if "LỘ TRÌNH" in upper:
        return "Lộ trình Đề án"
    if "CHỈ THỊ" in upper or "NGHỊ QUYẾT" in upper:
        return "Chỉ thị/NQ/TCTTKĐA"
    return heading.capitalize()


def _sub_label(heading: str) -> str:
    """ "Nhiệm vụ cụ thể của các bộ, ngành (10 nhiệm vụ):" -> "nhiệm vụ cụ thể bộ, ngành"."""
    text = re.sub(r"\([^)]*\)", " ", heading).replace("của các ", "")
    text = normalize(text).strip(" :.")
    return text[:1].lower() + text[1:]
