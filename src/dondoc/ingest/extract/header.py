"""A document's identity from its own header: kind, number, issuer, date and the province it speaks for.

Read, in this order, from what the document itself says: a legal site's metadata block ("Số hiệu: …",
"Loại văn bản: …", "Nơi ban hành: …", "Ngày ban hành: dd/mm/yyyy"), the letterhead (issuer beside the
national motto, "Số: …", "Hà Nội, ngày … tháng … năm …", the kind word as title) and, for a news item about
a document, its lead ("Ngày 17/11/2025, UBND tỉnh Bắc Ninh ban hành Công văn 4858/UBND-KTTH …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract.article_lead import KIND_WORDS, NUMBER, ArticleLead, posted_on, read_lead
from dondoc.ingest.extract.site_metadata import read_metadata
from dondoc.nlp.text import fold, normalize

_NUMBER = re.compile(rf"^\s*Số\s*[:.]?\s*({NUMBER})", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"(?:^|[,\s])ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(20\d\d)|ngày\s+(\d{1,2})/(\d{1,2})/(20\d\d)",
    re.IGNORECASE,
)
_PLACE = re.compile(r"[A-ZĐÀ-Ỹ][\wÀ-ỹ.]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ.]*){0,4}\s*,\s*ngày\b")
_ATTACHED = re.compile(r"\(\s*Kèm\s+theo\b", re.IGNORECASE)
# The kind a number's code names ("624/TB-VPCP": Thông báo); a code that names only the issuer and its
# department ("11414/VPCP-CN", "4858/UBND-KTTH") is a công văn's.
_KINDS = {
    "KH": "Kế hoạch", "TB": "Thông báo", "NQ": "Nghị quyết", "BC": "Báo cáo", "CT": "Chỉ thị",
    "QĐ": "Quyết định", "CV": "Công văn", "CTr": "Chương trình", "KL": "Kết luận", "CĐ": "Công điện",
    "HD": "Hướng dẫn", "TTr": "Tờ trình", "NĐ": "Nghị định", "TT": "Thông tư", "QC": "Quy chế",
}  # fmt: skip
_AGENCY_CODE = re.compile(r"[A-ZĐ][A-ZĐ0-9.]*")
_TITLES = re.compile(rf"^({'|'.join(word.upper() for word in KIND_WORDS)})\b")
_MOTTO = ("cong hoa xa hoi chu nghia", "dang cong san viet nam")
# "THỦ TƯỚNG CHÍNH PHỦ điện:": a Công điện without a letterhead names its issuer before its addressees.
_TELEGRAM = re.compile(r"^([A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ]{3,80}?)\s+điện\s*:", re.UNICODE)
_LOCAL = re.compile(r"trên địa bàn\s+(.{3,60})", re.IGNORECASE)
_BULLET = re.compile(r"\s*(?:[-+•–]|\(?\d+\)|[a-zđ]\))\s")
_TITLE_CHARS = 300
# The header block is short; a date further down is a cited document's, not this one's.
_HEADER_LINES = 25
# A news item says when it was posted in its last lines.
_FOOTER_LINES = 40


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
    every = text.splitlines()
    lines = [line for line in (normalize(line) for line in every[: _HEADER_LINES * 8]) if line]
    meta, start = read_metadata(lines)
    top = lines[start : start + _HEADER_LINES]
    number = next((_compact(m[1]) for line in top if (m := _NUMBER.search(line))), None)
    issuer = _issuer(top)
    lead = ArticleLead()
    if number is None and issuer is None and not meta.number:
        lead = read_lead(top, posted_on([normalize(line) for line in every[-_FOOTER_LINES:]]))
    number = meta.number or number or lead.number
    issued = meta.issued or _issued(top) or lead.issued
    issuer = meta.issuer or issuer or lead.issuer
    kind = meta.kind or _kind(number, top) or lead.kind
    title = _title(top) or lead.title or fallback_title
    return DocumentHeader(kind, number, issuer, issued, _scope(issuer, top, registry), title)


def _compact(number: str) -> str:
    return normalize(number).replace(" ", "")


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
    """The letterhead's first cell: the upper-case lines beside or above the national motto ("CỘNG HÒA XÃ HỘI
    CHỦ NGHĨA VIỆT NAM", or "ĐẢNG CỘNG SẢN VIỆT NAM" for the Party); else the issuer a Công điện names
    before its addressees. A document without that motto has no letterhead: an upper-case first line is
    then a title or a table cell, not an issuer."""
    motto = next((i for i, line in enumerate(top[:8]) if any(m in fold(line) for m in _MOTTO)), None)
    if motto is None:
        return next((normalize(m[1]) for line in top[:6] if (m := _TELEGRAM.match(line))), None)
    head = []
    for line in top[: motto + 1]:
        first = line.split(" | ")[0]
        if any(m in fold(first) for m in _MOTTO) or _TITLES.match(first):
            break
        if first.upper() == first and set(first) - set("-_ "):
            head.append(first.strip("-_ "))
    issuer = normalize(" ".join(head)).strip("-_ ")
    return issuer if issuer and len(issuer) < 150 else None


def _kind(number: str | None, top: list[str]) -> str | None:
    """The kind the number's code names, else the kind word the title starts with, else "Công văn" for a
    number whose code names only an agency."""
    codes = [code for code in re.split(r"[-/]", number or "") if code and not code[0].isdigit()]
    if codes and codes[0] in _KINDS:
        return _KINDS[codes[0]]
    title = next((m[1] for line in top if (m := _TITLES.match(line))), None)
    if title:
        return title.capitalize()
    return "Công văn" if codes and _AGENCY_CODE.fullmatch(codes[0]) else None


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


def _title(top: list[str]) -> str | None:
    for index, line in enumerate(top):
        if _TITLES.match(line):
            following = [text for text in top[index + 1 : index + 4] if text.upper() == text]
            return normalize(" ".join([line, *following]))[:300]
    return None
