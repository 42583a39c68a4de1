"""Recognisers for the cells of the national Đề án 06 table: directives, units, deadlines and results.

The PDF dump loses the column positions, so these tell the columns apart by what they say and by
how wide their lines are (the directive, unit and deadline columns are narrow), and cut lines on
which several cells were glued ("Bộ Công an 5/2022 Hoàn thành Thông tư 08").
"""

from __future__ import annotations

import re
from functools import lru_cache

from dondoc.nlp.text import fold, join_lines

# A directive opens its cell with its kind; "Báo cáo" is left out because tasks start with it.
_DOC_KIND = (
    r"Nghị\s+quyết|Nghị\s+định|Thông\s+báo|Chỉ\s+thị|Văn\s+bản|Công\s+văn|Quyết\s+định|Kế\s+hoạch"
    r"|Kết\s+luận|Lộ\s+trình|Công\s+điện|Thông\s+tư|Tờ\s+trình|Thống\s+báo|KL|TB\s+(?:số|kết)"
)
_DOC_START = re.compile(r"^[-–'‘’+•\s]*(?:(?:" + _DOC_KIND + r")\b|\d{1,5}/(?:NQ|NĐ|TB|CT|QĐ|VPCP|TTg|KH|TCTTKĐA)\b)")
_BULLET = re.compile(r"^[-–'‘’+•\s]+")
# The directive column is narrow: a longer line that starts like a directive is task text
# ("Nghị định số 61/2018/NĐ-CP để phục vụ thực hiện, giải quyết …").
_DOC_WIDTH = 46
_DATE = r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4,5}"
_DOC_NUMBER = r"\S*\d+/[\w\-/]*[A-ZĐa-z]"
# Where a finished directive can be glued to the unit cell that follows it.
_DOC_END = re.compile(r"(?:" + _DATE + r"|" + _DOC_NUMBER + r"|Lộ trình Đề án)[.;,]?\s+")
_DOC_OPEN_WORD = re.compile(r"\b(?:của|số|Thủ|và|tại|theo)$", re.IGNORECASE)
_DOC_OPEN_TAIL = re.compile(r"(?:\bngày|[-,;/])$", re.IGNORECASE)
_CITES = re.compile(r"(?:\bsố|\btại|\btheo|\bcủa|\bvà|" + _DOC_KIND + r")\s*$", re.IGNORECASE)
# Two directives on one line: after "; " or glued to the date before ("15/8/2024Thông báo").
_DOC_SPLIT = re.compile(r";\s*(?=(?:" + _DOC_KIND + r")\b)|(?<=\d)(?=(?:" + _DOC_KIND + r")\b)")

_YEAR = r"20\d\d"
_PERIOD = "|".join(
    (
        _DATE,
        r"\d{1,2}\s*[/.]\s*" + _YEAR,
        r"(?:quý|quí)\s+[IVX1-4]+\s*[/.\-]?\s*(?:năm\s+)?" + _YEAR,
        r"(?:tháng|thàng)\s+\d{1,2}\s*(?:[/.]|\s+năm\s+)\s*" + _YEAR,
        r"(?:ngày\s+)?\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+" + _YEAR,
        r"(?:trong\s+)?năm\s+" + _YEAR,
        _YEAR + r"(?:\s*[-–]\s*(?:" + _YEAR + r"|thường\s+xuyên))?",
    )
)
_RECURRING = r"(?:thực\s+hiện\s+)?thường\s+xuyên(?:\s+trong\s+năm(?:\s+" + _YEAR + r")?)?|hằng\s+năm|hàng\s+năm"
_PREFIX = r"(?:(?:(?:ban\s+hành|hoàn\s+thành|xong)\s+)?(?:từ|trước|trong|chậm\s+nhất|đến|tính\s+đến)\s+(?:ngày\s+)?)?"
# One deadline token: a dated period, possibly after "Trước ngày", or a recurring phrase.
_DL_TOKEN = re.compile(r"(?:" + _PREFIX + r"(?:" + _PERIOD + r")(?!\d)|" + _RECURRING + r")[.,;]?", re.IGNORECASE)
# A recurring deadline cut by the column wrap ("2022- Thường" / "xuyên").
_DL_TRUNC = re.compile(
    r"(?:(?:thực\s+hiện\s+)?thường|(?:(?:ban\s+hành|hoàn\s+thành)\s+)?(?:trước|từ|trong|chậm\s+nhất)(?:\s+(?:ngày|tháng|năm))?)\s*$",
    re.IGNORECASE,
)
# Free-text deadlines ("Theo lộ trình của Đề án …") run until a result starts.
_DL_FREE = re.compile(r"(?:Theo|Lộ\s+trình|Trong\s+(?:năm|quá\s+trình)|Thực\s+hiện\s+(?:theo|từ|trong))\b")
# "Ngày 15/02/2022" opens a deadline cell; lower-case "ngày …" after a unit name is a wrapped directive.
_DL_DAY = re.compile(r"Ngày\s+" + _DATE)
# A deadline cell that is not finished on its line: the next line must continue it.
_DL_OPEN = re.compile(r"(?:ngày|trước|tháng|năm|thường|Thực\s+hiện|[-–(])$", re.IGNORECASE)
DEADLINE_WIDTH = 26
UNIT_WIDTH = 27

