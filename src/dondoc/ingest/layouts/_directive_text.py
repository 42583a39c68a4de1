"""Sentence-level helpers for directives: who a sentence assigns, which documents it acts under."""

from __future__ import annotations

import re

from dondoc.nlp.text import normalize

#: The assignee when a directive item names nobody: the whole government apparatus.
DEFAULT_UNIT = "Các bộ, ngành, địa phương"

# Words a unit cell or a sentence subject opens with. Case-sensitive on purpose: "Bổ sung" and
# "Ban hành" open tasks, "Bộ Y tế" and "Ban Chỉ đạo" open units.
_UNIT_START = re.compile(
    r"^(?:[Bb]ộ\b|[Cc]ác\s+(?:[Bb]ộ|cơ quan|địa phương|đơn vị|[Tt]ập đoàn|doanh nghiệp|ngân hàng|[Nn]gân hàng|hội|tỉnh)"
    r"|Văn phòng|Thanh tra|Đài\b|Ủy ban|Uỷ ban|UBND|Ngân hàng|Bảo hiểm|Tòa án|Toà án|Viện\b|Kiểm toán"
    r"|Ban\s+[A-ZĐ]|Tập đoàn|Hội đồng|Hội\s+[A-ZĐ]|Sở\b|Cơ quan|Ng[ưu]ời đứng đầu|Chủ tịch|Thủ trưởng|Bộ trưởng"
    r"|Tổ [Cc]ông tác|Liên đoàn|Tổng cục|Cục\b)"
)
# The predicate that ends a subject: a lower-case verb not right after a comma (", tổ chức," is
# part of a list of units) and outside brackets ("(Tiểu ban triển khai Đề án 06)").
_VERBS = (
    "đôn đốc|chủ trì|phối hợp|hoàn thiện|hoàn thành|thống nhất|tổ chức|xây dựng|triển khai|nghiên cứu|thực hiện"
    "|khẩn trương|tập trung|rà soát|chỉ đạo|ban hành|trình|báo cáo|đẩy mạnh|bảo đảm|đảm bảo|cập nhật|hướng dẫn"
    "|theo dõi|tiếp tục|nhận thức|có trách nhiệm|còn|chưa|không"
)
_PREDICATE = re.compile(r"(?<![,;(])\s(?:" + _VERBS + r")(?!\w)")
# A responsibility cell describes a failing ("Cơ quan nhà nước chưa làm tốt …"): keep the unit.
_FAILING = re.compile(r"(?<![,;(])\s(?:còn|chưa|không|chỉ đạo|nhận thức)(?!\w)")
_ASSIGNING = re.compile(r"^(?:Giao|Yêu cầu|Đề nghị)\s+")

_DOC_TYPE = r"(?:Quyết định|Nghị định|Nghị quyết|Chỉ thị|Thông tư|Thông báo|Kế hoạch|[Vv]ăn bản|Công văn|NQ|QĐ|NĐ)"
_DOC_CODE = r"\d[\w./-]*"
_DOC_DATE = r"(?:\s+ngày\s+\d{1,2}(?:/\d{1,2}/\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?"
_DOC = rf"{_DOC_TYPE}\s+(?:số\s*:?\s*)?{_DOC_CODE}{_DOC_DATE}"
# A document the sentence acts under ("theo Nghị định số 107/2021/NĐ-CP", "đáp ứng yêu cầu NQ 57"),
# as opposed to one it amends or carries out ("Sửa đổi Nghị định số 79/2021/NĐ-CP").
_CITED = re.compile(
    r"(?:\btheo(?:\s+đúng\s+chủ\s+trương\s+của)?|\b(?:quy\s+định|yêu\s+cầu)\s+tại|\bđáp\s+ứng\s+yêu\s+cầu(?:\s+tại)?)\s+"
    rf"(?P<docs>{_DOC}(?:\s*(?:,|và)\s*(?:{_DOC}|\d+/[\w./-]+{_DOC_DATE}))*)"
)
_ONE_DOC = re.compile(
    rf"(?P<typed>(?P<kind>{_DOC_TYPE})\s+(?:số\s*:?\s*)?{_DOC_CODE}{_DOC_DATE})|(?P<bare>\d+/[\w./-]+{_DOC_DATE})"
)


def is_unit_like(text: str) -> bool:
    """Whether a cell or phrase opens with a unit ("Bộ Y tế", "Các địa phương", "Thanh tra Chính phủ")."""
    return bool(_UNIT_START.match(normalize(text)))


def _outside_brackets(text: str, pattern: re.Pattern[str]) -> re.Match[str] | None:
    for m in pattern.finditer(text):
        if text.count("(", 0, m.start()) == text.count(")", 0, m.start()):
            return m
    return None


def subject_of(sentence: str) -> str | None:
    """The unit a sentence opens with, as written ("Bộ Tư pháp đôn đốc …" -> "Bộ Tư pháp").

    A directive item whose text starts with a unit assigns the task to that unit; an item
    opening with a verb leaves the assignee to its heading.

    Returns:
        The subject without trailing punctuation, or None when the sentence does not open
        with a unit followed by a verb.
    """
    text = _ASSIGNING.sub("", normalize(sentence))
    if not is_unit_like(text):
        return None
    m = _outside_brackets(text, _PREDICATE)
    if m is None:
        return None
    return text[: m.start()].strip(" ,;:") or None


def unit_of_cell(cell: str) -> str:
    """A responsibility cell reduced to its unit when it describes a failing, else the cell as written."""
    text = normalize(cell).strip(" ,;.…")
    if is_unit_like(text):
        m = _outside_brackets(text, _FAILING)
        if m is not None:
            return text[: m.start()].strip(" ,;:")
    return text


def cited_docs(text: str) -> list[str]:
    """Documents a task says it acts under, as written ("Quyết định số 422/QĐ-TTg ngày 04/4/2022").

    A bare number after a typed one ("văn bản số 1552/BTTTT-TTH và 708/BTTTT-CATTT") takes
    the type of the first, so each item names its kind.
    """
    found: list[str] = []
    for m in _CITED.finditer(normalize(text)):
        kind = ""
        for one in _ONE_DOC.finditer(m["docs"]):
            if one["typed"]:
                doc = one["typed"]
                kind = one["kind"]
            else:
                doc = f"{kind} {one['bare']}".strip()
            doc = doc.rstrip(".,;")
            if doc not in found:
                found.append(doc)
    return found
