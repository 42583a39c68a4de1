"""Deadlines as the reports write them ("Quý II/2023", "hoàn thành trong tháng 6 năm 2025") -> kind and due date."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from dondoc.nlp.documents import REFERENCE
from dondoc.nlp.text import fold, normalize

KINDS = ("date", "month", "quarter", "half", "year", "recurring", "open", "none")

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(20[2-3]\d)"
# Every pattern runs on folded text (no diacritics, lower case); the order is the precedence
# when two forms overlap: a full date beats "tháng M/YYYY" beats a bare year.
_DAY_MONTH_YEAR = re.compile(
    r"(?<![\d/.])(\d{1,2})\s*(?:/|-|\.|\s+thang\s+)\s*(\d{1,2})\s*(?:/|-|\.|\s+nam\s+)\s*" + _YEAR + r"(?!\d)"
)
_MONTH_YEAR = re.compile(r"(?:\bthang|\bthan?g)?\s*(?<![\d/.])(\d{1,2})\s*(?:/|\.|-|\s+nam\s+)\s*" + _YEAR + r"(?!\d)")
_QUARTER = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\s*(?:/|\.|-|\s+nam\s+|\s+)\s*" + _YEAR)
# A spreadsheet's date cell as a reader may print it: "2025-06-30" or "2025-06-30 00:00:00".
_ISO_DATE = re.compile(r"(?<![\d/.])" + _YEAR + r"-(\d{1,2})-(\d{1,2})(?![\d/])")
_YEAR_RANGE = re.compile(_YEAR + r"\s*-\s*" + _YEAR)
_HALF = re.compile(r"\bnua\s+(dau|cuoi)\s+(?:nam\s+)?" + _YEAR)
# "Bắt đầu triển khai từ năm 2026": when work starts, with no end.
_OPEN = re.compile(r"\bbat\s+dau\b|^tu\s+(?:nam|thang)\b")
_CLOSING = re.compile(r"\b(?:den|truoc|hoan\s+thanh|xong)\b")
_BARE_YEAR = re.compile(r"(?<![\d/.])" + _YEAR + r"(?![\d/])")
_RECURRING = re.compile(
    r"thuong\s*xuyen|hang\s+(?:nam|thang|quy|tuan|ngay)|dinh\s+ky|\d\s+lan\s*/\s*(?:ngay|tuan|thang)"
)
# "từ ngày 01 tháng 7 năm 2025" names when something takes effect, not when it is due.
_EFFECTIVE_FROM = re.compile(r"\btu\s+ngay\s+\d{1,2}(?:\s+thang\s+|/)\d{1,2}(?:\s+nam\s+|/)" + _YEAR)
# A deadline phrase inside prose, as directives end their sentences: a lead-in ("hoàn thành
# trong", "trước", "đến hết") and a dated period in any of the written forms.
_PERIOD = (
    r"(?:ngay\s+)?\d{1,2}(?:\s+thang\s+|/)\d{1,2}(?:\s+nam\s+|/)"
    + _YEAR
    + r"|(?:thang\s+)?\d{1,2}(?:\s+nam\s+|/)"
    + _YEAR
    + r"|quy\s+(?:iv|iii|ii|i|[1-4])(?:\s+nam\s+|/|\.)"
    + _YEAR
    + r"|nua\s+(?:dau|cuoi)\s+nam\s+"
    + _YEAR
    + r"|nam\s+"
    + _YEAR
)
_PROSE_DEADLINE = re.compile(
    r"(?:(?:hoan\s+thanh|xong|trinh|ban\s+hanh|bao\s+cao[\w\s]{0,20}?)\s+)?"
    r"(?:truoc|trong|(?:tu\s+nay\s+)?den\s+het|cham\s+nhat(?:\s+la)?|den)\s+(?:" + _PERIOD + r")"
    r"|thuc\s+hien\s+thuong\s+xuyen|nhiem\s+vu\s+thuong\s+xuyen|truoc\s+ngay\s+\d{1,2}\s+hang\s+thang"
)
# A recurring time a sentence gives when it gives no dated deadline: "trước ngày 25/12 hằng năm", "trước 19h00 hằng
# ngày", "định kỳ hàng tháng", "02 lần/ngày".
_PROSE_RECURRING = re.compile(
    r"(?:truoc|cham\s+nhat)\s+(?:ngay\s+)?[\w/:’' ]{1,16}?\s+hang\s+(?:ngay|tuan|thang|quy|nam)"
    r"|(?:dinh\s+ky\s+)?hang\s+(?:ngay|tuan|thang|quy|nam)(?!\s+\d)|\d{1,2}\s+lan\s*/\s*(?:ngay|tuan|thang)"
)


@dataclass(frozen=True)
class Deadline:
    """A deadline as written, what kind of period it names and the last day of that period."""

    text: str | None
    kind: str
    due: date | None
    start: date | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"text": self.text, "kind": self.kind, "due": self.due.isoformat() if self.due else None}


NO_DEADLINE = Deadline(None, "none", None)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    """A calendar date, clamping impossible days such as "30/2/2023" to the month's end."""
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _candidates(folded: str, skip_effective: bool = True) -> list[tuple[int, str, date]]:
    """Every dated period in the text as (position, kind, due), overlapping forms resolved.

    An effective date ("từ ngày …") is skipped unless asked for: next to another date it
    says when something starts, not when it is due.
    """
    found: list[tuple[int, str, date]] = []
    taken: list[range] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= r.start or span[0] >= r.stop for r in taken)

    def add(m: re.Match[str], kind: str, due: date | None) -> None:
        if due and free(m.span()):
            found.append((m.start(), kind, due))
            taken.append(range(*m.span()))

    # "Theo tiến độ của Nghị quyết số 50/NQ-CP ngày 08/4/2022": a document's date is never a deadline.
    taken.extend(range(*m.span()) for m in REFERENCE.finditer(folded))
    if skip_effective:
        taken.extend(range(*m.span()) for m in _EFFECTIVE_FROM.finditer(folded))
    for m in _ISO_DATE.finditer(folded):
        add(m, "date", _safe_date(int(m[1]), int(m[2]), int(m[3])))
    for m in _DAY_MONTH_YEAR.finditer(folded):
        add(m, "date", _safe_date(int(m[3]), int(m[2]), int(m[1])))
    for m in _QUARTER.finditer(folded):
        q = _ROMAN[m[1]]
        add(m, "quarter", _month_end(int(m[2]), q * 3))
    for m in _HALF.finditer(folded):
        add(m, "half", date(int(m[2]), 6, 30) if m[1] == "dau" else date(int(m[2]), 12, 31))
    for m in _YEAR_RANGE.finditer(folded):
        add(m, "year", date(int(m[2]), 12, 31))
    for m in _MONTH_YEAR.finditer(folded):
        month = int(m[1])
        add(m, "month", _month_end(int(m[2]), month) if 1 <= month <= 12 else None)
    for m in _BARE_YEAR.finditer(folded):
        add(m, "year", date(int(m[1]), 12, 31))
    return sorted(found)


