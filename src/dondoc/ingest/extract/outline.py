"""A document's prose as an outline: numbered and bulleted items nested the way the writer nested them.

Vietnamese administrative texts number their parts with a small set of markers ("I.", "1.", "1.1.",
"a)", "(1)", "(i)", "-", "+") and nest them in the order the writer first uses them: whatever marker
comes first is the outer level, a new kind of marker opens a level inside, and a kind already open
closes every level inside it. Bold lines without a marker are headings at their own level. Items
written inside one paragraph ("a) Bộ Y tế: (1) …; (2) …") become children of that paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from dondoc.ingest.readers.document import Block
from dondoc.nlp.text import normalize

# (kind, pattern) tried in order on a block's first line; the kind decides the nesting.
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("article", re.compile(r"^(Điều\s+\d{1,3})(?:[.:]\s*|\s+|$)")),
    ("part", re.compile(r"^((?:PHẦN|Phần)\s+(?:[IVXL]{1,6}|\d{1,2}|thứ\s+\w+))[.:\-–]?\s+")),
    ("roman", re.compile(r"^([IVXL]{1,6})[.\-–)]\s*(?=\S)")),
    ("decimal", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\)?\s+(?=\S)")),
    ("number", re.compile(r"^(\d{1,2})[.)](?!\d)\s*(?=\S)")),
    ("letter", re.compile(r"^([a-zđ])[).](?![\w.])\s*(?=\S)")),
    ("paren-roman", re.compile(r"^\(((?:i{1,3}|iv|vi{0,3}|ix|x))\)\s*")),
    ("paren", re.compile(r"^\((\d{1,2}|[a-zđ])\)\s*")),
    ("dash", re.compile(r"^([-–—])\s*(?=\S)")),
    ("plus", re.compile(r"^([+])\s*(?=\S)")),
    ("bullet", re.compile(r"^([•●▪◦*])\s+")),
]
_BULLETS = {"dash", "plus", "bullet"}
# "(1) … (2) …" or "(i) … (ii) …" inside one paragraph.
_INLINE = re.compile(r"(?:(?<=[\s:;.,])|^)\((\d{1,2}|i{1,3}|iv|vi{0,3}|ix|x)\)\s*")


@dataclass
class Node:
    """One item of the outline.

    Attributes:
        kind: the marker's kind ("roman", "number", "decimal2", "letter", "paren", "dash", …),
            "heading" for a bold line without a marker, "text" for a plain paragraph.
        marker: the marker as written ("II", "1", "4.1", "a", "(2)", "-"), None for headings and text.
        text: the item's text after its marker, on one line.
        line: the 1-based line where that text starts.
        bold: whether the block was written in bold (a heading).
        children: the items nested inside it.
    """

    kind: str
    marker: str | None
    text: str
    line: int
    bold: bool = False
    children: list[Node] = field(default_factory=list)
    offsets: tuple[tuple[int, int], ...] = ()

    def walk(self) -> Iterable[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


def _split_marker(text: str) -> tuple[str, str | None, int]:
    """(kind, marker, length of the marker and the spaces after it) of a block's text."""
    for kind, pattern in _MARKERS:
        found = pattern.match(text)
        if found:
            marker = found[1]
            if kind == "decimal":
                kind = f"decimal{marker.count('.') + 1}"
            return kind, marker, found.end()
    return "text", None, 0


def _line_offsets(block_text: str, start: int, line: int) -> tuple[tuple[int, int], ...]:
    """(offset in the flattened text, line) at each line start after `start`, to place inline items."""
    offsets = [(0, line)]
    position = 0
    for part in block_text[start:].split("\n")[:-1]:
        position += len(normalize(part)) + 1
        line += 1
        offsets.append((position, line))
    return tuple(offsets)


def line_at(node: Node, offset: int) -> int:
    """The line on which `offset` of the node's text stands."""
    return max((line for start, line in node.offsets if start <= offset), default=node.line)


