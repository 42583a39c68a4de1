"""A document's identity from its own header: kind, number, issuer, date and the province it speaks for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dondoc.data.units import UnitRegistry
from dondoc.nlp.text import fold, normalize

_NUMBER = re.compile(r"^\s*Số\s*[:.]?\s*(\d{1,6}\s*/\s*[\w.\-Đđ]+(?:/[\w\-Đđ]+)?)", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"(?:^|[,\s])ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(20\d\d)|ngày\s+(\d{1,2})/(\d{1,2})/(20\d\d)",
    re.IGNORECASE,
)
_PLACE = re.compile(r"[A-ZĐÀ-Ỹ][\wÀ-ỹ.]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ.]*){0,4}\s*,\s*ngày\b")
_ATTACHED = re.compile(r"\(\s*Kèm\s+theo\b", re.IGNORECASE)
_KINDS = {
    "KH": "Kế hoạch",
    "TB": "Thông báo",
    "NQ": "Nghị quyết",
    "BC": "Báo cáo",
    "CT": "Chỉ thị",
    "QĐ": "Quyết định",
    "CV": "Công văn",
    "CTr": "Chương trình",
    "KL": "Kết luận",
}
_TITLES = re.compile(r"^(THÔNG BÁO|KẾ HOẠCH|NGHỊ QUYẾT|BÁO CÁO|CHỈ THỊ|QUYẾT ĐỊNH|CHƯƠNG TRÌNH|PHỤ LỤC)\b")
_NATIONAL = "cong hoa xa hoi chu nghia"
_LOCAL = re.compile(r"trên địa bàn\s+(.{3,60})", re.IGNORECASE)
_BULLET = re.compile(r"\s*(?:[-+•–]|\(?\d+\)|[a-zđ]\))\s")
_TITLE_CHARS = 300
# The header block is short; a date further down is a cited document's, not this one's.
_HEADER_LINES = 25


@dataclass(frozen=True)
class DocumentHeader:
    """What a document says about itself.

    Attributes:
        kind: "Kế hoạch", "Thông báo", … (None when the header does not say).
        number: its number as written ("308/KH-UBND").
        issuer: the issuing body as written ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI").
        issued: its date; None when the document gives none (never the day it was read).
        scope: the province a local document speaks for, None for a national one.
        title: a one-line title for listings.
    """

    kind: str | None
    number: str | None
    issuer: str | None
    issued: date | None
    scope: str | None
    title: str


def read_header(text: str, registry: UnitRegistry, fallback_title: str) -> DocumentHeader:
    """Read the header of a document's plain text.

    Args:
        text: the document as plain text (`Document.text`).
        registry: to tell a province's issuer from a national one.
        fallback_title: the title when the text has no line that reads as one (the file name).

    Returns:
        The header; fields the document does not give are None.
    """
    head = (normalize(line) for line in text.splitlines()[: _HEADER_LINES * 8])
    top = [line for line in head if line][:_HEADER_LINES]
    number = next((normalize(m[1]).replace(" ", "") for line in top if (m := _NUMBER.search(line))), None)
    issued = _issued(top)
    issuer = _issuer(top)
    kind = _kind(number, top)
    return DocumentHeader(kind, number, issuer, issued, _scope(issuer, top, registry), _title(top, fallback_title))


def _issued(top: list[str]) -> date | None:
    """The date after the place ("Hà Nội, ngày 17 tháng 11 năm 2025"), else that of "(Kèm theo … ngày …)".

    Other dates near the top belong to the documents the header cites, so they are not used.
    """
    for marker in (_PLACE, _ATTACHED):
        for line in top:
            found = marker.search(line)
            dated = _PLACE_DATE.search(line, found.start()) if found else None
            if dated and _date(dated):
                return _date(dated)
    return None


def _date(match: re.Match[str]) -> date | None:
    day, month, year = (int(g) for g in (match.groups()[:3] if match[1] else match.groups()[3:]))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _issuer(top: list[str]) -> str | None:
    """The first header cell: the lines before "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"."""
    head = []
    for line in top[:8]:
        first = line.split(" | ")[0]
        if _NATIONAL in fold(first) or set(first) <= set("-_ ") or first.upper() != first:
            break
        head.append(first.strip("-_ "))
        if " | " in line:
            break
    issuer = normalize(" ".join(head))
    return issuer if issuer and issuer.upper() == issuer and len(issuer) < 150 else None


def _kind(number: str | None, top: list[str]) -> str | None:
    if number and "/" in number:
        code = re.split(r"[-/]", number.split("/", 1)[1])[0]
        if code in _KINDS:
            return _KINDS[code]
    title = next((m[1] for line in top if (m := _TITLES.match(line))), None)
    return title.capitalize() if title else None


def _scope(issuer: str | None, top: list[str], registry: UnitRegistry) -> str | None:
    """A province's document speaks for it: issued by its bodies, or "trên địa bàn <tỉnh>" in its title.

    Only title-like lines count: a national report's bullet "- Làm việc với … trên địa bàn Thành phố Hà Nội"
    says where one activity happened, not whom the report speaks for.
    """
    titles = [line for line in top if len(line) <= _TITLE_CHARS and not _BULLET.match(line)]
    texts = [issuer or ""] + [m[1] for line in titles if (m := _LOCAL.search(line))]
    for text in texts:
        provinces = [n for n in registry.find_in_question(text) if registry.entries[n].kind == "province"]
        if provinces:
            return provinces[0]
    return None


def _title(top: list[str], fallback: str) -> str:
    for index, line in enumerate(top):
        if _TITLES.match(line):
            following = [text for text in top[index + 1 : index + 4] if text.upper() == text]
            return normalize(" ".join([line, *following]))[:300]
    return fallback
