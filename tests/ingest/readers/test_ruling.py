"""Finding a ruled table's cells in a page image: edges per band, merges across and down, letters ignored."""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from dondoc.ingest.readers._ruling import find_tables

DPI = 200
ROWS_Y = [100, 160, 220, 280, 340]  # four bands
COLS_X = [100, 300, 600, 900]  # three columns


def _page() -> np.ndarray:
    """A white page with a 4 x 3 ruled table: band 2 is one cell across, column 3 merged down over bands 3-4."""
    page = np.full((600, 1000), 255, dtype=np.uint8)
    for y in ROWS_Y:
        page[y : y + 3, 100:903] = 0
    page[280:283, 603:900] = 255  # no row line between bands 3 and 4 in column 3
    for top, bottom in pairwise(ROWS_Y):
        xs = COLS_X if top != 160 else [COLS_X[0], COLS_X[-1]]
        for x in xs:
            page[top : bottom + 3, x : x + 3] = 0
    page[50:70, 100:400] = 0  # a thick bar above the table (a title underline) is not a table
    page[235:265, 150:153] = 0  # a tall letter stroke inside a cell is not an edge
    return page


def test_cells_follow_the_rules_with_merges_across_and_down() -> None:
    (table,) = find_tables(_page(), DPI)
    assert (table.n_rows, table.n_cols) == (4, 3)
    spans = sorted((cell.rows.start, cell.rows.stop, cell.cols.start, cell.cols.stop) for cell in table.cells)
    assert spans == [
        (0, 1, 0, 1), (0, 1, 1, 2), (0, 1, 2, 3),
        (1, 2, 0, 3),  # the group row across the table
        (2, 3, 0, 1), (2, 3, 1, 2), (2, 4, 2, 3),  # column 3 merged down
        (3, 4, 0, 1), (3, 4, 1, 2),
    ]  # fmt: skip
    assert table.box[1] == ROWS_Y[0] and table.box[3] >= ROWS_Y[-1]


def test_a_page_without_rules_has_no_table() -> None:
    page = np.full((600, 1000), 255, dtype=np.uint8)
    page[100:130, 100:110] = 0
    page[200:203, 100:900] = 0  # a lone rule is a separator, not a table
    assert find_tables(page, DPI) == []