def _node(block: Block) -> Node:
    raw = block.text.lstrip("\n ")
    skipped_lines = block.text[: len(block.text) - len(raw)].count("\n")
    kind, marker, taken = _split_marker(raw)
    body = raw[taken:]
    # The text may start on the marker's line or, after a wrapped marker, on the next one.
    lead_breaks = len(body) - len(body.lstrip("\n "))
    line = block.line + skipped_lines + raw[: taken + lead_breaks].count("\n")
    flat = normalize(body.replace("\n", " "))
    bold = block.kind == "heading" and kind in ("text", "roman", "number", "decimal2", "part", "article")
    node = Node("heading" if bold and kind == "text" else kind, marker, flat, line, bold)
    node.offsets = _line_offsets(body.lstrip("\n "), 0, line)
    return node


def _inline_children(node: Node) -> None:
    """Split "… : (1) …; (2) …" into children, when at least two items stand in the paragraph."""
    cuts = list(_INLINE.finditer(node.text))
    if len(cuts) < 2 or cuts[0][1] not in ("1", "i"):
        return
    head = node.text[: cuts[0].start()].strip()
    for index, cut in enumerate(cuts):
        end = cuts[index + 1].start() if index + 1 < len(cuts) else len(node.text)
        text = node.text[cut.end() : end].strip()
        kind = "paren-roman" if cut[1][0] == "i" and cut[1] != "1" else "paren"
        node.children.append(Node(kind, f"({cut[1]})", text, line_at(node, cut.end())))
    node.text = head


def build_outline(blocks: Iterable[Block], closes: Callable[[str], bool] = lambda text: False) -> list[Node]:
    """Nest the text blocks of a document (tables left out) into an outline.

    Args:
        blocks: the document's blocks in reading order.
        closes: whether a paragraph closes every open level ("Nơi nhận:" ends the body).

    Returns:
        The top-level nodes, in reading order.
    """
    roots: list[Node] = []
    stack: list[Node] = []
    for block in blocks:
        if block.kind == "table" or not block.text.strip():
            continue
        node = _node(block)
        if not node.text and not node.marker:
            continue
        _inline_children(node)
        if (node.kind == "heading" and node.text.upper() == node.text) or (node.kind == "text" and closes(node.text)):
            node.kind = "title"  # "THÔNG BÁO", "KẾ HOẠCH", "Nơi nhận": a new part of the document
            stack.clear()
        if node.kind in ("text", "title"):
            while stack and stack[-1].kind in _BULLETS:
                stack.pop()  # a paragraph after a bullet belongs to the bullet's parent, not to the bullet
            (stack[-1].children if stack else roots).append(node)
            continue
        if node.kind not in _BULLETS:
            while stack and stack[-1].kind in _BULLETS:
                stack.pop()  # bullets are the innermost level: a numbered item after them is not inside them
        kinds = [open_node.kind for open_node in stack]
        if node.kind in kinds:
            del stack[kinds.index(node.kind) :]
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


_ORDINAL_KINDS = {"roman", "number", "letter", "paren", "paren-roman", "decimal2", "decimal3"}
_LETTERS = "abcdđefghiklmnopqrstuvxy"
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}


def _ordinal(node: Node) -> int | None:
    """The number a marker stands for ("IV" 4, "c" 4 — Vietnamese letters count "đ" —, "(3)" 3, "4.2" 2)."""
    marker = (node.marker or "").strip("()").lower()
    if node.kind.startswith("decimal"):
        marker = marker.rsplit(".", 1)[-1]
    if marker.isdigit():
        return int(marker)
    if node.kind == "letter" and marker in _LETTERS:
        return _LETTERS.index(marker) + 1
    if node.kind in ("roman", "paren-roman") and marker and set(marker) <= set(_ROMAN_VALUES):
        values = [_ROMAN_VALUES[c] for c in marker]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return None


def numbering_order(roots: list[Node]) -> tuple[int, int]:
    """How many consecutive numbered siblings follow each other (1 then 2, c then d), out of how many pairs.

    A document as written numbers its items in order; lines of a report shuffled or mixed up do not.
    """
    ordered = pairs = 0
    for parent in [Node("text", None, "", 0, children=roots), *(n for root in roots for n in root.walk())]:
        previous: dict[str, int] = {}
        for child in parent.children:
            value = _ordinal(child) if child.kind in _ORDINAL_KINDS else None
            if value is None:
                continue
            if child.kind in previous:
                pairs += 1
                ordered += value == previous[child.kind] + 1
            previous[child.kind] = value
    return ordered, pairs
