"""Directing documents ("Nghị quyết số 50/NQ-CP", "Chỉ thị 07", "QĐ 06") reduced to comparable keys."""

from __future__ import annotations

import re
from datetime import date

from dondoc.nlp.text import fold, shorten

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
    "cong dien": "cd", "cd": "cd",
    "ket luan": "kl", "kl": "kl",
    "luat": "luat",
}  # fmt: skip
_TYPE_WORDS = "|".join(sorted((re.escape(word) for word in _TYPES), key=len, reverse=True))
# "Nghị quyết số 50/NQ-CP", "Chỉ thị 07/CT-TTg", "QĐ 06", "Thông báo số 487/TB-VPCP"
_NAMED = re.compile(r"\b(" + _TYPE_WORDS + r")\s*(?:ket\s+luan\s+)?(?:so\s*)?(\d{1,5})\b")
# "50/NQ-CP", "2513/TCTTKĐA": the type sits after the number
_CODED = re.compile(r"\b(\d{1,5})/(?:\d{4}/)?([a-z]{2,4})\b")
# "43-CV/TU", "57-NQ/TW": the Party's documents write the type between the number and the issuer.
_PARTY = re.compile(r"\b(\d{1,5})-([a-z]{2,4})/[a-z]+\b")
_DOC_TYPES = (
    r"nghi\s+quyet|chi\s+thi|quyet\s+dinh|thong\s+bao|ke\s+hoach|cong\s+van|van\s+ban|nghi\s+dinh|thong\s+tu"
    r"|bao\s+cao|cong\s+dien|ket\s+luan|nq|ct|qd|tb|kh|cv|nd|tt|bc|cd|kl"
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
    r"\b(?:(?:" + _DOC_TYPES + r")\s*(?:ket\s+luan\s+)?(?:so\s*)?\d{1,5}(?:[/-][0-9a-z]+(?:[-/][0-9a-z]+)*)?"
    r"|\d{1,5}/(?:\d{4}/)?[a-z]{2,5}(?:-[a-z0-9]+)*|\d{1,5}-[a-z]{2,4}/[a-z]+)"
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
    keys += [f"{_TYPES[kind]}-{int(number)}" for number, kind in _PARTY.findall(folded) if kind in _TYPES]
    return list(dict.fromkeys(keys))


# Words a title keeps in capitals: numbers, codes and roman numerals ("57-NQ/TW", "II").
_CODE = re.compile(r"\d|/|^(?:[IVX]+)[.:,]?$")


def report_name(kind: str | None, number: str | None, issued: date | None, title: str | None, document: str) -> str:
    """A report as officials cite it: "Thông báo 624/TB-VPCP ngày 16/11/2025", else its title, never its file
    name unless nothing else is known.

    Args:
        kind, number: the report's own identity as read from its header ("Thông báo", "624/TB-VPCP").
        issued: its date.
        title: its title (written in capitals in many headers; shown in sentence case then).
        document: the file it came from, the last resort.
    """
    day = f" ngày {issued.day:02d}/{issued.month:02d}/{issued.year}" if issued else ""
    if number:
        return f"{(kind or _kind_of(number)).strip()} {number.strip()}{day}"
    text = " ".join((title or "").split())
    if text == document:  # a header without a title: the file name is no title
        text = ""
    if text.isupper():  # sentence case, but "II", "57-NQ/TW" stay as written
        words = text.split()
        text = " ".join(w if _CODE.search(w) else w.capitalize() if i == 0 else w.lower() for i, w in enumerate(words))
    if text:
        return shorten(text, 90)
    return f"{kind.strip()}{day}" if kind else f"Văn bản không rõ số hiệu{day} (tệp {document})"


def _kind_of(number: str) -> str:
    """The kind a document's code says ("217/CĐ-TTg" -> "Công điện"), "Văn bản số" when it says none."""
    keys = document_keys(number)
    return _TYPE_NAMES.get(keys[0].partition("-")[0], "Văn bản số") if keys else "Văn bản số"


def report_keys(kind: str | None, number: str | None, title: str | None, document: str) -> list[str]:
    """Keys a question may name a report by: its kind and number ("Thông báo 624/TB-VPCP" -> "tb-624"),
    the documents its title names, and, when its header gives no number, those its file name spells
    ("102-nq03-cp-phuluc2.txt" -> "nq-3"), as offices name files after the document they hold."""
    keys = document_keys(f"{kind or ''} {number or ''}") if number else []
    if number and not keys:  # "11414/VPCP-CN": asked for as "văn bản số 11414"
        keys += [f"so-{int(n)}" for n in re.findall(r"^\d{1,5}", number.strip())]
    keys += document_keys(title or "")
    if not number:
        keys += document_keys(re.sub(r"[_.]", " ", document))
    return list(dict.fromkeys(keys))


_TYPE_NAMES = {
    "nq": "Nghị quyết", "ct": "Chỉ thị", "qd": "Quyết định", "tb": "Thông báo", "kh": "Kế hoạch",
    "cv": "Công văn", "nd": "Nghị định", "tt": "Thông tư", "bc": "Báo cáo", "luat": "Luật", "so": "Văn bản số",
    "cd": "Công điện", "kl": "Kết luận",
}  # fmt: skip


def document_name(key: str) -> str:
    """A document key as officials say it: "ct-7" -> "Chỉ thị 07"."""
    kind, _, number = key.partition("-")
    return f"{_TYPE_NAMES.get(kind, kind.upper())} {int(number):02d}" if number.isdigit() else key
