"""Find ruled tables in a page image: long dark horizontal runs are row lines, full-height dark columns cell edges.

Scanned reports draw their tables with lines, so the grid comes from the pixels (numpy is enough);
OCR then only has to read the words, and each word goes to the cell whose box holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np

_DARK = 128  # grey level below which a pixel is ink
_RULE_INCHES = 0.4  # a horizontal run at least this long is a rule, not a letter
_SAME_RULE = 0.03  # inches: edges closer than this are the same rule seen in two bands
_FULL = 0.9  # share of a band's height a vertical edge must cover (a letter never does)
_PRESENT = 0.8  # share of a cell's width a row line must cover to close the cell


@dataclass
class GridCell:
    """One cell of a ruled table: its pixel box and the grid rows and columns it covers."""

    box: tuple[int, int, int, int]
    rows: range
    cols: range


@dataclass
class TableGrid:
    """A ruled table found in the image: its box, grid size, column edges (x), cells, and its rule pixels."""

    box: tuple[int, int, int, int]
    n_rows: int
    n_cols: int
    columns: list[int]
    cells: list[GridCell]
    rules: np.ndarray


def find_tables(gray: np.ndarray, dpi: float) -> list[TableGrid]:
    """The ruled tables of a grey page image, top to bottom.

    Args:
        gray: the page as a 2-D uint8 array (0 black, 255 white).
        dpi: its resolution, which scales the lengths that tell rules from letters.

    Returns:
        One grid per table of at least one row; merged cells (a missing edge or row line) span
        several grid positions.
    """
    dark = gray < _DARK
    lines = _row_lines(dark, max(int(dpi * _RULE_INCHES), 8))
    tables: list[TableGrid] = []
    run: list[tuple[int, int, int, int]] = []
    for line in [*lines, None]:
        if line is not None and run and _closed_band(dark, run[-1], line):
            run.append(line)
            continue
        if len(run) >= 2:
            tables.append(_grid(dark, run, max(int(dpi * _SAME_RULE), 3)))
        run = [line] if line is not None else []
    return tables


def _row_lines(dark: np.ndarray, length: int) -> list[tuple[int, int, int, int]]:
    """Horizontal rules as (top, bottom, left, right): pixel rows holding a dark run of at least `length`."""
    sums = np.cumsum(np.pad(dark, ((0, 0), (1, 0))), axis=1, dtype=np.int32)
    runs = (sums[:, length:] - sums[:, :-length]) == length  # a full run starts at this x
    has_rule = runs.any(axis=1)
    lines = []
    y = 0
    while y < len(has_rule):
        if not has_rule[y]:
            y += 1
            continue
        top = y
        while y < len(has_rule) and has_rule[y]:
            y += 1
        starts = np.flatnonzero(runs[top:y].any(axis=0))
        lines.append((top, y - 1, int(starts.min()), int(starts.max()) + length))
    return lines


def _closed_band(dark: np.ndarray, upper: tuple[int, int, int, int], lower: tuple[int, int, int, int]) -> bool:
    """Whether two rules are consecutive lines of one table: they overlap and a vertical edge joins their left ends."""
    left, right = max(upper[2], lower[2]), min(upper[3], lower[3])
    if right - left < (upper[3] - upper[2]) / 2:
        return False
    band = dark[upper[1] + 1 : lower[0], max(left - 4, 0) : left + 5]
    return band.size > 0 and bool((band.mean(axis=0) >= _FULL).any())


def _edges(column_share: np.ndarray, offset: int) -> list[int]:
    """Centres of the runs of columns that are dark over the band's full height."""
    xs = np.flatnonzero(column_share >= _FULL)
    if not len(xs):
        return []
    groups = np.split(xs, np.flatnonzero(np.diff(xs) > 1) + 1)
    return [offset + int(group.mean()) for group in groups]


def _grid(dark: np.ndarray, lines: list[tuple[int, int, int, int]], tolerance: int) -> TableGrid:
    """Cut a table into cells: each band's own edges (so merged-across cells stay whole), then merges down."""
    left, right = min(line[2] for line in lines), max(line[3] for line in lines)
    x0, x1 = max(left - tolerance, 0), min(right + tolerance, dark.shape[1])
    band_edges = [_edges(dark[upper[1] + 1 : lower[0], x0:x1].mean(axis=0), x0) for upper, lower in pairwise(lines)]
    columns: list[int] = []
    for x in sorted(x for edges in band_edges for x in edges):
        if not columns or x - columns[-1] > tolerance:
            columns.append(x)
    index = {x: min(range(len(columns)), key=lambda c: abs(columns[c] - x)) for edges in band_edges for x in edges}
    rules = np.zeros_like(dark)
    cells: list[GridCell] = []
    above: dict[tuple[int, int], GridCell] = {}
    for r, (edges, upper, lower) in enumerate(zip(band_edges, lines, lines[1:], strict=False)):
        rules[upper[0] : upper[1] + 1, x0:x1] = True
        rules[lower[0] : lower[1] + 1, x0:x1] = True
        current: dict[tuple[int, int], GridCell] = {}
        for a, b in pairwise(edges):
            rules[upper[1] : lower[0] + 1, a - tolerance : a + tolerance + 1] = True
            rules[upper[1] : lower[0] + 1, b - tolerance : b + tolerance + 1] = True
            span = (index[a], index[b])
            segment = dark[upper[0] : upper[1] + 1, a + tolerance : b - tolerance]
            line_share = segment.any(axis=0).mean() if segment.size else 1.0
            if span in above and line_share < _PRESENT:
                cell = above[span]
                cell.rows = range(cell.rows.start, r + 1)
                cell.box = (cell.box[0], cell.box[1], cell.box[2], lower[0])
            else:
                cell = GridCell((a, upper[1], b, lower[0]), range(r, r + 1), range(span[0], span[1]))
                cells.append(cell)
            current[span] = cell
        above = current
    box = (x0, lines[0][0], x1, lines[-1][1])
    return TableGrid(box, len(lines) - 1, max(len(columns) - 1, 0), columns, cells, rules & dark)
