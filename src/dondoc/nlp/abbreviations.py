"""Abbreviations of Đề án 06 reports (DVCTT, CSDLQG, TTHC, VNeID, CCCD, BCA, UBND …) and their expansion."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources

from dondoc.nlp.text import normalize


def _fold_table() -> dict[int, str]:
    table = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char.lower()) if not unicodedata.combining(c))
        if len(base) == 1:
            table[code] = base
    table[ord("đ")] = table[ord("Đ")] = "d"
    return table


_FOLD = _fold_table()


def fold_aligned(text: str) -> str:
    """Lower-case without diacritics, character for character ("Bộ Y tế" -> "bo y te").

    Unlike `nlp.text.fold` it keeps every other character and the length, so a match in the
    result slices the original; one C-level pass, for the hot paths of search.
    """
    return text.translate(_FOLD)


@cache
def abbreviations() -> dict[str, str]:
    """Abbreviation as usually written -> what it stands for (the bundled abbreviations.json)."""
    raw = resources.files("dondoc.nlp").joinpath("abbreviations.json").read_text(encoding="utf-8")
    return dict(json.loads(raw)["abbreviations"])


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    by_key = {fold_aligned(abbr): expansion for abbr, expansion in abbreviations().items()}
    keys = sorted(by_key, key=len, reverse=True)
    pattern = re.compile(r"(?<![0-9a-z])(" + "|".join(re.escape(k) for k in keys) + r")(?![0-9a-z])")
    return pattern, by_key


def find_abbreviations(text: str) -> list[tuple[int, int, str]]:
    """Every abbreviation in `text` as (start, end, expansion); positions index `normalize(text)`.

    Matching is on the folded text, so "csdlqg" typed in lower case without diacritics counts too.
    """
    written = normalize(text)
    folded = fold_aligned(written)
    pattern, by_key = _pattern()
    return [(m.start(), m.end(), by_key[m.group(1)]) for m in pattern.finditer(folded)]


def expand_abbreviations(text: str) -> str:
    """`text` with each abbreviation followed by its expansion.

    "CSDLQG về dân cư" -> "CSDLQG (cơ sở dữ liệu quốc gia) về dân cư".

    The abbreviation stays, so a search for either spelling still meets it.
    """
    written = normalize(text)
    parts: list[str] = []
    last = 0
    for _start, end, expansion in find_abbreviations(written):
        if fold_aligned(expansion) in fold_aligned(written[end : end + len(expansion) + 3]):
            continue  # already spelled out right after: "CCCD (căn cước công dân)"
        parts += [written[last:end], f" ({expansion})"]
        last = end
    parts.append(written[last:])
    return "".join(parts)


def replace_abbreviations(text: str) -> str:
    """`text` with each abbreviation replaced by what it stands for ("CSDL đất đai" -> "cơ sở dữ liệu đất đai").

    For keyword search: the abbreviation and its expansion then count once, not twice.
    """
    written = normalize(text)
    parts: list[str] = []
    last = 0
    for start, end, expansion in find_abbreviations(written):
        parts += [written[last:start], expansion]
        last = end
    parts.append(written[last:])
    return "".join(parts)
