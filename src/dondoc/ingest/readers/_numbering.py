"""Word's automatic numbering ("1.", "a)", "II."): the labels Word shows but does not store in the text.

Task tables often number their STT column and their headings this way, so a reader that only took
the stored text would lose every task number. python-docx does not compute labels; this does, for
the common formats, counting in the order the reader meets the paragraphs.
"""

from __future__ import annotations

import re

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")]
_ROMAN += [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
_PLACEHOLDER = re.compile(r"%([1-9])")


class Numbering:
    """The list definitions of one .docx and the running counters of each list."""

    def __init__(self, document: WordDocument) -> None:
        self._levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId → ilvl → (start, format, text)
        self._counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {node.get(qn("w:abstractNumId")): _levels(node) for node in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            levels = dict(abstract.get(ref.get(qn("w:val")) if ref is not None else None, {}))
            for override in num.findall(qn("w:lvlOverride")):
                level, start = int(override.get(qn("w:ilvl"), "0")), override.find(qn("w:startOverride"))
                if start is not None and level in levels:
                    levels[level] = (int(start.get(qn("w:val"), "1")), *levels[level][1:])
            self._levels[num.get(qn("w:numId"))] = levels

    def label(self, paragraph: Paragraph) -> tuple[str, int] | None:
        """Advance the paragraph's list and return its label and level, or None when it is not numbered.

        Bullets give an empty label: the glyph says nothing. Call once per paragraph, in reading order.
        """
        found = _num_pr(paragraph)
        if found is None or found[0] not in self._levels or found[0] == "0":
            return None
        num_id, level = found
        levels = self._levels[num_id]
        counters = self._counters.setdefault(num_id, {})
        start = levels.get(level, (1, "decimal", ""))[0]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        fmt, text = levels.get(level, (1, "bullet", ""))[1:]
        if fmt in ("bullet", "none"):
            return "", level

        def render(match: re.Match[str]) -> str:
            shown = int(match[1]) - 1
            start_shown, fmt_shown, _ = levels.get(shown, (1, "decimal", ""))
            return _format(counters.get(shown, start_shown), fmt_shown)

        return _PLACEHOLDER.sub(render, text), level


def _levels(abstract: BaseOxmlElement) -> dict[int, tuple[int, str, str]]:
    """An abstract list's levels: start value, number format and label text ("%1.%2.")."""
    levels = {}
    for lvl in abstract.findall(qn("w:lvl")):
        start, fmt, text = (lvl.find(qn(f"w:{name}")) for name in ("start", "numFmt", "lvlText"))
        levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
            int(start.get(qn("w:val"), "1")) if start is not None else 1,
            fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
            text.get(qn("w:val"), "") if text is not None else "",
        )
    return levels


def _num_pr(paragraph: Paragraph) -> tuple[str, int] | None:
    """The (numId, level) of a paragraph: its own numbering, else its style's (up the basedOn chain)."""
    found = _own_num_pr(paragraph._p.pPr)
    style = paragraph.style
    while found is None and style is not None:
        found = _own_num_pr(style.element.pPr)
        style = style.base_style
    return found


def _own_num_pr(p_pr: BaseOxmlElement | None) -> tuple[str, int] | None:
    """The (numId, level) a paragraph's or style's w:pPr sets itself, if it names a list."""
    num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
    num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
    if num_pr is None or num_id is None:
        return None
    ilvl = num_pr.find(qn("w:ilvl"))
    return num_id.get(qn("w:val"), ""), int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0


def _format(value: int, fmt: str) -> str:
    """A counter in a Word number format (decimal, letters, Roman); other formats fall back to digits."""
    if fmt in ("lowerLetter", "upperLetter"):
        text = _LETTERS[(value - 1) % 26] * ((value - 1) // 26 + 1)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        text, rest = "", value
        for size, numeral in _ROMAN:
            while rest >= size:
                text, rest = text + numeral, rest - size
        return text.upper() if fmt == "upperRoman" else text
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)
