"""Task status from the free-text result cell ("Đã hoàn thành", "Chưa hoàn thành…", "Đang triển khai")."""

from __future__ import annotations

import re

from dondoc.nlp.text import fold

STATUSES = ("done", "not_done", "in_progress", "recurring", "unknown")

# Checked on folded text. A cell that opens with a status phrase says it outright;
# otherwise a "chưa …" anywhere outweighs progress words, which outweigh "hoàn thành".
_LEADING = [
    ("not_done", re.compile(r"^(?:[-+•]\s*)?(?:chua\s+(?:hoan\s+thanh|ban\s+hanh|trien\s+khai|co|thuc\s+hien|ket\s+noi|xong))")),
    ("in_progress", re.compile(r"^(?:[-+•]\s*)?(?:dang\s+\w+|tiep\s+tuc\s+trien\s+khai)")),
    ("recurring", re.compile(r"^(?:[-+•]\s*)?(?:thuc\s+hien\s+)?thuong\s+xuyen")),
    ("done", re.compile(r"^(?:[-+•]\s*)?(?:(?:da|co\s+ban)\s+)?(?:hoan\s+thanh|xong|da\s+ban\s+hanh|da\s+trien\s+khai)")),
]
_ANYWHERE = [
    ("not_done", re.compile(r"\bchua\s+(?:hoan\s+thanh|ban\s+hanh|co\s+bao\s+cao|thuc\s+hien|trien\s+khai|ket\s+noi)|cham\s+tien\s+do|cham\s+muon")),
    ("in_progress", re.compile(r"\bdang\s+(?:trien\s+khai|thuc\s+hien|xay\s+dung|hoan\s+thien|phoi\s+hop|nghien\s+cuu|trinh|xin\s+y\s+kien|du\s+thao)|du\s+kien\s+hoan\s+thanh")),
    ("done", re.compile(r"\b(?:da\s+)?hoan\s+thanh\b|\bda\s+ban\s+hanh\b")),
    ("recurring", re.compile(r"thuong\s+xuyen")),
]


def classify_status(result: str | None) -> str:
    """Map a result cell to done | not_done | in_progress | recurring | unknown.

    Args:
        result: the result text as written; None or blank when the report gives none.

    Returns:
        The status. A narrative with no status phrase ("Đã xác thực trên 102 triệu…") is unknown,
        because guessing done from numbers would tell an official a late task is finished.
    """
    if not result or not result.strip():
        return "unknown"
    folded = fold(result)
    for status, pattern in _LEADING:
        if pattern.search(folded):
            return status
    for status, pattern in _ANYWHERE:
        if pattern.search(folded):
            return status
    return "unknown"