# A result cell opens with a status phrase; checked case-sensitively so that a lower-case
# "đã" inside a unit or deadline wrap is not taken for one.
_RESULT_START = re.compile(
    r"(?:[-–+•]\s*)?(?:Hoàn\s+thành|HOÀN\s+THÀNH|Đã|ĐÃ|Đang|ĐANG|Chưa|CHƯA|Cơ\s+bản|Thường\s+xuyên|Thực\s+hiện|Không|Tiếp\s+tục"
    r"|Dự\s+kiến|Hiện\s+(?:nay|tại|còn|đã|đang)|Trình|Ngày\s+\d+)\b"
)

# Words that make up unit cells ("Bộ Lao động - Thương binh và Xã hội phối hợp với Bộ Công an"),
# folded. A line made only of these words continues or starts a unit cell.
_UNIT_VOCABULARY = """
    bo cac nganh dia phuong co quan ngang thuoc trung uong tw cong an y te tu phap thong tin va truyen tai chinh ke
    hoach dau lao dong thuong binh xa hoi giao van tai xay dung nguyen moi truong noi vu duc dao tao phong phu ngan
    hang nha nuoc viet nam bao hiem toa an nhan dan toi cao vien kiem sat ban yeu quoc ngoai khoa hoc nghe nong nghiep
    phat trien thon hoa the thao du lich dai hinh tieng noi tan cong dien tu chi ubnd uy tinh thanh pho tp phoi hop
    voi chu tri doanh vien di tap doan tong ty buu tra toan cap thu truong tich lien don vi dao to tac so mang rieng
    ha ho minh binh khanh quang ninh kien giang da nang hai can tho hue lam son la cao dong thap vinh long an
    bca tttt btttt khdt bkhdt ldtbxh bldtbxh gddt bgddt gtvt bgtvt tnmt btnmt bhxh vpcp nhnn bnv byt btc btp bqp bng
    catp hn hcm c06 vnpt viettel mobifone vinaphone - – & nhung khac quan lien quan truc thai thua thien tand vksnd
    ttxvn ca luc luong dong
"""
_UNIT_WORDS = frozenset(_UNIT_VOCABULARY.split())
# A new line that starts with one of these names a new body, so it does not continue a finished unit.
_UNIT_HEAD = re.compile(
    r"^(?:Bộ|Các|UBND|Ủy ban|Uỷ ban|Văn phòng|VPCP|Ngân hàng|NHNN|Bảo hiểm|BHXH|Tòa án|Toà án|Viện|Ban|Đài|Tập đoàn"
    r"|Tổng công ty|Thanh tra|Kiểm toán|Công an|Giáo dục|Lao động|Tỉnh|Thành phố|TP|Tổ công tác|Trung ương)\b"
)
_UNIT_JOINER = re.compile(r"(?:,|;|\bvà|\bvới|\bphối\s+hợp|\bchủ\s+trì|\bchỉ\s+đạo|-|–|&)$")
_TOKEN = re.compile(r"\S+")


