"""Section IV of the monthly report: next month's directives written as prose, turned into task rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dondoc.ingest.model import ParsedTask
from dondoc.nlp.dates import find_prose_deadlines
from dondoc.nlp.text import fold, normalize

GENERAL_UNITS = "Các bộ, ngành, địa phương"

_TAG = re.compile(r"<[^>]*>")
_FOOTNOTE_REF = re.compile(r"<sup>\s*\(?\d+\)?\s*</sup>")
_FOOTNOTE_LINE = re.compile(r"^<sup>\d+</sup>")
_SECTION_IV = re.compile(r"^#{1,6}\s*(?:\*\*)?IV\.\s")
_SECTION_END = re.compile(r"^(?:#{1,6}\s*(?:\*\*)?V\.\s|\*\*Nơi nhận)")
_SUBSECTION = re.compile(r"^#{1,6}\s*(?:\*\*)?(\d+)\.\s+(.+)$")
# "**2.1. Bộ Công an:** (1) …", "**2.8. Ngân hàng Nhà nước Việt Nam** Chỉ đạo …", "### **2.11. Văn phòng Chính phủ**"
_UNIT_BLOCK = re.compile(r"^(?:#{1,6}\s*)?\*\*(\d+)\.(\d+)\.?\s*(.+?)\*\*\s*(.*)$")
_NUMBERED = re.compile(r"^\((\d{1,2})\)\s*(.*)$")
_BULLET = re.compile(r"^[-•]\s+(.*)$")
_MARK = re.compile(r"(?:<sup>)?\((\d{1,2})\)(?:</sup>)?\s*")
# "Bộ Kế hoạch và Đầu tư: Khẩn trương …" names its unit before a colon.
_UNIT_LABEL = re.compile(r"^((?:Bộ|Các|Văn phòng|Ngân hàng|Bảo hiểm|UBND|Ủy ban|Thanh tra)[^:.;]{0,60}):\s*(.*)$")
# A general directive whose sentence opens with named units ("Bộ Tư pháp, Văn phòng Chính phủ phối hợp Bộ Công an
# trong việc …") is theirs: the subject runs from a unit name to the first verb.
_NAMED_SUBJECT = re.compile(r"^(?:Bộ|Văn phòng|Ngân hàng|Bảo hiểm|Thanh tra|UBND|Ủy ban)\s")
_VERB = re.compile(
    r"\s(?:khẩn trương|tiếp tục|chủ trì|trong việc|đẩy mạnh|chỉ đạo|hướng dẫn|rà soát|phải|nghiên cứu|xây dựng"
    r"|ban hành|hoàn thành|hoàn thiện|triển khai|tổ chức|thực hiện|đôn đốc|báo cáo|cử|đi đầu)\s"
)
# Forms find_prose_deadline misses: "trước 15/02/2024" without "ngày", "Đến hết tháng 3/2024", "Thực hiện thường xuyên".


@dataclass
class _Item:
    stt: str
    line: int
    raw: str
    section: str
    lead: str
    inline: bool = False  # a block's own sentence: its "(1) … (2) …" parts are the block's items 1, 2, …
    children: list[_Item] = field(default_factory=list)


def plain(text: str) -> str:
    """Text without tags, footnote references or markdown emphasis, whitespace collapsed."""
    text = _TAG.sub(" ", _FOOTNOTE_REF.sub("", text))
    return normalize(text.replace("*", ""))


def parse_directives(lines: list[str]) -> list[ParsedTask]:
    """Directives of section IV ("Nhiệm vụ … tháng N"), one task per numbered item, bullet or "(n)" sub-item.

    Items of "1. Nhiệm vụ chung" fall to all ministries and localities unless a bullet names its unit
    ("- Bộ Kế hoạch và Đầu tư: …"); items of "2. Nhiệm vụ cụ thể" fall to the unit of their block.
    """
    start = next((i for i, line in enumerate(lines) if _SECTION_IV.match(line)), None)
    if start is None:
        return []
    end = next((i for i in range(start + 1, len(lines)) if _SECTION_END.match(lines[i])), len(lines))
    items = _collect(lines, start + 1, end)
    return [task for item in items for task in _tasks(item)]


def _collect(lines: list[str], start: int, end: int) -> list[_Item]:
    """Group section IV's paragraphs into items, bullets under the numbered item they follow."""
    items: list[_Item] = []
    section, lead, sub = "IV", GENERAL_UNITS, ""
    for index in range(start, end):
        text = lines[index].strip()
        if not text or _FOOTNOTE_LINE.match(text):
            continue
        if block := _UNIT_BLOCK.match(text):
            name = plain(block[3]).strip(" :")
            section, lead = f"IV.{block[1]}.{block[2]} {name}", name
            rest = block[4].lstrip(": ").strip()
            if rest:
                # "**2.6. Bộ Y tế** phối hợp với …": the bold name is the sentence's subject.
                raw = f"{name} {rest}" if rest[:1].islower() else rest
                items.append(_Item(str(_count(items, section) + 1), index + 1, raw, section, lead, inline=True))
            continue
        if heading := _SUBSECTION.match(text):
            sub = heading[1]
            section, lead = f"IV.{sub} {plain(heading[2])}", GENERAL_UNITS
            continue
        if text.startswith("#"):
            continue
        last = items[-1] if items and items[-1].section == section else None
        if numbered := _NUMBERED.match(text):
            items.append(_Item(numbered[1], index + 1, numbered[2], section, lead))
        elif (bullet := _BULLET.match(text)) and last is not None:
            last.children.append(_Item(f"{last.stt}.{len(last.children) + 1}", index + 1, bullet[1], section, lead))
        elif last is not None and (text[:1].islower() or last.children):
            # A sentence cut by a page gap, or a bullet's second paragraph.
            target = last.children[-1] if last.children else last
            target.raw = f"{target.raw} {text}"
        else:
            items.append(_Item(str(_count(items, section) + 1), index + 1, text, section, lead))
    return items


