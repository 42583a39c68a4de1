"""The document a news item or a Q&A page is about, from its lead and its title ("Ngày 17/11/2025, UBND tỉnh Bắc
Ninh ban hành Công văn 4858/UBND-KTTH …", "Bộ Nội vụ vừa ban hành Báo cáo 10412/BC-BNV năm 2025 …", "… theo
Chỉ thị 10/CT-TTg như thế nào?"), for a text that has no letterhead of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# The kinds of document a title or a lead names, as officials write them.
KIND_WORDS = (
    "Thông báo", "Kế hoạch", "Nghị quyết", "Báo cáo", "Chỉ thị", "Quyết định", "Chương trình", "Phụ lục",
    "Công điện", "Công văn", "Hướng dẫn", "Kết luận", "Tờ trình", "Nghị định", "Thông tư",
)  # fmt: skip
# A document number: "634/TB-VPCP", "432-TB/VPTW", "11554/VPCP-V.I", "66.4/2025/NQ-CP".
NUMBER = r"\d{1,6}(?:\.\d+)?(?:\s*-\s*[\w.]+)*\s*/\s*[\w.]*\w(?:\s*[-/]\s*[\w.]*\w)*"
_KIND = "|".join(KIND_WORDS)
_ISSUER = r"[A-ZĐÀ-Ỹ][^,.;:()]{2,60}?"


def _day_pattern(name: str) -> str:
    """A day "6/11/2025" (or "6/11") with its parts named `name`d, `name`m, `name`y."""
    return rf"(?P<{name}d>\d{{1,2}})/(?P<{name}m>\d{{1,2}})(?:/(?P<{name}y>\d{{4}}))?"


# "<issuer> (đã|vừa) ban hành <kind> (số) <number> (ngày d/m/yyyy)", after "Ngày d/m/yyyy, " or at the start.
_LEAD = re.compile(
    rf"^(?:Ngày\s+{_day_pattern('before')}\s*,\s*)?(?P<issuer>{_ISSUER})\s+"
    rf"(?:(?:đã|vừa)\s+)*(?P<verb>ban hành|có|thông báo)\s+"
    rf"(?:(?P<kind>{_KIND})\s+(?:số\s+)?(?P<number>{NUMBER})(?:\s+ngày\s+{_day_pattern('after')})?)?"
)
# "Giờ đăng: 07/11/2025 8:52 AM", "Giờ đăng: 11:28 ngày 10/06/2025": when a news item was posted.
_POSTED = re.compile(r"^Giờ đăng[^:]{0,20}:.*?(\d{1,2})/(\d{1,2})/(\d{4})")
_NAMED = re.compile(rf"\b({_KIND})\s+(?:số\s+)?({NUMBER})")
# The lead is within the first lines: the title, a site's "Nội dung chính", then the lead.
_LEAD_LINES = 10
_TITLE_CHARS = 200


@dataclass(frozen=True)
class ArticleLead:
    """The document an article is about, as its title and lead name it (all None when they name none)."""

    kind: str | None = None
    number: str | None = None
    issuer: str | None = None
    issued: date | None = None
    title: str | None = None


def read_lead(top: list[str], posted: date | None = None) -> ArticleLead:
    """The document the article whose first lines are `top` is about.

    A lead sentence gives the issuer, and the kind, number and date when it names them; otherwise the title
    names the document ("… theo Chỉ thị 10/CT-TTg …") and a sentence about it says who issued it ("… do Thủ
    tướng Chính phủ ban hành").

    Args:
        posted: when the article was posted (`posted_on`): a lead's date without a year ("Ngày 6/11") is the
            last such day on or before it; without it, such a date is no date.
    """
    if not top:
        return ArticleLead()
    title = top[0] if len(top[0]) <= _TITLE_CHARS and not top[0].lower().startswith("kính gửi") else None
    for line in top[:_LEAD_LINES]:
        found = _LEAD.match(line)
        if found is None or not (found["number"] or (line.startswith("Ngày") and found["verb"] != "có")):
            continue
        number = _compact(found["number"]) if found["number"] else None
        issued = next(
            (
                day
                for when in ("before", "after")
                if (day := _day(found[f"{when}d"], found[f"{when}m"], found[f"{when}y"], posted))
            ),
            None,
        )
        return ArticleLead(found["kind"], number, found["issuer"], issued, title)
    named = _NAMED.search(title or "")
    if named is None:
        return ArticleLead(title=title)
    kind, number = named[1], _compact(named[2])
    issued_by = re.compile(rf"{re.escape(kind)}\s+(?:số\s+)?{re.escape(number)}\b[^.;]*?\bdo\s+({_ISSUER})\s+ban hành")
    issuer = next((m[1] for line in top[:_LEAD_LINES] if (m := issued_by.search(line))), None)
    return ArticleLead(kind, number, issuer, None, title)


def _compact(number: str) -> str:
    return re.sub(r"\s+", "", number).rstrip(".")


def posted_on(lines: list[str]) -> date | None:
    """The day a news item says it was posted, from its footer ("Giờ đăng: 07/11/2025 8:52 AM")."""
    found = next((m for line in lines if (m := _POSTED.match(line))), None)
    return _day(found[1], found[2], found[3]) if found else None


def _day(day: str | None, month: str | None, year: str | None, posted: date | None = None) -> date | None:
    if not (day and month):
        return None
    if year:
        return _date(int(year), int(month), int(day))
    if posted is None:
        return None
    found = _date(posted.year, int(month), int(day))
    return found if found is None or found <= posted else _date(posted.year - 1, int(month), int(day))


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
