"""The metadata block a legal-documents site puts before a document's text ("Số hiệu: | 637/TB-VPCP",
"Loại văn bản: | Thông báo", "Nơi ban hành:" then the body, "Ngày ban hành: | 24/11/2025")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dondoc.nlp.text import normalize, parse_vn_date

_LABELS = ("Số hiệu", "Loại văn bản", "Nơi ban hành", "Người ký", "Ngày ban hành", "Ngày hiệu lực",
           "Ngày công báo", "Số công báo", "Tình trạng")  # fmt: skip
_LABEL = re.compile(rf"(?:^|[\s#*])({'|'.join(_LABELS)})\s*:\s*\**\s*(.*)$")
# The block sits under the site's banner, within the first lines.
_SEARCH_LINES = 40


@dataclass(frozen=True)
class SiteMetadata:
    """What the site's block says of the document (all None when there is no block)."""

    number: str | None = None
    kind: str | None = None
    issuer: str | None = None
    issued: date | None = None


def read_metadata(lines: list[str]) -> tuple[SiteMetadata, int]:
    """The metadata block among the first of `lines` (non-empty, normalised), and the index of the first line
    after it (0 when there is none), where the document's own header starts."""
    values: dict[str, str] = {}
    pending: str | None = None  # a label whose value is the next cell ("Nơi ban hành:" then the body's name)
    end = 0
    for index, line in enumerate(lines[:_SEARCH_LINES]):
        in_block = False
        for cell in (cell.strip(" *") for cell in line.split("|")):
            found = _LABEL.search(cell) if cell else None
            if found is not None:
                value = found[2].strip(" *")
                if value:
                    values.setdefault(found[1], normalize(value))
                pending, in_block = (None if value else found[1]), True
            elif cell and pending is not None:
                values.setdefault(pending, normalize(cell))
                pending, in_block = None, True
        if "Số hiệu" in values:
            if not in_block:
                break
            end = index + 1
    if "Số hiệu" not in values:
        return SiteMetadata(), 0
    number = values["Số hiệu"].replace(" ", "") or None
    issued = parse_vn_date(values.get("Ngày ban hành", ""))
    return SiteMetadata(number, values.get("Loại văn bản") or None, values.get("Nơi ban hành") or None, issued), end