def _count(items: list[_Item], section: str) -> int:
    return sum(1 for item in items if item.section == section)


def _tasks(item: _Item) -> list[ParsedTask]:
    """One task per directive: an intro ending in ":" yields only its bullets, "(1) … (2) …" splits."""
    tasks: list[ParsedTask] = []
    if not (item.children and plain(item.raw).endswith(":")):
        tasks.extend(_split(item))
    for child in item.children:
        tasks.extend(_split(child))
    return tasks


def _split(item: _Item) -> list[ParsedTask]:
    lead, raw = item.lead, item.raw
    if item.section.startswith("IV.1"):
        if label := _UNIT_LABEL.match(plain(raw)):
            lead = label[1]
            raw = raw.split(":", 1)[1] if ":" in raw else label[2]
        else:
            lead = _subject(plain(raw)) or lead
    parts = _numbered_parts(raw)
    if len(parts) == 1:
        return [_task(item, item.stt, lead, parts[0])]
    prefix = "" if item.inline else f"{item.stt}."
    return [_task(item, f"{prefix}{n}", lead, part) for n, part in enumerate(parts, 1)]


def _subject(text: str) -> str | None:
    """The named units a sentence opens with, up to its verb; None for "Các bộ, ngành …" or no clear verb."""
    verb = _VERB.search(text[:200]) if _NAMED_SUBJECT.match(text) else None
    return text[: verb.start()].strip(" ,") if verb else None


def _numbered_parts(raw: str) -> list[str]:
    """Split "(1) A. (2) B." (or <sup>(1)</sup> …) into its parts when the numbering runs 1, 2, … from the start."""
    marks, expect = [], 1
    for mark in _MARK.finditer(raw):
        if int(mark[1]) == expect:
            marks.append(mark)
            expect += 1
    if not marks or plain(raw[: marks[0].start()]):
        return [raw]
    bounds = [m.end() for m in marks]
    ends = [m.start() for m in marks[1:]] + [len(raw)]
    return [raw[b:e] for b, e in zip(bounds, ends, strict=True)]


def _task(item: _Item, stt: str, lead: str, raw: str) -> ParsedTask:
    content = plain(raw)
    return ParsedTask(
        section=item.section,
        stt=stt,
        line=item.line,
        content=content,
        lead_text=lead,
        deadline_text=prose_deadline(content),
    )


def prose_deadline(text: str) -> str | None:
    """The deadline a directive sets, preferring an explicit "Hoàn thành …" sentence over incidental dates.

    A paragraph often holds several dates ("… Kế hoạch trong năm 2024 … Hoàn thành trong tháng 01/2024"),
    so each sentence is read on its own and the one that says "hoàn thành"/"trước" wins.
    """
    found: list[str] = []
    for sentence in re.split(r"(?<=[.;])\s+", text):
        found.extend(find_prose_deadlines(sentence))
    for prefix in ("hoan thanh", "truoc"):
        chosen = next((p for p in found if fold(p).startswith(prefix)), None)
        if chosen:
            return chosen
    return found[0] if found else None
