"""Task status from the free-text result cell ("Đã hoàn thành", "Chưa hoàn thành…", "Đang triển khai")."""

from __future__ import annotations

import re

from dondoc.nlp.text import fold

STATUSES = ("done", "not_done", "in_progress", "recurring", "unknown")

# "Đã trình", "đã có tờ trình": sent up for approval, so still under way.
_SUBMITTED = r"da\s+(?:trinh|gui\s+(?:xin\s+y\s+kien|tham\s+dinh)|co\s+to\s+trinh|xay\s+dung\s+du\s+thao|du\s+thao)"
# Checked on folded text. A cell that opens with a status phrase says it outright;
# otherwise a "chưa …" anywhere outweighs progress words, which outweigh "hoàn thành".
# A narrative of what "đã" (has) been done is the "Hoàn thành, sản phẩm" column's product.
_LEADING = [
    (
        "not_done",
        re.compile(r"^(?:[-+•]\s*)?(?:chua\s+(?:hoan\s+thanh|ban\s+hanh|trien\s+khai|co|thuc\s+hien|ket\s+noi|xong))"),
    ),
    ("in_progress", re.compile(r"^(?:[-+•]\s*)?(?:dang\s+\w+|tiep\s+tuc\s+trien\s+khai|" + _SUBMITTED + ")")),
    ("recurring", re.compile(r"^(?:[-+•]\s*)?(?:thuc\s+hien\s+)?thuong\s+xuyen")),
    ("done", re.compile(r"^(?:[-+•]\s*)?(?:(?:da|co\s+ban)\s+)?(?:hoan\s+thanh|xong|da\s+\w+)")),
]
# "Còn 02 bộ, ngành chưa …": whatever was achieved, some of the task is still outstanding.
_REMAINING = re.compile(r"\bcon\s+(?:\d+|lai|mot\s+so|nhieu)\b[^.;]{0,120}?\bchua\b")
# "Đảng" folds to "dang" too, so "đang" counts only before a verb.
_PROGRESS_VERBS = (
    r"trien\s+khai|thuc\s+hien|xay\s+dung|hoan\s+thien|hoan\s+chinh|phoi\s+hop|nghien\s+cuu|trinh|xin\s+y\s+kien|"
    r"lay\s+y\s+kien|du\s+thao|tong\s+hop|xu\s+ly|van\s+hanh|chinh\s+sua|thi\s+diem|tich\s+hop|ket\s+noi|"
    r"chuan\s+bi|to\s+chuc|cap\s+nhat|ra\s+soat|lam|thuc\s+hien|sua\s+doi|danh\s+gia|kiem\s+tra"
)
_ANYWHERE = [
    (
        "not_done",
        re.compile(
            r"\bchua\s+(?:hoan\s+thanh|ban\s+hanh|co\s+bao\s+cao|thuc\s+hien|trien\s+khai|ket\s+noi)|cham\s+tien\s+do|cham\s+muon"
        ),
    ),
    ("in_progress", re.compile(r"\bdang\s+(?:" + _PROGRESS_VERBS + r")\b|du\s+kien\s+hoan\s+thanh")),
    ("done", re.compile(r"\b(?:da\s+)?hoan\s+thanh\b|\bda\s+(?:chinh\s+thuc|ban\s+hanh|ket\s+noi|ky|tich\s+hop)\b")),
    ("recurring", re.compile(r"thuong\s+xuyen")),
]


# A letter typed twice ("Hoàn tthành", "Đaã ban hành"): a syllable's first consonant, or a vowel no Vietnamese
# syllable doubles (unlike the "ưu" and "oo" of "ưu tiên", "xoong"); folded away before any pattern is tried.
_DOUBLED = re.compile(r"\b([bcdghklmnpqrstvx])\1(?=h?[aeiouy])|([aeiy])\2")


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
    folded = _DOUBLED.sub(lambda m: m[1] or m[2], fold(result))
    if _REMAINING.search(folded):
        return "not_done"
    for status, pattern in _LEADING:
        if pattern.search(folded):
            return status
    for status, pattern in _ANYWHERE:
        if pattern.search(folded):
            return status
    return "unknown"