@lru_cache(maxsize=8192)
def _unit_word(token: str) -> bool:
    """Whether a token (punctuation aside) can be part of a unit name."""
    words = [w for w in re.split(r"[,;.:()/]+", fold(token)) if w]
    return all(w in _UNIT_WORDS or bool(re.fullmatch(r"\d{1,2}", w)) for w in words)


def take_unit(text: str) -> tuple[str, str]:
    """Split text into the unit words it starts with and what follows them.

    The unit stops at the first word that is not a unit word, or where a deadline or a result
    starts, so "Bộ Công an Tháng 6/2023" gives ("Bộ Công an", "Tháng 6/2023").
    """
    pos = 0
    for m in _TOKEN.finditer(text):
        rest = text[m.start() :]
        if m.start() and (starts_deadline(rest) or _RESULT_START.match(rest)):
            break
        if not _unit_word(m.group()):
            break
        pos = m.end()
    return text[:pos].strip(), text[pos:].strip()


def is_unit_line(text: str) -> bool:
    """A line that is a unit cell, possibly followed by its deadline and result ("Bộ Y tế 10/11/2023 Đã hoàn thành")."""
    unit, rest = take_unit(text)
    if not unit or not re.search(r"[^\W\d_]", unit):
        return False
    return not rest or starts_deadline(rest) or bool(_RESULT_START.match(rest))


def is_unit_head(text: str) -> bool:
    """A line that opens a unit cell with a body's name ("Bộ Tài chính phối hợp", "UBND các tỉnh")."""
    return bool(_UNIT_HEAD.match(text)) and is_unit_line(text)


def starts_deadline(text: str) -> bool:
    """Whether text opens with a deadline ("Tháng 5/2022", "Quý II/2024", "Thường xuyên", "Theo lộ trình …")."""
    if re.match(r"\d+/\d+/\d+\s*\w*/", text):
        return False
    return bool(_dated(text) or _DL_FREE.match(text) or _DL_TRUNC.match(text))


def _dated(text: str) -> re.Match[str] | None:
    """The dated deadline token text starts with; "Ngày 08/4/2024, NHNN đã …" opens a result instead."""
    day = _DL_DAY.match(text)
    if day:
        rest = text[day.end() :].strip()
        return day if not rest or _RESULT_START.match(rest) else None
    return _DL_TOKEN.match(text)


def take_deadline(text: str, started: bool, free: bool = False) -> tuple[str, str]:
    """Split text into the deadline it starts with and the result after it.

    Args:
        text: the text at the start of (or inside) a deadline cell.
        started: whether the deadline cell already holds a token; a second "Thường xuyên"
            after one is then the result ("Thường xuyên Thường xuyên").
        free: the text continues a deadline cell, so any words up to a status phrase belong to it.
    """
    pos, depth = 0, 0
    while pos < len(text):
        rest = text[pos:]
        stripped = rest.lstrip()
        skip = len(rest) - len(stripped)
        if not stripped:
            break
        if depth or stripped.startswith("("):
            close = stripped.find(")")
            end = close + 1 if close >= 0 else len(stripped)
            depth = 0 if close >= 0 else 1
            pos += skip + end
            continue
        token = _dated(stripped)
        recurring = token and re.match(_RECURRING, stripped, re.IGNORECASE)
        if token and not (recurring and started and stripped[0].isupper()):
            pos += skip + token.end()
            started = True
            continue
        if _DL_TRUNC.match(stripped):
            pos = len(text)
            break
        if stripped[0] in "-–" and started and not _RESULT_START.match(stripped[1:].lstrip()):
            pos += skip + 1
            continue
        opening = None if started else _DL_FREE.match(stripped)
        if opening:
            free, started = True, True
            pos += skip + opening.end()
            continue
        if free and not _RESULT_START.match(stripped):
            nxt = _TOKEN.match(stripped)
            pos += skip + (nxt.end() if nxt else len(stripped))
            started = True
            continue
        break
    return text[:pos].strip(), text[pos:].strip()


def deadline_open(text: str) -> bool:
    """Whether a deadline cell's last line leaves it unfinished ("Trước ngày", "2022- Thường")."""
    return bool(_DL_OPEN.search(text.rstrip())) or text.count("(") > text.count(")")


