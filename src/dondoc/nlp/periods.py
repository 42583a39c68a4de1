"""Time windows in questions ("tháng 6/2025", "quý này", "tuần tới", "sắp đến hạn"), relative to a given today."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from dondoc.nlp.abbreviations import fold_aligned
from dondoc.nlp.text import blank, fold, normalize
from dondoc.nlp.vocabulary import compile_phrase, entries

# Days ahead that "sắp đến hạn" (coming due) looks at.
SOON_DAYS = 30


def _words(table: str) -> str:
    """One alternation of every phrase of a table of words/periods.toml, on folded text, longest first."""
    phrases = sorted((p for e in entries("periods", table) for p in e.phrases), key=len, reverse=True)
    return "(?:" + "|".join(compile_phrase(p) for p in phrases) + ")"


def _steps(table: str) -> dict[str, int]:
    """Folded phrase -> its entry's step ("toi" -> 1, "ngoai" -> -1)."""
    return {fold(p): int(e.values["step"]) for e in entries("periods", table) for p in e.phrases}


# "tuan", "thang", "quy", "nam": each grain's folded word is its code.
_GRAIN = "(" + "|".join(str(e.values["code"]) for e in entries("periods", "grain")) + ")"
_COUNTED = _GRAIN.replace("(", "(ngay|", 1)  # a length: "7 ngày", "2 tuần", "1 năm"
_STEPS = _steps("which")
_WHICH = "(" + "|".join(compile_phrase(p) for p in sorted(_STEPS, key=len, reverse=True)) + ")"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(20[2-3]\d)"
_SEP = r"\s*(?:/|\.|-|\s+nam\s+|\s+)\s*"
_DAY = re.compile(
    r"(?<![\d/.])(?:ngay\s+)?(\d{1,2})\s*(?:/|-|\.|\s+thang\s+)\s*(\d{1,2})\s*(?:/|-|\.|\s+nam\s+)\s*" + _YEAR
)
# "trước 30/6": a day and month, the year unsaid (this year).
_DAY_MONTH = re.compile(r"(?<![\d/.])(?:ngay\s+)?(\d{1,2})/(\d{1,2})(?![\d/])")
_QUARTER = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\b(?:" + _SEP + _YEAR + r")?")
_HALF = re.compile(r"\b(?:(?:6|sau)\s+thang|nua)\s+(dau|cuoi|sau)\s+nam(?:\s+" + _YEAR + r")?")
_MONTH = re.compile(
    r"\b(?:thang\s+|t)(\d{1,2})\b(?:" + _SEP + _YEAR + r")?|(?<![\d/.])(\d{1,2})/" + _YEAR + r"(?![\d/])"
)
_YEAR_ONLY = re.compile(r"\bnam\s+" + _YEAR + r"|(?<=\s)" + _YEAR + r"(?![\d/])(?=\s*(?:$|\?|\.|,))")
_RELATIVE = re.compile(r"\b" + _GRAIN + r"\s+" + _WHICH + r"\b")
# "tháng 12 năm ngoái": the relative year right after a dated period.
_YEAR_TAIL = re.compile(r"\s+nam\s+" + _WHICH + r"\b")
_AHEAD = re.compile(r"\b(?:trong\s+)?(\d{1,3})\s+" + _COUNTED + r"\s+" + _words("ahead") + r"\b")
_SOON = re.compile(r"\b" + _words("soon") + r"\b")
# "quá hạn hơn 1 năm", "trễ hạn trên 3 tháng": how long past due (group 1 is the length, the rest says overdue).
_OVERDUE_BY = re.compile(
    r"\b" + _words("overdue_by") + "(" + _words("more_than") + r"\s+(\d{1,3})\s+" + _COUNTED + r"(?:\s+tro\s+len)?)\b"
)
# "từ đầu năm", "từ đầu quý này": from the first day of the current period to today.
_SINCE_START = re.compile(r"\b" + _words("since_start") + r"\s+" + _GRAIN + r"(?:\s+nay)?\b(?!\s*\d)")
_DAY_STEPS = _steps("day")
_NUMBERS = entries("periods", "number")
_LENGTH_AFTER = re.compile(r"\s+" + _COUNTED + r"\b(?!\s*\d)")
_TODAY = re.compile(r"\b(" + "|".join(compile_phrase(p) for p in _DAY_STEPS) + r")\b")
# "từ nay đến cuối năm", "trước hết quý này", "đến cuối tháng": from today to the end of the current period.
_UNTIL_END = re.compile(r"\b" + _words("until_end") + r"\s+" + _GRAIN + r"(?:\s+nay)?\b(?!\s*\d)")
_BEFORE = re.compile(r"\b" + _words("before") + r"\s+(?:ngay\s+)?$")
_AFTER = re.compile(r"\b" + _words("after") + r"\s+(?:ngay\s+)?$")
# "tính đến hôm nay", "đến nay", "tính đến ngày 01/3/2023", "tính tới cuối tháng 6/2024": the day a question
# judges by, never a due window.
_AS_OF_NOW = re.compile(r"\b" + _words("as_of_now") + r"\b")
_AS_OF_DAY = re.compile(r"\b" + _words("as_of_day") + r"$")
# A leading "trước", "từ", "đến hết", "cuối", "đầu" … belongs to the window's words.
_EXTEND = re.compile(
    r"\b(?:(?:" + _words("before") + "|" + _words("after") + r")\s+)?"
    r"(?:(?:\d{1,2}\s+ngay\s+)?(?:cuoi|dau|giua|het)\s+)?(?:ngay\s+)?$"
)


