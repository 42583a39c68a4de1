"""What a table cell holds: the field a header cell names, and what a body cell's text looks like.

A task table is read by its header words, but a header can be missing, wrapped, unlabelled or
misleading ("Kết quả dự kiến" holds products, not a status), and a flattened copy loses which
column a cell sat in. What the cells hold says it too: numbers, dates, unit names, statuses or
sentences. Both the text reader (placing a flattened row's cells) and the extractor (deciding a
column's role) ask here.
"""

from __future__ import annotations

import re
from typing import Literal

from dondoc.nlp.dates import parse_deadline
from dondoc.nlp.status import classify_status
from dondoc.nlp.text import fold, normalize

CellKind = Literal["empty", "stt", "date", "unit", "number", "status", "long", "short"]

# Checked in order on the folded header cell: the first role whose pattern matches wins, so
# "Văn bản giao nhiệm vụ" is a directing document before it is a task, and "Tiến độ hoàn
# thành" is a progress column only when no deadline word ("thời gian", "thời hạn") is there.
# A target ("Chỉ tiêu") is content only in a table that also names who leads it (columns.py).
_ROLES: list[tuple[str, re.Pattern[str]]] = [
    ("stt", re.compile(r"^(?:stt|tt|so\s+tt|so\s+thu\s+tu)\.?$")),
    ("measure", re.compile(r"^(?:don\s+vi\s+tinh|dvt)\b")),
    ("directing", re.compile(r"van\s+ban|can\s+cu")),
    ("coordinating", re.compile(r"phoi\s+hop")),
    ("deadline", re.compile(r"thoi\s+(?:han|gian|diem)|han\s+hoan\s+thanh|moc\s+thoi\s+gian")),
    ("result", re.compile(r"ket\s+qua\s+(?:thuc\s+hien|trien\s+khai)|tinh\s+hinh|bao\s+cao\s+ket\s+qua")),
    ("lead", re.compile(r"chu\s+tri|(?:co\s+quan|don\s+vi)(?:\s+\w+){0,3}|^thuc\s+hien$|trach\s+nhiem")),
    ("progress", re.compile(r"tien\s+do|tinh\s+trang|danh\s+gia")),
    ("product", re.compile(r"san\s+pham|ket\s+qua")),
    ("content", re.compile(r"noi\s+dung|nhiem\s+vu|giai\s+phap|cong\s+viec|de\s+an|hoat\s+dong|^ten\b")),
    ("target", re.compile(r"^(?:cac\s+)?(?:chi\s+tieu|muc\s+tieu)\b")),
]
# The kind of cell each role's column holds.
ROLE_KINDS: dict[str, CellKind] = {
    "stt": "stt",
    "content": "long",
    "target": "long",
    "lead": "unit",
    "coordinating": "unit",
    "deadline": "date",
    "progress": "status",
    "result": "long",
    "product": "long",
    "directing": "short",
    "measure": "short",
}

# A row number as printed: "1", "1.2.", "5.1.1", "IV", "a)", "(3)", "-" in a column of sub-rows.
_STT = re.compile(r"^\(?(?:\d{1,3}(?:\.\d{1,2}){0,3}|[IVXLC]{1,6}|[A-Za-zĐđ])\s*[.)]?$|^[-+*•]$")
_NUMBER = re.compile(r"^[-+]?\d[\d.,\s]*%?$")
# Words a unit's name starts with whatever follows them ("UBND xã", "Công an tỉnh", "Các sở, ngành").
_UNIT_START = re.compile(
    r"^(?:ubnd|hdnd|ubmttq|nhnn|bhxh|vpcp|uy\s+ban|co\s+quan|hoi\s+dong\s+nhan\s+dan|cong\s+an|trung\s+tam|van\s+phong|"
    r"chi\s+cuc|tong\s+cuc|ngan\s+hang|kho\s+bac|bao\s+hiem\s+xa\s+hoi|tap\s+doan|tong\s+cong\s+ty|cong\s+ty|"
    r"tinh\s+doan|thanh\s+doan|tinh\s+uy|thanh\s+uy|dang\s+uy|mat\s+tran|lien\s+doan|benh\s+vien|chinh\s+phu|"
    r"thu\s+tuong|pho\s+thu\s+tuong|bo\s+truong|chu\s+tich|giam\s+doc|thu\s+truong|"
    r"cac\s+(?:so|bo|co\s+quan|don\s+vi|dia\s+phuong|nganh|tinh|xa|phuong|huyen|doanh\s+nghiep|to\s+chuc|hoi|ban))\b"
)
# Words that start a unit's name only before a capitalised name ("Sở Y tế", "Ban Chỉ đạo"),
# since "Ban hành", "Báo cáo", "Bổ sung", "Phòng, chống" start tasks.
_NAMED_UNIT = {"sở", "bộ", "cục", "viện", "ban", "hội", "phòng", "đài", "báo", "vụ", "trường", "đoàn", "quỹ", "sở,"}
_LONG_CHARS = 60
_LONG_WORDS = 9
_SHORT_STATUS = 60
_SHORT_DATE = 80


def header_role(cell: str) -> str | None:
    """The field a header cell names ("Cơ quan chủ trì" -> "lead"), None when it names none of them."""
    folded = fold(cell)
    if not folded or len(folded) > 80:
        return None
    return next((role for role, pattern in _ROLES if pattern.search(folded)), None)


def is_stt(text: str) -> bool:
    """A row number as printed ("1", "1.2.", "IV", "a)", "-")."""
    return bool(_STT.match(text.strip()))


def looks_like_unit(text: str) -> bool:
    """Whether a text starts like the name of a body ("Sở Tài chính", "UBND xã, phường", "Các sở, ngành")."""
    written = normalize(text)
    if _UNIT_START.match(fold(written)):
        return True
    words = written.split(" ")
    return len(words) > 1 and words[0].lower() in _NAMED_UNIT and words[1][:1].isupper()


def cell_kind(text: str) -> CellKind:
    """What a body cell's text looks like.

    Args:
        text: the cell as read.

    Returns:
        "empty"; "stt" (a row number); "number" ("26.120", "45%"); "date" (a short deadline:
        "Quý IV/2026", "Năm 2025 - 2026", "Hằng năm"); "unit" (starts with a body's name);
        "status" ("Đã hoàn thành", "Đang thực hiện"); "long" (a sentence) or "short".
    """
    written = normalize(text)
    if not written:
        return "empty"
    if is_stt(written):
        return "stt"
    if _NUMBER.match(written):
        return "number"
    if len(written) <= _SHORT_DATE and parse_deadline(written).kind != "none":
        return "date"
    if looks_like_unit(written):
        return "unit"
    if len(written) <= _SHORT_STATUS and classify_status(written) not in ("unknown", "recurring"):
        return "status"
    if len(written) >= _LONG_CHARS or written.count(" ") + 1 >= _LONG_WORDS:
        return "long"
    return "short"