def is_doc_start(text: str, prev: str = "") -> bool:
    """A line that opens a directing document and fits the narrow directive column.

    Args:
        text: the line.
        prev: the line before it; a bare number ("121/NQ-CP ngày 11/9/2022", a directive that lost
            its kind) after "… tại Chỉ thị số" finishes that sentence instead.
    """
    if not _DOC_START.match(text) or (text[0].isdigit() and _CITES.search(prev)):
        return False
    head, _ = split_doc_tail(text)
    return len(head) <= _DOC_WIDTH


def split_doc_tail(text: str) -> tuple[str, str]:
    """Cut a directive line where the unit cell glued after it starts.

    "Chỉ thị 18/CT-TTg ngày 30/5/2023 Bộ Công an Năm 2025 Đang triển khai" gives the directive
    and "Bộ Công an Năm 2025 Đang triển khai".
    """
    for m in _DOC_END.finditer(text):
        rest = text[m.end() :]
        if rest and _UNIT_HEAD.match(rest) and is_unit_line(rest):
            return text[: m.end()].strip(), rest.strip()
    return text.strip(), ""


def doc_is_open(text: str) -> bool:
    """Whether a directive is cut mid-way ("… ngày", "… của Thủ", no number yet)."""
    tail = text.rstrip()
    return bool(_DOC_OPEN_WORD.search(tail) or _DOC_OPEN_TAIL.search(tail)) or not re.search(r"\d|Đề án", text)


def result_starts(text: str) -> bool:
    """Whether text opens with a status phrase of the result column."""
    return bool(_RESULT_START.match(text))


def split_docs(lines: list[str]) -> list[str]:
    """Group directive lines into one string per document, bullets and stray apostrophes dropped."""
    docs: list[list[str]] = []
    for line in lines:
        for i, part in enumerate(_DOC_SPLIT.split(line)):
            opens = _DOC_START.match(part) and not (part[0].isdigit() and docs and doc_is_open(" ".join(docs[-1])))
            if i or opens or not docs:
                docs.append([])
            docs[-1].append(part)
    items = (_BULLET.sub("", join_lines(doc)).rstrip(",; ") for doc in docs)
    return [item for item in items if item]


def doc_continues(docs: list[str], text: str) -> bool:
    """Whether a non-directive line carries on the directive above it rather than opening the unit."""
    start = max((i for i, line in enumerate(docs) if _DOC_START.match(line)), default=0)
    current = " ".join(docs[start:])
    first = text.split()[0]
    if "/" in first or first[0].islower() or _DOC_OPEN_WORD.search(current):
        return True
    if _DOC_OPEN_TAIL.search(current) and first[0].isdigit():
        return True
    return not is_unit_line(text) and doc_is_open(current)


def cell_break(text: str) -> int:
    """Where a deadline or a result starts inside a line (its length when none does)."""
    return next(
        (
            m.start()
            for m in _TOKEN.finditer(text)
            if m.start() and (starts_deadline(text[m.start() :]) or result_starts(text[m.start() :]))
        ),
        len(text),
    )


def whole_deadline(text: str) -> bool:
    """A line that is one more dated deadline ("12/2024" under "9/2024"), possibly with its result."""
    if not _DL_TOKEN.match(text):
        return False
    _, rest = take_deadline(text, started=False)
    return not rest or result_starts(rest)


def unit_goes_on(prev: str, prev_soft: bool, text: str) -> bool:
    """Whether a line carries on the unit cell.

    After a wrap (a trailing space or a joiner such as "phối hợp") any narrow line does. After a
    finished name ("Bộ Tài chính") only a lower-case tail or more unit words that do not name a
    new body do: result cells sometimes open with a unit name ("Bộ Kế hoạch và Đầu tư 16/10/2023, …").
    """
    if prev_soft or _UNIT_JOINER.search(prev.rstrip()):
        return len(text[: cell_break(text)].strip()) <= UNIT_WIDTH
    return text[0].islower() or (is_unit_line(text) and not _UNIT_HEAD.match(text))