@dataclass(frozen=True)
class Period:
    """A window of due dates a question asks about.

    Attributes:
        start, end: inclusive bounds; None leaves that side open ("trước 30/6/2025").
        kind: the grain the question named (date, month, quarter, half, year, week, soon, ahead, range, ago),
            so a task whose own deadline has that grain ("Quý II/2024" for "quý II/2024") can rank first.
        span: where the phrase stands in the normalised question.
        other_spans: further words of the same window ("trong 2 tuần tới" of "sắp đến hạn … trong 2 tuần tới").
    """

    start: date | None
    end: date | None
    kind: str
    span: tuple[int, int] = (0, 0)
    other_spans: tuple[tuple[int, int], ...] = ()

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """Every span of the question that says this window."""
        return (self.span, *self.other_spans)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _calendar_day(year: int, month: int, day: int) -> date | None:
    """That day, or None when the calendar has none ("31/6", "29/2/2025"): such text is no date."""
    if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return date(year, month, day)
    return None


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _shift(today: date, count: int, unit: str) -> date:
    """The day `count` days, weeks, months or years after `today` (before it when negative)."""
    if unit in ("ngay", "tuan"):
        return today + timedelta(days=count * (7 if unit == "tuan" else 1))
    months = _add_months(today.replace(day=1), count * {"nam": 12, "quy": 3}.get(unit, 1))
    return months.replace(day=min(today.day, calendar.monthrange(months.year, months.month)[1]))


