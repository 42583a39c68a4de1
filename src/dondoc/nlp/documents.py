"""Directing documents ("Nghị quyết số 50/NQ-CP", "Chỉ thị 07", "QĐ 06") reduced to comparable keys."""

from __future__ import annotations

import re

from dondoc.nlp.text import fold

# Folded type words and abbreviations -> one short code per document type.
_TYPES = {
    "nghi quyet": "nq", "nq": "nq",
    "chi thi": "ct", "ct": "ct",
    "quyet dinh": "qd", "qd": "qd",
    "thong bao": "tb", "tb": "tb",
    "ke hoach": "kh", "kh": "kh",
    "cong van": "cv", "cv": "cv",
    "nghi dinh": "nd", "nd": "nd",
    "thong tu": "tt", "tt": "tt",
    "bao cao": "bc", "bc": "bc",
    "luat": "luat",
}  # fmt: skip
_TYPE_WORDS = "|".join(sorted((re.escape(word) for word in _TYPES), key=len, reverse=True))
# "Nghị quyết số 50/NQ-CP", "Chỉ thị 07/CT-TTg", "QĐ 06", "Thông báo số 487/TB-VPCP"
_NAMED = re.compile(r"\b(" + _TYPE_WORDS + r")\s*(?:ket\s+luan\s+)?(?:so\s*)?(\d{1,5})\b")
# "50/NQ-CP", "2513/TCTTKĐA": the type sits after the number
_CODED = re.compile(r"\b(\d{1,5})/(?:\d{4}/)?([a-z]{2,4})\b")
_DOC_TYPES = (
    r"nghi\s+quyet|chi\s+thi|quyet\s+dinh|thong\s+bao|ke\s+hoach|cong\s+van|van\s+ban|nghi\s+dinh|thong\s+tu"
    r"|bao\s+cao|nq|ct|qd|tb|kh|cv|nd|tt|bc"
)
# "… của Thủ tướng Chính phủ", "… của VPCP": who issued a document, not a unit asked about.
_ISSUER = (
    r"(?:\s+cua\s+(?:thu\s+tuong(?:\s+chinh\s+phu)?|chinh\s+phu|van\s+phong\s+chinh\s+phu|vpcp|ttg"
    r"|to\s+cong\s+tac(?:\s+(?:trien\s+khai\s+)?de\s+an\s+06)?)\b)?"
)
# "Thông báo 487/TB-VPCP ngày 24/10/2024", "QĐ 06", "Chỉ thị số 07/CT-TTg", "50/NQ-CP": the whole reference in
# folded text, with its issuing date, so neither the issuer nor the date is read as a unit or a deadline
# (questions, `nlp.query`; deadline cells, `nlp.dates`).
REFERENCE = re.compile(
    r"\b(?:(?:" + _DOC_TYPES + r")\s*(?:ket\s+luan\s+)?(?:so\s*)?\d{1,5}(?:/[0-9a-z]+(?:[-/][0-9a-z]+)*)?"
    r"|\d{1,5}/(?:\d{4}/)?[a-z]{2,5}(?:-[a-z0-9]+)*)"
    r"(?:\s*(?:,\s*)?(?:ngay\s+\d{1,2}\s*(?:/|\s+thang\s+)\s*\d{1,2}\s*(?:/|\s+nam\s+)\s*\d{4}|nam\s+20\d\d))?"
    + _ISSUER
)


def document_keys(text: str) -> list[str]:
    """Keys such as "nq-50" or "ct-7" for every directing document the text names.

    A key ignores "số", leading zeros and the issuing body, so "Chỉ thị 07" in a question
    meets "Chỉ thị số 07/CT-TTg ngày 14/3/2025" in a report.
    """
    folded = fold(text)
    keys = [f"{_TYPES[kind]}-{int(number)}" for kind, number in _NAMED.findall(folded)]
    keys += [f"{_TYPES[kind]}-{int(number)}" for number, kind in _CODED.findall(folded) if kind in _TYPES]
    return list(dict.fromkeys(keys))
