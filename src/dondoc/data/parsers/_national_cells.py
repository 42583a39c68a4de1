"""Cell splitting for one row of the national Đề án 06 table: content · docs · unit · deadline · result.

The PDF dump loses the column positions, so a row is a run of lines in which each cell follows the
previous one in column order, and cells sharing a baseline are glued on one line ("Bộ Công an 5/2022
Hoàn thành Thông tư 08"). The splitter walks the lines with a state that only moves forward and cuts
glued lines where a unit, a deadline or a result starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from dondoc.nlp.text import fold

CONTENT, DOCS, UNIT, DEADLINE, RESULT = range(5)

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
_DOC_SPLIT = re.compile(r";\s*(?=(?:" + _DOC_KIND + r")\b)")

_YEAR = r"20\d\d"
_PERIOD = (
    _DATE
    + r"|\d{1,2}\s*[/.]\s*" + _YEAR
    + r"|(?:quý|quí)\s+[IVX1-4]+\s*[/.\-]?\s*(?:năm\s+)?" + _YEAR
    + r"|(?:tháng|thàng)\s+\d{1,2}\s*(?:[/.]|\s+năm\s+)\s*" + _YEAR
    + r"|(?:ngày\s+)?\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+" + _YEAR
    + r"|(?:trong\s+)?năm\s+" + _YEAR
    + r"|" + _YEAR + r"(?:\s*[-–]\s*(?:" + _YEAR + r"|thường\s+xuyên))?"
)
_RECURRING = r"(?:thực\s+hiện\s+)?thường\s+xuyên(?:\s+trong\s+năm(?:\s+" + _YEAR + r")?)?|hằng\s+năm|hàng\s+năm"
_PREFIX = (
    r"(?:(?:(?:ban\s+hành|hoàn\s+thành|xong)\s+)?(?:từ|trước|trong|chậm\s+nhất|đến|tính\s+đến)\s+(?:ngày\s+)?)?"
)
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
_DL_WIDTH = 26
_UNIT_WIDTH = 27

# A result cell opens with a status phrase; checked case-sensitively so that a lower-case
# "đã" inside a unit or deadline wrap is not taken for one.
_RESULT_START = re.compile(
    r"(?:[-–+•]\s*)?(?:Hoàn\s+thành|HOÀN\s+THÀNH|Đã|ĐÃ|Đang|ĐANG|Chưa|CHƯA|Cơ\s+bản|Thường\s+xuyên|Thực\s+hiện|Không|Tiếp\s+tục"
    r"|Dự\s+kiến|Hiện\s+(?:nay|tại|còn|đã|đang)|Trình|Ngày\s+\d)\b"
)

# Words that make up unit cells ("Bộ Lao động - Thương binh và Xã hội phối hợp với Bộ Công an"),
# folded. A line made only of these words continues or starts a unit cell.
_UNIT_WORDS = frozenset(
    """
    bo cac nganh dia phuong co quan ngang thuoc trung uong tw cong an y te tu phap thong tin va truyen tai chinh ke
    hoach dau lao dong thuong binh xa hoi giao van tai xay dung nguyen moi truong noi vu duc dao tao phong phu ngan
    hang nha nuoc viet nam bao hiem toa an nhan dan toi cao vien kiem sat ban yeu quoc ngoai khoa hoc nghe nong nghiep
    phat trien thon hoa the thao du lich dai hinh tieng noi tan cong dien tu chi ubnd uy tinh thanh pho tp phoi hop
    voi chu tri doanh vien di tap doan tong ty buu tra toan cap thu truong tich lien don vi dao to tac so mang rieng
    ha ho minh binh khanh quang ninh kien giang da nang hai can tho hue lam son la cao dong thap vinh long an
    bca tttt btttt khdt bkhdt ldtbxh bldtbxh gddt bgddt gtvt bgtvt tnmt btnmt bhxh vpcp nhnn bnv byt btc btp bqp bng
    catp hn hcm c06 vnpt viettel mobifone vinaphone - – & nhung khac quan lien quan truc thai thua thien tand vksnd
    ttxvn ca luc luong dong
    """.split()
)
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
        rest = text[m.start():]
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
    return bool(_DL_TOKEN.match(text) or _DL_DAY.match(text) or _DL_FREE.match(text) or _DL_TRUNC.match(text))


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
        token = _DL_TOKEN.match(stripped) or _DL_DAY.match(stripped)
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


def is_doc_start(text: str) -> bool:
    """A line that opens a directing document and fits the narrow directive column."""
    if not _DOC_START.match(text):
        return False
    head, _ = split_doc_tail(text)
    return len(head) <= _DOC_WIDTH


def split_doc_tail(text: str) -> tuple[str, str]:
    """Cut a directive line where the unit cell glued after it starts.

    "Chỉ thị 18/CT-TTg ngày 30/5/2023 Bộ Công an Năm 2025 Đang triển khai" gives the directive
    and "Bộ Công an Năm 2025 Đang triển khai".
    """
    for m in _DOC_END.finditer(text):
        rest = text[m.end():]
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
            if i or _DOC_START.match(part) or not docs:
                docs.append([])
            docs[-1].append(part)
    return [_BULLET.sub("", " ".join(" ".join(d).split())).strip() for d in docs if " ".join(d).strip()]


@dataclass
class RowCells:
    """The cells of one row as lists of text pieces, in reading order."""

    content: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    unit: list[str] = field(default_factory=list)
    deadline: list[str] = field(default_factory=list)
    result: list[str] = field(default_factory=list)


def _doc_continues(docs: list[str], text: str) -> bool:
    """Whether a non-directive line carries on the directive above it rather than opening the unit."""
    start = max((i for i, line in enumerate(docs) if _DOC_START.match(line)), default=0)
    current = " ".join(docs[start:])
    first = text.split()[0]
    if "/" in first or first[0].islower() or _DOC_OPEN_WORD.search(current):
        return True
    if _DOC_OPEN_TAIL.search(current) and first[0].isdigit():
        return True
    return not is_unit_line(text) and doc_is_open(current)


def _cell_break(text: str) -> int:
    """Where a deadline or a result starts inside a line (its length when none does)."""
    return next(
        (m.start() for m in _TOKEN.finditer(text)
         if m.start() and (starts_deadline(text[m.start():]) or result_starts(text[m.start():]))),
        len(text),
    )


def _unit_goes_on(prev: str, prev_soft: bool, text: str) -> bool:
    """Whether a line carries on the unit cell.

    After a wrap (a trailing space or a joiner such as "phối hợp") any narrow line does. After a
    finished name ("Bộ Tài chính") only a lower-case tail or more unit words that do not name a
    new body do: result cells sometimes open with a unit name ("Bộ Kế hoạch và Đầu tư 16/10/2023, …").
    """
    if prev_soft or _UNIT_JOINER.search(prev.rstrip()):
        return len(text[: _cell_break(text)].strip()) <= _UNIT_WIDTH
    return text[0].islower() or (is_unit_line(text) and not _UNIT_HEAD.match(text))


def _enter_unit(cells: RowCells, text: str) -> int:
    """Start (or extend) the unit cell with a line, passing any glued deadline and result on."""
    cut = _cell_break(text)
    unit, rest = text[:cut].strip(), text[cut:].strip()
    cells.unit.append(unit)
    if rest and starts_deadline(rest):
        return _enter_deadline(cells, rest, started=False, free=False)
    if rest:
        cells.result.append(rest)
        return RESULT
    return UNIT


def _enter_deadline(cells: RowCells, text: str, started: bool, free: bool) -> int:
    deadline, rest = take_deadline(text, started, free)
    if deadline:
        cells.deadline.append(deadline)
    if rest:
        cells.result.append(rest)
        return RESULT
    return DEADLINE


def _whole_deadline(text: str) -> bool:
    """A line that is one more dated deadline ("12/2024" under "9/2024"), possibly with its result."""
    if not _DL_TOKEN.match(text):
        return False
    _, rest = take_deadline(text, started=False)
    return not rest or result_starts(rest)


def split_row(lines: list[tuple[str, bool]]) -> RowCells:
    """Assign the lines of one row to its cells.

    Args:
        lines: (text, soft) per non-blank line, text normalised, soft when the PDF line ended
            in a space, which marks a wrap inside a cell.

    Returns:
        The row's cells; the content may be the only one filled when the row is broken.
    """
    cells = RowCells()
    state, prev_soft = CONTENT, False
    for idx, (text, soft) in enumerate(lines):
        state = _step(cells, state, (text, soft), prev_soft, lines[idx + 1:])
        prev_soft = soft
    return cells


def _step(cells: RowCells, state: int, line: tuple[str, bool], prev_soft: bool, later: list[tuple[str, bool]]) -> int:
    """Feed one line to the row, returning the column the row has reached."""
    text, soft = line
    if state == CONTENT:
        if cells.content and is_doc_start(text):
            state = DOCS
        elif (cells.content and _UNIT_HEAD.match(text) and is_unit_line(text)
              and not any(is_doc_start(t) for t, _ in later)):
            return _enter_unit(cells, text)
        else:
            cells.content.append(text)
            return CONTENT
    if state == DOCS:
        if is_doc_start(text) or (cells.docs and _doc_continues(cells.docs, text)):
            head, tail = split_doc_tail(text)
            cells.docs.append(head)
            return _enter_unit(cells, tail) if tail else DOCS
        return _enter_unit(cells, text)
    if state == UNIT:
        if starts_deadline(text):
            return _enter_deadline(cells, text, started=False, free=False)
        if result_starts(text):
            cells.result.append(text)
            return RESULT
        if _unit_goes_on(cells.unit[-1], prev_soft, text):
            return _enter_unit(cells, text)
        if soft and len(text) <= _UNIT_WIDTH and is_unit_head(text):
            # A second body on its own narrow wrapped lines ("Bộ Tài chính" / "Bộ Thông tin và truyền").
            return _enter_unit(cells, text)
        if soft and len(text) <= _DL_WIDTH:
            # A narrow wrapped line after the unit is a deadline in words ("Thí điểm trong / tháng 6/2024").
            return _enter_deadline(cells, text, started=False, free=True)
    elif state == DEADLINE:
        narrow = len(text[: _cell_break(text)].strip()) <= _DL_WIDTH and not result_starts(text)
        if (deadline_open(cells.deadline[-1]) or text.startswith("(") or _whole_deadline(text)
                or ((prev_soft or text[0].islower()) and narrow)):
            return _enter_deadline(cells, text, started=True, free=True)
    cells.result.append(text)
    return RESULT
