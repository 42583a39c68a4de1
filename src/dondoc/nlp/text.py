"""Vietnamese text primitives: NFC normalisation, whitespace, accent folding, PDF line joining."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_SPACES = re.compile(r"\s+")
# Unicode's format characters (category Cf: zero-width spaces and joiners, soft hyphens, direction marks,
# the BOM, …): invisible, yet they split "B\u200bộ Y t\u00adế" into pieces no unit name matches.
# Listed as ranges (Unicode 15, checked against unicodedata by a test) rather than scanned at import.
_FORMAT = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
# Vietnamese PDFs do not split syllables, so a line ending in "word-" wraps a compound
# ("kinh tế-" / "xã hội"): keep the hyphen, drop the break.
_HYPHEN_WRAP = re.compile(r"(\w)-\n(?=\w)")
_VN_DAY = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*")


def normalize(text: str) -> str:
    """NFC-normalise, drop invisible format characters (Cf) and collapse every run of whitespace to one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", _FORMAT.sub("", text))).strip()


def fold(text: str) -> str:
    """Lower-case and strip diacritics ("Bộ Y tế" -> "bo y te") so unaccented typing matches."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


# Old-style tone placement ("uỷ", "hoá") and the new one ("ủy", "hóa") are the same word; each pair has
# the same length, so a text and its matching form keep their positions.
_OLD_TONES = {
    f"{vowel}{old}": f"{new}{follow}"
    for vowel, follow, tones in (("o", "a", "àáảãạ"), ("o", "e", "èéẻẽẹ"), ("u", "y", "ỳýỷỹỵ"))
    for old, new in zip(
        tones,
        {"a": "òóỏõọ", "e": "òóỏõọ", "y": "ùúủũụ"}[follow],
        strict=True,
    )
}
# Only where the pair ends the syllable ("hoà", "thuỷ"): "đoàn", "hoàng" are written alike in both styles, and
# "qu" is a consonant ("quý").
_OLD_TONE = re.compile("(?<!q)(?:" + "|".join(_OLD_TONES) + ")(?![a-zà-ỹđ])")


def match_form(text: str) -> str:
    """Lower case with one tone placement ("Uỷ ban" -> "ủy ban"), the same length as `text`, diacritics kept.

    Reading a document matches words with their diacritics ("nắm" is not "Nam"), unlike questions, which
    are folded because people type without them.
    """
    return _OLD_TONE.sub(lambda m: _OLD_TONES[m[0]], text.lower())


def join_lines(lines: list[str]) -> str:
    """Join the wrapped lines of one PDF cell into one normalised string.

    PDF extraction breaks a cell wherever the column wraps; a word cut with a hyphen
    at the end of a line is glued back, every other break becomes a space.
    """
    text = "\n".join(line.strip() for line in lines if line.strip())
    return normalize(_HYPHEN_WRAP.sub(r"\1-", text))


def blank(text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> str:
    """`text` with each span replaced by as many spaces: what is left keeps its positions."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary with a visible "…", so a cut never passes for the whole."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:-") + "…"


def vn_date(value: date | str) -> str:
    """A date as officials write it: 30/06/2025 (accepts a date or an ISO string)."""
    value = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def parse_vn_date(text: str) -> date | None:
    """A day typed as officials write it, day first (`vn_date`'s form, "1/7/2025" too); None for anything else,
    "31/02/2025" included."""
    found = _VN_DAY.fullmatch(text)
    if found is None:
        return None
    try:
        return date(int(found[3]), int(found[2]), int(found[1]))
    except ValueError:
        return None