def _relative(unit: str, which: str, today: date) -> tuple[date, date]:
    step = _STEPS.get(" ".join(which.split()), 0)
    if unit == "tuan":
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=step)
        return monday, monday + timedelta(days=6)
    if unit == "thang":
        first = _add_months(today.replace(day=1), step)
        return first, _month_end(first.year, first.month)
    if unit == "quy":
        first = _add_months(date(today.year, (today.month - 1) // 3 * 3 + 1, 1), 3 * step)
        last = _add_months(first, 2)
        return first, _month_end(last.year, last.month)
    return date(today.year + step, 1, 1), date(today.year + step, 12, 31)


def _absolute(folded: str, year_default: int) -> list[tuple[int, int, date, date, str]]:
    """Dated periods in the folded text as (start, end position, first day, last day, kind), overlaps resolved."""
    found: list[tuple[int, int, date, date, str]] = []

    def add(m: re.Match[str], first: date, last: date, kind: str) -> None:
        if all(m.end() <= s or m.start() >= e for s, e, *_ in found):
            found.append((m.start(), m.end(), first, last, kind))

    for m in _DAY.finditer(folded):
        if day := _calendar_day(int(m[3]), int(m[2]), int(m[1])):
            add(m, day, day, "date")
    for m in _DAY_MONTH.finditer(folded):
        if day := _calendar_day(year_default, int(m[2]), int(m[1])):
            add(m, day, day, "date")
    for m in _HALF.finditer(folded):
        year = int(m[2]) if m[2] else year_default
        add(
            m,
            *((date(year, 1, 1), date(year, 6, 30)) if m[1] == "dau" else (date(year, 7, 1), date(year, 12, 31))),
            "half",
        )
    for m in _QUARTER.finditer(folded):
        quarter, year = _ROMAN[m[1]], int(m[2]) if m[2] else year_default
        add(m, date(year, quarter * 3 - 2, 1), _month_end(year, quarter * 3), "quarter")
    for m in _MONTH.finditer(folded):
        month = int(m[1] or m[3])
        year = int(m[2] or m[4]) if (m[2] or m[4]) else year_default
        if 1 <= month <= 12:
            add(m, date(year, month, 1), _month_end(year, month), "month")
    for m in _YEAR_ONLY.finditer(folded):
        year = int(m[1] or m[2])
        add(m, date(year, 1, 1), date(year, 12, 31), "year")
    # "tháng 12 năm ngoái": the relative year that dated the period belongs to its phrase.
    return sorted(
        (start, tail.end() if (tail := _YEAR_TAIL.match(folded, end)) else end, first, last, kind)
        for start, end, first, last, kind in found
    )


def find_period(text: str, today: date) -> Period | None:
    """The due-date window a question names, if any.

    Args:
        text: the question, normalised (documents it cites blanked out first: their dates are not deadlines).
        today: what "this quarter", "next week" and "coming due" are relative to.

    Returns:
        The window; "từ A đến B" spans both, "trước X" closes only the end, "sau X" only the start.
    """
    folded = _numbers_as_digits(text)
    soon = _SOON.search(folded)
    if m := _AHEAD.search(folded):
        last_day = _shift(today, int(m[1]), m[2])
        if soon:  # "sắp đến hạn trong 2 tuần tới": coming due within the window the question gives
            return Period(today, last_day, "soon", soon.span(), (m.span(),))
        return Period(today, last_day, "ahead", m.span())
    if soon:
        # "sắp đến hạn trong tháng này": coming due, from today to the end of the window named with it
        within = find_period(blank(folded, [soon.span()]), today)
        if within and within.end:
            first_day = max(within.start or today, today) if within.end >= today else within.start
            return Period(first_day, within.end, "soon", soon.span(), within.spans)
        return Period(today, today + timedelta(days=SOON_DAYS), "soon", soon.span())
    if m := _OVERDUE_BY.search(folded):  # past due by more than that long: due before that many units ago
        return Period(None, _shift(today, -int(m[2]), m[3]) - timedelta(days=1), "ago", m.span(1))
    if m := _SINCE_START.search(folded):
        return Period(_relative(m[1], "nay", today)[0], today, "range", m.span())
    if m := _UNTIL_END.search(folded):
        return Period(today, _relative(m[1], "nay", today)[1], "ahead", m.span())
    if m := _TODAY.search(folded):
        day = today + timedelta(days=_DAY_STEPS[" ".join(m[1].split())])
        return Period(day, day, "date", m.span())
    relative = _RELATIVE.search(folded)
    # "tháng 6 năm nay": the relative year only dates the month named with it.
    year_default = _relative("nam", relative[2], today)[0].year if relative and relative[1] == "nam" else today.year
    found = _absolute(folded, year_default)
    if not found:
        if relative:
            first, last = _relative(relative[1], relative[2], today)
            kind = {"tuan": "week", "thang": "month", "quy": "quarter", "nam": "year"}[relative[1]]
            return Period(first, last, kind, (_extend_left(folded, relative.start()), relative.end()))
        return None
    pairs = pairwise(found)
    joined = next(((a, b) for a, b in pairs if re.fullmatch(r"\s*(?:den|-)\s*", folded[a[1] : b[0]])), None)
    if joined is None and len(found) >= 2 and re.search(r"\bden\b|-", folded[found[0][1] : found[1][0]]):
        joined = (found[0], found[1])
    if joined is not None:
        (s0, e0, first, _, _), (_, e1, _, last, _) = joined
        said = [day.year for s, e, _, day, _ in found if re.search(r"20[2-3]\d", folded[s:e])]
        if said and not re.search(r"20[2-3]\d", folded[s0:e1]):  # "tháng 3/2027 (từ 01/3 đến 15/3)"
            first, last = first.replace(year=said[0]), last.replace(year=said[0])
        if not re.search(r"20[2-3]\d", folded[s0:e0]):  # "từ tháng 3 đến tháng 6/2025": the year is shared
            first = first.replace(year=last.year)
        # "10 ngày đầu tháng 12/2025 (từ 01/12 đến 10/12)": the range says it exactly; the rest is the same window.
        others = tuple((_extend_left(folded, s), e) for s, e, *_ in found if e <= s0 or s >= e1)
        return Period(first, last, "range", (_extend_left(folded, s0), e1), others)
    start, end, first, last, kind = found[0]
    head = folded[:start]
    if _BEFORE.search(head):
        return Period(None, last, kind, (_extend_left(folded, start), end))
    if _AFTER.search(head):
        return Period(first, None, kind, (_extend_left(folded, start), end))
    return Period(first, last, kind, (_extend_left(folded, start), end))


@dataclass(frozen=True)
class AsOf:
    """The day a question judges by ("tính đến 01/3/2023") and where the phrase stands."""

    day: date
    span: tuple[int, int]


def find_as_of(text: str, today: date) -> AsOf | None:
    """The day a question asks to judge states by, if it names one.

    "Tính đến hôm nay", "đến nay" give `today`; "tính đến ngày 01/3/2023" that day; "tính đến hết
    tháng 6/2024" the last day of the month. Such a phrase says when to look, not when tasks fall due.

    Args:
        text: the question, normalised (documents it cites blanked out first).
        today: the day "hôm nay" means.
    """
    folded = fold_aligned(text)
    if m := _AS_OF_NOW.search(folded):
        return AsOf(today, m.span())
    for start, end, _first, last, _kind in _absolute(folded, today.year):
        if m := _AS_OF_DAY.search(folded[:start]):
            return AsOf(last, (m.start(), end))
    return None


def _numbers_as_digits(text: str) -> str:
    """The folded text with each number written as a word before a length as digits, positions kept:
    "hai tuần tới" -> "2   tuan toi" ("sau tháng 3" stays: a month follows, not a length)."""
    folded = fold_aligned(text)
    chars = list(folded)
    for entry in _NUMBERS:
        values = dict(zip((fold(p) for p in entry.phrases), entry.values["values"], strict=True))
        for start, end in entry.spans(folded, text.lower()):
            if _LENGTH_AFTER.match(folded, end):
                digits = str(values[" ".join(folded[start:end].split())])
                chars[start:end] = digits.ljust(end - start)
    return "".join(chars)


def _extend_left(folded: str, start: int) -> int:
    """Include a leading "trước", "từ", "đến hết", "cuối", "đầu" … in the span, so it does not stay in the topic."""
    m = _EXTEND.search(folded[:start])
    return m.start() if m and m.start() < start else start


def completion_date(text: str | None) -> date | None:
    """The latest full date in a result cell ("Hoàn thành Nghị định số 13/2023/NĐ-CP, ngày 17/4/2023" -> 2023-04-17).

    Used to tell a task finished on time from one finished late; None when the cell dates nothing.
    """
    if not text:
        return None
    found = (_calendar_day(int(m[3]), int(m[2]), int(m[1])) for m in _DAY.finditer(fold(normalize(text))))
    days = [day for day in found if day]
    return max(days) if days else None
