"""Parser for the utility-group evaluation table ("A NHÓM DVC" … "E NHÓM PHÂN TÍCH …").

The PDF was dumped column by column in narrow fragments, a row's cells resuming after the
next page break. Only two columns hold tasks: "(n) đơn vị chịu trách nhiệm" and "(n) giải
pháp", the last two of a row. The table has no deadline and no status.

How a row's pair is found: the solutions fragment opens with "(1)", is as wide as that column
(20-30 characters), ends just before a page break (it is the last column), and follows a
fragment as narrow as the units column (at most 18). When the last solution is cut mid-sentence,
its rest is the first later fragment of the same width that opens in lower case and again
ends at a page break; the units fragment continues the same way just before it. Solution n
goes to unit n; a solution that opens with its own subject ("Các bộ, ngành khẩn trương …")
goes to that subject. Rows whose pair cannot be found this way are skipped rather than guessed.
"""

from __future__ import annotations

import re

from dondoc.ingest.layouts._directive_text import DEFAULT_UNIT, subject_of, unit_of_cell
from dondoc.ingest.layouts._service_chunks import GROUP, Chunk, groups
from dondoc.ingest.model import ParsedTask
from dondoc.nlp.text import join_lines

LAYOUT = "service_groups"

_ITEM = re.compile(r"^\((\d{1,2})\)\s*")
_SOLUTION_WIDTH = (20, 30)
_UNIT_WIDTH = 18
_SAME_COLUMN = 3  # a continuation is within this many characters of its column's width
_SENTENCE_END = (".", ";", "…", "!", "?")

Lines = list[tuple[int, str]]


def matches(lines: list[str]) -> bool:
    """Whether the file is the group table: at least two "X NHÓM …" group lines."""
    return sum(1 for line in lines if GROUP.match(line.strip())) >= 2


def _finished(lines: Lines) -> bool:
    return lines[-1][1].rstrip().endswith(_SENTENCE_END)


def _extends(lines: Lines, more: Lines) -> bool:
    """Whether more lines can follow on: they open in lower case and number only later items."""
    last = max((int(m[1]) for _, text in lines if (m := _ITEM.match(text))), default=0)
    later = all(int(m[1]) > last for _, text in more if (m := _ITEM.match(text)))
    return more[0][1][0].islower() and later and not _finished(lines)


def _is_solutions(chunks: list[Chunk], i: int) -> bool:
    chunk = chunks[i]
    low, high = _SOLUTION_WIDTH
    return (
        i > 0
        and chunk.boundary_after
        and _ITEM.match(chunk.first) is not None
        and low <= chunk.width <= high
        and chunks[i - 1].width <= _UNIT_WIDTH
        and not chunks[i - 1].is_row_number
    )


def _continuations(chunks: list[Chunk], i: int, stop: int) -> tuple[Lines, Lines]:
    """The units and solutions of the pair at chunks[i-1], chunks[i], continued after page breaks."""
    units, solutions = list(chunks[i - 1].lines), list(chunks[i].lines)
    width = chunks[i].width
    for j in range(i + 1, stop):
        if _finished(solutions):
            break
        chunk = chunks[j]
        if chunk.boundary_after and abs(chunk.width - width) <= _SAME_COLUMN and _extends(solutions, chunk.lines):
            solutions += chunk.lines
            before = chunks[j - 1]
            if j - 1 > i and before.width <= _UNIT_WIDTH and _extends(units, before.lines):
                units += before.lines
    return units, solutions


def _items(lines: Lines) -> list[tuple[int, int, str]]:
    """Numbered items "(n) …" as (n, 1-based line, text); unnumbered text is item 0."""
    items: list[tuple[int, int, list[str]]] = []
    for number, text in lines:
        if m := _ITEM.match(text):
            items.append((int(m[1]), number, [text[m.end() :]]))
        elif items:
            items[-1][2].append(text)
        else:
            items.append((0, number, [text]))
    return [(n, line, join_lines(parts)) for n, line, parts in items if join_lines(parts)]


def _tasks(section: str, units: Lines, solutions: Lines) -> list[ParsedTask]:
    unit_cells = {n: unit_of_cell(text) for n, _, text in _items(units)}
    only = next(iter(unit_cells.values())) if len(unit_cells) == 1 else None
    tasks = []
    for n, line, text in _items(solutions):
        if n == 0:  # text before "(1)" cannot be numbered, so it cannot be paired
            continue
        lead = subject_of(text) or unit_cells.get(n) or only or DEFAULT_UNIT
        tasks.append(ParsedTask(section=section, stt=str(n), line=line, content=text, lead_text=lead))
    return tasks


def parse(lines: list[str]) -> list[ParsedTask]:
    """Read the "(n) giải pháp" solutions of every row as tasks, each paired with its unit.

    Args:
        lines: the file's text split into lines.

    Returns:
        One task per solution: section is the group ("A NHÓM DVC"), stt the solution's number
        "n" (it restarts in every row, so the line tells two rows apart), lead_text its unit
        ("Các bộ, ngành, địa phương" when the row gives none); no deadline, no result.

    Raises:
        ValueError: when the file has no "X NHÓM …" groups or no row yields a solution.
    """
    table = groups(lines)
    if not table:
        raise ValueError("service_groups: no 'A NHÓM …' group line found")
    tasks: list[ParsedTask] = []
    for section, chunks in table:
        pairs = [i for i in range(len(chunks)) if _is_solutions(chunks, i)]
        for k, i in enumerate(pairs):
            stop = pairs[k + 1] - 1 if k + 1 < len(pairs) else len(chunks)
            tasks += _tasks(section, *_continuations(chunks, i, stop))
    if not tasks:
        raise ValueError("service_groups: no '(n) giải pháp' column could be paired with its units")
    return tasks