def parse_deadline(text: str | None) -> Deadline:
    """Read a deadline cell.

    Args:
        text: the cell as written, e.g. "Tháng 5/2022", "Quý II.2024", "2022- Thường xuyên".

    Returns:
        The deadline with its kind and due date (the last day of the period). Where a cell
        gives two dates ("Tháng 6/2023 Tháng 3/2024 (Lộ trình …)") the later one is due,
        since the second is the revised roadmap. A cell saying "thường xuyên" is recurring.
    """
    if text is None or not normalize(text):
        return NO_DEADLINE
    written = normalize(text)
    folded = fold(written)
    if _RECURRING.search(folded):
        return Deadline(written, "recurring", None)
    if _OPEN.search(folded) and not _CLOSING.search(folded):
        return Deadline(written, "open", None, _start(folded))
    # A cell that is only "Từ ngày 01/8/2022" is due from that day.
    found = _candidates(folded) or _candidates(folded, skip_effective=False)
    if not found:
        return Deadline(written, "none", None)
    _, kind, due = max(found, key=lambda c: c[2])
    return Deadline(written, kind, due, _start(folded))


def _start(folded: str) -> date | None:
    """When a range ("2026 - 2030", "Từ ngày 01/3/2026 đến …", "từ năm 2026") starts, if it says."""
    years = _YEAR_RANGE.search(folded)
    if years:
        return date(int(years[1]), 1, 1)
    effective = _EFFECTIVE_FROM.search(folded)
    if effective:
        found = _DAY_MONTH_YEAR.search(folded, effective.start())
        return _safe_date(int(found[3]), int(found[2]), int(found[1])) if found else None
    since = re.search(r"\btu\s+nam\s+" + _YEAR, folded)
    return date(int(since[1]), 1, 1) if since else None


def find_prose_deadlines(sentence: str) -> list[str]:
    """Every deadline phrase in a sentence, in order, as written ("trước 31/01/2024", "trong tháng 3/2024").

    An effective date such as "từ ngày 01 tháng 7 năm 2025" is not a deadline and is not returned.
    """
    written = normalize(sentence)
    folded = fold(written)  # same length as `written` for NFC Vietnamese, so spans map back
    return [written[m.start() : m.end()].strip(" ,.;") for m in _PROSE_DEADLINE.finditer(folded)]


def find_recurring(sentence: str) -> str | None:
    """The recurring time a sentence gives ("trước ngày 25/12 hằng năm", "02 lần/ngày"), or None."""
    written = normalize(sentence)
    found = _PROSE_RECURRING.search(fold(written))
    return written[found.start() : found.end()].strip(" ,.;") if found else None


def find_prose_deadline(sentence: str) -> str | None:
    """The deadline phrase a directive's sentence ends with, e.g. "hoàn thành trong tháng 6 năm 2025", or None."""
    found = find_prose_deadlines(sentence)
    return found[-1] if found else None
