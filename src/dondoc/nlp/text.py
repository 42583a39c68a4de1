"""Vietnamese text primitives: NFC normalisation, whitespace, accent folding, PDF line joining."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_SPACES = re.compile(r"\s+")
# Vietnamese PDFs do not split syllables, so a line ending in "word-" wraps a compound
# ("kinh tế-" / "xã hội"): keep the hyphen, drop the break.
_HYPHEN_WRAP = re.compile(r"(\w)-\n(?=\w)")


def normalize(text: str) -> str:
    """NFC-normalise and collapse every run of whitespace to one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Lower-case and strip diacritics ("Bộ Y tế" -> "bo y te") so unaccented typing matches."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def join_lines(lines: list[str]) -> str:
    """Join the wrapped lines of one PDF cell into one normalised string.

    PDF extraction breaks a cell wherever the column wraps; a word cut with a hyphen
    at the end of a line is glued back, every other break becomes a space.
    """
    text = "\n".join(line.strip() for line in lines if line.strip())
    return normalize(_HYPHEN_WRAP.sub(r"\1-", text))


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary with a visible "…", so a cut never passes for the whole."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:-") + "…"


def vn_date(value: date | str) -> str:
    """A date as officials write it: 30/06/2025 (accepts a date or an ISO string)."""
    value = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{value.day:02d}/{value.month:02d}/{value.year}"
