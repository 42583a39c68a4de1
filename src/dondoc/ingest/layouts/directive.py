"""Parser for a Prime Minister's directive (Chỉ thị …/CT-TTg): the prose body and its appendix table.

The body assigns tasks in lettered items per unit ("d) Bộ Y tế" followed by "- " bullets, or
"b) Bộ Tư pháp đôn đốc …" in one sentence) with deadlines written inside the sentence; the
appendix repeats and extends them as a table whose rows are one cell per line.
"""

from __future__ import annotations

import re

from dondoc.ingest.layouts._directive_appendix import appendix_start, parse_appendix
from dondoc.ingest.layouts._directive_prose import body_end, parse_prose
from dondoc.ingest.model import ParsedTask
from dondoc.nlp.text import fold, normalize

LAYOUT = "directive"

_NUMBER = re.compile(r"^Số\s*:?\s*(\d+/CT-[\wĐđ]+)", re.IGNORECASE)
_HEAD = 15  # the number and the title sit in the first lines of the document


def _number(lines: list[str]) -> str | None:
    """The directive's number ("07/CT-TTg") from its "Số: …" line."""
    for raw in lines[:_HEAD]:
        if m := _NUMBER.match(normalize(raw)):
            return m[1]
    return None


def matches(lines: list[str]) -> bool:
    """Whether the file is a directive: a "Số: …/CT-…" line and a "CHỈ THỊ" title near the top."""
    head = [fold(line) for line in lines[:_HEAD]]
    return _number(lines) is not None and "chi thi" in head


def parse(lines: list[str]) -> list[ParsedTask]:
    """Read every task of the directive: body items first, then appendix rows.

    Args:
        lines: the file's text split into lines.

    Returns:
        One task per body item or bullet (section "2.d Bộ Y tế", stt None) and per appendix row
        (section "Phụ lục A", stt "1"), each directed by the directive itself ("Chỉ thị 07/CT-TTg")
        plus any document the task says it acts under.

    Raises:
        ValueError: when the directive's number or any task cannot be found.
    """
    number = _number(lines)
    if number is None:
        raise ValueError("directive: no 'Số: …/CT-…' line in the first lines; is this a Chỉ thị?")
    directive = f"Chỉ thị {number}"
    stop = body_end(lines)
    tasks = parse_prose(lines, stop, directive)
    start = appendix_start(lines, stop)
    if start is not None:
        tasks += parse_appendix(lines, start, directive)
    if not tasks:
        raise ValueError(f"directive {number}: no lettered items, bullets or appendix rows found")
    return tasks
